package org.resplice.app.impl;

import org.onlab.packet.Ethernet;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreService;
import org.onosproject.net.Device;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Host;
import org.onosproject.net.config.ConfigFactory;
import org.onosproject.net.config.NetworkConfigEvent;
import org.onosproject.net.config.NetworkConfigListener;
import org.onosproject.net.config.NetworkConfigRegistry;
import org.onosproject.net.config.basics.SubjectFactories;
import org.onosproject.net.device.DeviceEvent;
import org.onosproject.net.device.DeviceListener;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleOperations;
import org.onosproject.net.flow.FlowRuleOperationsContext;
import org.onosproject.net.flow.FlowRuleService;
import org.onosproject.net.flow.TrafficSelector;
import org.onosproject.net.host.HostEvent;
import org.onosproject.net.host.HostListener;
import org.onosproject.net.host.HostService;
import org.onosproject.net.packet.PacketPriority;
import org.onosproject.net.packet.PacketProcessor;
import org.onosproject.net.packet.PacketService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.resplice.app.api.FabricService;
import org.resplice.app.config.RespliceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import static org.onlab.util.Tools.groupedThreads;

/**
 * Keeps every available switch programmed with {@link FabricRules} and answers ARP.
 * All recomputation runs on one thread, so events from devices, hosts and configuration
 * never race each other; installs go through {@code FlowRuleService.apply} so a failure is seen.
 */
@Component(immediate = true, service = FabricService.class)
public class FabricManager implements FabricService {

    public static final String APP_NAME = "org.resplice.app";

    private final Logger log = LoggerFactory.getLogger(getClass());

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected CoreService coreService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected DeviceService deviceService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected FlowRuleService flowRuleService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected PacketService packetService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected HostService hostService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected NetworkConfigRegistry configRegistry;

    private final ConfigFactory<ApplicationId, RespliceConfig> configFactory =
            new ConfigFactory<>(SubjectFactories.APP_SUBJECT_FACTORY, RespliceConfig.class, RespliceConfig.KEY) {
                @Override
                public RespliceConfig createConfig() {
                    return new RespliceConfig();
                }
            };

    private final DeviceListener deviceListener = this::deviceEvent;
    private final HostListener hostListener = event -> refreshAll("host " + event.type());
    private final NetworkConfigListener configListener = this::configEvent;

    /** Rules this app currently wants on each device; the diff against them is what gets applied. */
    private final Map<DeviceId, List<FlowRule>> programmed = new ConcurrentHashMap<>();

    private final LongAdder batchesApplied = new LongAdder();
    private final LongAdder batchesFailed = new LongAdder();
    private final LongAdder rulesAdded = new LongAdder();
    private final LongAdder rulesRemoved = new LongAdder();
    private final LongAdder configErrors = new LongAdder();

    private ApplicationId appId;
    private ArpResponder arpResponder;
    private ExecutorService executor;

    @Activate
    protected void activate() {
        appId = coreService.registerApplication(APP_NAME);
        executor = Executors.newSingleThreadExecutor(groupedThreads("resplice/fabric", "refresh", log));
        configRegistry.registerConfigFactory(configFactory);
        arpResponder = new ArpResponder(packetService, this::resolve);
        packetService.addProcessor(arpResponder, PacketProcessor.director(1));
        packetService.requestPackets(arpSelector(), PacketPriority.CONTROL, appId);
        deviceService.addListener(deviceListener);
        hostService.addListener(hostListener);
        configRegistry.addListener(configListener);
        refreshAll("activation");
        log.info("Started {}", appId.name());
    }

    @Deactivate
    protected void deactivate() {
        configRegistry.removeListener(configListener);
        hostService.removeListener(hostListener);
        deviceService.removeListener(deviceListener);
        packetService.cancelPackets(arpSelector(), PacketPriority.CONTROL, appId);
        packetService.removeProcessor(arpResponder);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flowRuleService.removeFlowRulesById(appId);
        programmed.clear();
        configRegistry.unregisterConfigFactory(configFactory);
        log.info("Stopped");
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("arpRepliesSent", arpResponder.repliesSent.sum());
        c.put("arpUnknownTargets", arpResponder.unknownTargets.sum());
        c.put("arpOtherDropped", arpResponder.otherArp.sum());
        c.put("flowBatchesApplied", batchesApplied.sum());
        c.put("flowBatchesFailed", batchesFailed.sum());
        c.put("flowRulesAdded", rulesAdded.sum());
        c.put("flowRulesRemoved", rulesRemoved.sum());
        c.put("configErrors", configErrors.sum());
        c.put("flowRulesProgrammed", (long) programmed.values().stream().mapToInt(List::size).sum());
        return c;
    }

    private static TrafficSelector arpSelector() {
        return DefaultTrafficSelector.builder().matchEthType(Ethernet.TYPE_ARP).build();
    }

    private void deviceEvent(DeviceEvent event) {
        DeviceId id = event.subject().id();
        switch (event.type()) {
            case DEVICE_ADDED:
            case DEVICE_AVAILABILITY_CHANGED:
                executor.execute(() -> {
                    if (deviceService.isAvailable(id)) {
                        refresh(id);
                    } else {
                        // The switch keeps its rules (fail-secure); we resend them when it returns.
                        programmed.remove(id);
                    }
                });
                break;
            case DEVICE_REMOVED:
                executor.execute(() -> programmed.remove(id));
                break;
            default:
                break;
        }
    }

    private void configEvent(NetworkConfigEvent event) {
        if (event.configClass() == RespliceConfig.class
                || event.subject() instanceof org.onosproject.net.HostId) {
            refreshAll("config " + event.type());
        }
    }

    private void refreshAll(String why) {
        executor.execute(() -> {
            log.debug("Recomputing fabric rules: {}", why);
            for (Device device : deviceService.getAvailableDevices()) {
                refresh(device.id());
            }
        });
    }

    /** Must run on {@link #executor}. */
    private void refresh(DeviceId device) {
        RespliceConfig config = config().orElse(null);
        Set<IpAddress> backends = Collections.emptySet();
        List<IpAddress> loggers = Collections.emptyList();
        if (config != null) {
            try {
                backends = config.backends();
                loggers = config.loggers();
            } catch (RuntimeException e) {
                configErrors.increment();
                log.error("Ignoring invalid resplice config: {}", e.getMessage());
            }
        }
        List<FlowRule> desired = FabricRules.forDevice(appId, device, hostService.getHosts(), backends, loggers);
        List<FlowRule> current = programmed.getOrDefault(device, List.of());

        FlowRuleOperations.Builder ops = FlowRuleOperations.builder();
        int removes = 0;
        for (FlowRule old : current) {
            if (desired.stream().noneMatch(old::equals)) {
                ops.remove(old);
                removes++;
            }
        }
        if (removes > 0) {
            ops.newStage();
        }
        int adds = 0;
        for (FlowRule rule : desired) {
            if (current.stream().noneMatch(rule::exactMatch)) {
                ops.add(rule);
                adds++;
            }
        }
        if (adds == 0 && removes == 0) {
            return;
        }
        final int added = adds;
        final int removed = removes;
        programmed.put(device, new ArrayList<>(desired));
        flowRuleService.apply(ops.build(new FlowRuleOperationsContext() {
            @Override
            public void onSuccess(FlowRuleOperations o) {
                batchesApplied.increment();
                rulesAdded.add(added);
                rulesRemoved.add(removed);
                log.info("{}: {} rules added, {} removed", device, added, removed);
            }

            @Override
            public void onError(FlowRuleOperations o) {
                batchesFailed.increment();
                log.error("{}: installing fabric rules failed; they will be retried on the next change", device);
                executor.execute(() -> programmed.remove(device));
            }
        }));
    }

    private Optional<RespliceConfig> config() {
        return Optional.ofNullable(configRegistry.getConfig(appId, RespliceConfig.class));
    }

    /** The MAC the controller answers with for an IPv4 address, if it knows one. */
    private Optional<MacAddress> resolve(Ip4Address ip) {
        Optional<RespliceConfig> config = config();
        if (config.isPresent()) {
            try {
                for (RespliceConfig.Vip vip : config.get().vips()) {
                    if (vip.ip().equals(ip)) {
                        return Optional.of(vip.mac());
                    }
                }
                for (RespliceConfig.ProxyAddress proxy : config.get().proxyAddresses()) {
                    if (proxy.ip().equals(ip)) {
                        return Optional.of(proxy.mac());
                    }
                }
            } catch (RuntimeException e) {
                configErrors.increment();
                log.debug("Invalid resplice config while answering ARP: {}", e.getMessage());
            }
        }
        return hostService.getHostsByIp(ip).stream().map(Host::mac).findFirst();
    }
}
