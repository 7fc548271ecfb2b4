package org.resplice.app.impl;

import org.onlab.packet.EthType;
import org.onlab.packet.IpAddress;
import org.onosproject.core.ApplicationId;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Host;
import org.onosproject.net.HostLocation;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.DefaultFlowRule;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.TrafficSelector;
import org.onosproject.net.flow.TrafficTreatment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The proactive rules of one switch, computed from configuration alone (no packet-in for known hosts).
 *
 * <p>Two tables. Table {@value #MIRROR_TABLE} copies every IPv4 packet from or to a backend port onto
 * the logger port and continues to table {@value #FORWARDING_TABLE}, which forwards by destination MAC.
 * Splice rules (later) sit in table 0 above the mirror rules and name the logger output themselves.
 * ARP never reaches these tables: the packet service punts it to the controller, which answers.
 */
public final class FabricRules {

    public static final int MIRROR_TABLE = 0;
    public static final int FORWARDING_TABLE = 1;

    static final int MIRROR_FROM_BACKEND_PRIORITY = 30000;
    static final int MIRROR_TO_BACKEND_PRIORITY = 29000;
    static final int TABLE_MISS_PRIORITY = 0;
    static final int FORWARD_PRIORITY = 10000;

    private FabricRules() {
    }

    /**
     * Rules for {@code device}.
     *
     * @param hosts    every known host; only those attached to {@code device} get rules here
     * @param backends backend addresses (pool members)
     * @param loggers  logger addresses; the first one attached to {@code device} receives the mirror
     */
    public static List<FlowRule> forDevice(ApplicationId appId, DeviceId device, Iterable<Host> hosts,
                                           Set<IpAddress> backends, Collection<IpAddress> loggers) {
        List<FlowRule> rules = new ArrayList<>();
        rules.add(rule(appId, device, MIRROR_TABLE, TABLE_MISS_PRIORITY,
                DefaultTrafficSelector.emptySelector(),
                DefaultTrafficTreatment.builder().transition(FORWARDING_TABLE).build()));

        Optional<PortNumber> loggerPort = Optional.empty();
        for (Host host : hosts) {
            if (loggers.stream().anyMatch(host.ipAddresses()::contains)) {
                Optional<HostLocation> at = locationOn(host, device);
                if (at.isPresent()) {
                    loggerPort = Optional.of(at.get().port());
                    break;
                }
            }
        }

        for (Host host : hosts) {
            Optional<HostLocation> at = locationOn(host, device);
            if (at.isEmpty()) {
                continue;
            }
            PortNumber port = at.get().port();
            rules.add(rule(appId, device, FORWARDING_TABLE, FORWARD_PRIORITY,
                    DefaultTrafficSelector.builder().matchEthDst(host.mac()).build(),
                    DefaultTrafficTreatment.builder().setOutput(port).build()));

            boolean backend = host.ipAddresses().stream().anyMatch(backends::contains);
            if (backend && loggerPort.isPresent()) {
                TrafficTreatment mirror = DefaultTrafficTreatment.builder()
                        .setOutput(loggerPort.get()).transition(FORWARDING_TABLE).build();
                rules.add(rule(appId, device, MIRROR_TABLE, MIRROR_FROM_BACKEND_PRIORITY,
                        DefaultTrafficSelector.builder().matchInPort(port)
                                .matchEthType(EthType.EtherType.IPV4.ethType().toShort()).build(),
                        mirror));
                rules.add(rule(appId, device, MIRROR_TABLE, MIRROR_TO_BACKEND_PRIORITY,
                        DefaultTrafficSelector.builder().matchEthDst(host.mac())
                                .matchEthType(EthType.EtherType.IPV4.ethType().toShort()).build(),
                        mirror));
            }
        }
        return rules;
    }

    private static Optional<HostLocation> locationOn(Host host, DeviceId device) {
        return host.locations().stream().filter(l -> l.deviceId().equals(device)).findFirst();
    }

    private static FlowRule rule(ApplicationId appId, DeviceId device, int table, int priority,
                                 TrafficSelector selector, TrafficTreatment treatment) {
        return DefaultFlowRule.builder()
                .fromApp(appId)
                .forDevice(device)
                .forTable(table)
                .withPriority(priority)
                .withSelector(selector)
                .withTreatment(treatment)
                .makePermanent()
                .build();
    }
}
