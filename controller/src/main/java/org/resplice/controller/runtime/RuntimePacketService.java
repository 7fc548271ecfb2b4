package org.resplice.controller.runtime;

import org.onlab.packet.DeserializationException;
import org.onlab.packet.Ethernet;
import org.onosproject.cluster.NodeId;
import org.onosproject.core.ApplicationId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.Device;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.device.DeviceEvent;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.flow.DefaultFlowRule;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleService;
import org.onosproject.net.flow.TrafficSelector;
import org.onosproject.net.packet.DefaultInboundPacket;
import org.onosproject.net.packet.DefaultOutboundPacket;
import org.onosproject.net.packet.DefaultPacketContext;
import org.onosproject.net.packet.DefaultPacketRequest;
import org.onosproject.net.packet.InboundPacket;
import org.onosproject.net.packet.OutboundPacket;
import org.onosproject.net.packet.PacketPriority;
import org.onosproject.net.packet.PacketProcessor;
import org.onosproject.net.packet.PacketProcessorEntry;
import org.onosproject.net.packet.PacketRequest;
import org.onosproject.net.packet.PacketService;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFPort;
import org.resplice.controller.openflow.FlowRuleTranslator;
import org.resplice.controller.openflow.OpenFlowSwitch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Packet-in to the app's processors and packet-out from the app, plus packet requests: a request
 * becomes a punt rule (output CONTROLLER, whole frame) in table 0 of every available switch.
 */
public final class RuntimePacketService implements PacketService {

    private static final Logger log = LoggerFactory.getLogger(RuntimePacketService.class);
    private static final NodeId LOCAL_NODE = NodeId.nodeId("embedded");

    private final Function<DeviceId, Optional<OpenFlowSwitch>> switches;
    private final FlowRuleService flowRules;
    private final DeviceService devices;
    private final List<Entry> processors = new CopyOnWriteArrayList<>();
    private final List<PacketRequest> requests = new CopyOnWriteArrayList<>();

    private final LongAdder packetsIn = new LongAdder();
    private final LongAdder packetsOut = new LongAdder();
    private final LongAdder unparsable = new LongAdder();
    private final LongAdder processorErrors = new LongAdder();
    private final AtomicBoolean processorErrorLogged = new AtomicBoolean();

    public RuntimePacketService(Function<DeviceId, Optional<OpenFlowSwitch>> switches, FlowRuleService flowRules,
                                DeviceService devices) {
        this.switches = switches;
        this.flowRules = flowRules;
        this.devices = devices;
        devices.addListener(event -> {
            if ((event.type() == DeviceEvent.Type.DEVICE_ADDED
                    || event.type() == DeviceEvent.Type.DEVICE_AVAILABILITY_CHANGED)
                    && devices.isAvailable(event.subject().id())) {
                for (PacketRequest r : requests) {
                    flowRules.applyFlowRules(puntRule(r, event.subject().id()));
                }
            }
        });
    }

    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("packetsIn", packetsIn.sum());
        c.put("packetsOut", packetsOut.sum());
        c.put("packetsUnparsable", unparsable.sum());
        c.put("processorErrors", processorErrors.sum());
        return c;
    }

    /** A packet-in from a switch, on the switch connection's thread. */
    public void packetIn(DeviceId device, OFPacketIn pi) {
        packetsIn.increment();
        OFPort inPort = pi.getMatch().get(MatchField.IN_PORT);
        byte[] data = pi.getData();
        Ethernet eth;
        try {
            eth = Ethernet.deserializer().deserialize(data, 0, data.length);
        } catch (DeserializationException | RuntimeException e) {
            unparsable.increment();
            log.debug("{}: unparsable packet-in: {}", device, e.toString());
            return;
        }
        InboundPacket in = new DefaultInboundPacket(
                new ConnectPoint(device, PortNumber.portNumber(inPort == null ? 0 : inPort.getPortNumber())),
                eth, ByteBuffer.wrap(data), Optional.of(pi.getCookie().getValue()));
        OutboundPacket out = new DefaultOutboundPacket(device, null, ByteBuffer.wrap(data));
        DefaultPacketContext context = new DefaultPacketContext(System.currentTimeMillis(), in, out, false) {
            @Override
            public void send() {
                if (!block()) {
                    emit(new DefaultOutboundPacket(device, treatmentBuilder().build(), ByteBuffer.wrap(data)));
                }
            }
        };
        for (Entry e : processors) {
            long start = System.nanoTime();
            try {
                e.processor.process(context);
            } catch (RuntimeException ex) {
                processorErrors.increment();
                if (processorErrorLogged.compareAndSet(false, true)) {
                    log.error("Packet processor {} failed (further failures are counted, not logged)",
                            e.processor, ex);
                }
            }
            e.invocations.increment();
            e.nanos.add(System.nanoTime() - start);
        }
    }

    @Override
    public void emit(OutboundPacket packet) {
        OpenFlowSwitch sw = switches.apply(packet.sendThrough()).orElseThrow(() ->
                new IllegalStateException(packet.sendThrough() + " is not connected; cannot send packet-out"));
        sw.send(FlowRuleTranslator.toPacketOut(sw.factory(), packet));
        packetsOut.increment();
    }

    @Override
    public synchronized void addProcessor(PacketProcessor processor, int priority) {
        processors.add(new Entry(processor, priority));
        List<Entry> sorted = new ArrayList<>(processors);
        sorted.sort(Comparator.comparingInt(e -> e.priority));
        processors.clear();
        processors.addAll(sorted);
    }

    @Override
    public void removeProcessor(PacketProcessor processor) {
        processors.removeIf(e -> e.processor == processor);
    }

    @Override
    public List<PacketProcessorEntry> getProcessors() {
        return List.copyOf(processors);
    }

    @Override
    public void requestPackets(TrafficSelector selector, PacketPriority priority, ApplicationId appId) {
        PacketRequest request = new DefaultPacketRequest(selector, priority, appId, LOCAL_NODE, Optional.empty());
        requests.add(request);
        for (Device d : devices.getAvailableDevices()) {
            flowRules.applyFlowRules(puntRule(request, d.id()));
        }
    }

    @Override
    public void cancelPackets(TrafficSelector selector, PacketPriority priority, ApplicationId appId) {
        PacketRequest request = new DefaultPacketRequest(selector, priority, appId, LOCAL_NODE, Optional.empty());
        if (requests.remove(request)) {
            for (Device d : devices.getAvailableDevices()) {
                flowRules.removeFlowRules(puntRule(request, d.id()));
            }
        }
    }

    @Override
    public void requestPackets(TrafficSelector selector, PacketPriority priority, ApplicationId appId,
                               Optional<DeviceId> deviceId) {
        if (deviceId.isPresent()) {
            throw RuntimeNetworkConfigRegistry.unsupported("requestPackets for one device");
        }
        requestPackets(selector, priority, appId);
    }

    @Override
    public void cancelPackets(TrafficSelector selector, PacketPriority priority, ApplicationId appId,
                              Optional<DeviceId> deviceId) {
        if (deviceId.isPresent()) {
            throw RuntimeNetworkConfigRegistry.unsupported("cancelPackets for one device");
        }
        cancelPackets(selector, priority, appId);
    }

    @Override
    public List<PacketRequest> getRequests() {
        return List.copyOf(requests);
    }

    private static FlowRule puntRule(PacketRequest request, DeviceId device) {
        return DefaultFlowRule.builder()
                .fromApp(request.appId())
                .forDevice(device)
                .forTable(0)
                .withPriority(request.priority().priorityValue())
                .withSelector(request.selector())
                .withTreatment(DefaultTrafficTreatment.builder().punt().build())
                .makePermanent()
                .build();
    }

    private static final class Entry implements PacketProcessorEntry {
        final PacketProcessor processor;
        final int priority;
        final LongAdder invocations = new LongAdder();
        final LongAdder nanos = new LongAdder();

        Entry(PacketProcessor processor, int priority) {
            this.processor = processor;
            this.priority = priority;
        }

        @Override
        public PacketProcessor processor() {
            return processor;
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public long invocations() {
            return invocations.sum();
        }

        @Override
        public long totalNanos() {
            return nanos.sum();
        }

        @Override
        public long averageNanos() {
            long n = invocations.sum();
            return n == 0 ? 0 : nanos.sum() / n;
        }
    }
}
