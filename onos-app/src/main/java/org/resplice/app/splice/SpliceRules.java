package org.resplice.app.splice;

import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;
import org.onlab.packet.IpPrefix;
import org.onlab.packet.MacAddress;
import org.onlab.packet.TpPort;
import org.onosproject.core.ApplicationId;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.DefaultFlowRule;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.TrafficSelector;
import org.onosproject.net.flow.TrafficTreatment;
import org.onosproject.net.flow.criteria.Criteria;
import org.resplice.splicecore.adjust.TcpAdjustment;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The flow rules of one splice on one switch (DESIGN §4.1 step 3). Two splice rules each match one
 * direction exactly (in_port, addresses, ports), adjust sequence numbers at ingress, rewrite MACs,
 * addresses and ports, and output to the peer and to the logger; the close watchers above them copy
 * FINs to the controller and take a backend's RST away from the client.
 */
public final class SpliceRules {

    /** Above the fabric's mirror rules and the controller's punt rules. */
    public static final int PRIORITY = 50000;

    /** The close watchers sit just above the splice rules they shadow for a few packets. */
    public static final int WATCH_PRIORITY = PRIORITY + 1;

    /**
     * TCP flag sets of the segments that end a direction. ONOS's TCP_FLAGS criterion is exact, so
     * each set a Linux stack sends gets its own rule: a FIN alone, or riding on the last data.
     */
    static final int[] FIN_FLAGS = {0x011, 0x019}; // FIN|ACK, FIN|PSH|ACK
    /** A reset with and without ACK. */
    static final int[] RST_FLAGS = {0x004, 0x014};
    /** A client's SYN: a new connection from a port whose splice has not gone yet. */
    static final int SYN_FLAGS = 0x002;

    private SpliceRules() {
    }

    /** One end of a splice as the switch sees it. */
    public static final class End {
        final MacAddress mac;
        final int ip;
        final int port;
        final PortNumber switchPort;

        public End(MacAddress mac, int ip, int port, PortNumber switchPort) {
            this.mac = mac;
            this.ip = ip;
            this.port = port;
            this.switchPort = switchPort;
        }
    }

    /** client → backend: client C:cp→VIP:v becomes P:pp→B:b, acknowledgements move by -d. */
    public static FlowRule towardBackend(ApplicationId app, DeviceId device, End client, End vip, End proxy,
                                         End backend, int d, Optional<PortNumber> logger, int idleSeconds) {
        return rule(app, device, client, vip, proxy, backend, TcpAdjustment.towardBackend(d), logger, idleSeconds);
    }

    /** backend → client: B:b→P:pp becomes VIP:v→C:cp, sequence numbers move by +d. */
    public static FlowRule towardClient(ApplicationId app, DeviceId device, End backend, End proxy, End vip,
                                        End client, int d, int wscaleShift, Optional<PortNumber> logger,
                                        int idleSeconds) {
        return rule(app, device, backend, proxy, vip, client, TcpAdjustment.towardClient(d, wscaleShift), logger,
                idleSeconds);
    }

    /**
     * The rules that show the controller how a splice ends (DESIGN §4.1 step 3), above the two splice
     * rules and with no timeout (the splice rules' idle timeout ends them all): a FIN from either
     * side is copied to the controller and forwarded like any segment; a backend's RST goes to the
     * controller (and the logger) only, because a backend that resets signals a failure, not a close;
     * a client's SYN goes to the controller only: the client has reused its port for a new
     * connection, so the old one is over, and the SYN must not reach the old backend.
     * Their matches are narrower than the 5-tuple, so they carry no TCP_ADJUST: the splice rule's XDP
     * entry has adjusted the segment before Open vSwitch matches it.
     */
    public static List<FlowRule> closeWatchers(ApplicationId app, DeviceId device, End client, End vip, End proxy,
                                               End backend, Optional<PortNumber> logger) {
        List<FlowRule> rules = new ArrayList<>();
        for (int flags : FIN_FLAGS) {
            // The controller's copy comes first: it sees the segment as it came in.
            rules.add(watcher(app, device, client, vip, flags,
                    forward(DefaultTrafficTreatment.builder().setOutput(PortNumber.CONTROLLER), proxy, backend, logger)));
            rules.add(watcher(app, device, backend, proxy, flags,
                    forward(DefaultTrafficTreatment.builder().setOutput(PortNumber.CONTROLLER), vip, client, logger)));
        }
        for (int flags : RST_FLAGS) {
            // Rewritten as the client would have got it, so the logger reads it like the others.
            TrafficTreatment.Builder t = DefaultTrafficTreatment.builder().setOutput(PortNumber.CONTROLLER);
            logger.ifPresent(port -> rewriteTo(t, vip, client).setOutput(port));
            rules.add(watcher(app, device, backend, proxy, flags, t));
        }
        rules.add(watcher(app, device, client, vip, SYN_FLAGS,
                DefaultTrafficTreatment.builder().setOutput(PortNumber.CONTROLLER)));
        return rules;
    }

    /** Appends: rewrite to {@code newFrom → newTo}, output to {@code newTo}'s port and the logger's. */
    private static TrafficTreatment.Builder forward(TrafficTreatment.Builder t, End newFrom, End newTo,
                                                    Optional<PortNumber> logger) {
        rewriteTo(t, newFrom, newTo).setOutput(newTo.switchPort);
        logger.ifPresent(t::setOutput);
        return t;
    }

    private static TrafficTreatment.Builder rewriteTo(TrafficTreatment.Builder t, End newFrom, End newTo) {
        return t.setEthSrc(newFrom.mac).setEthDst(newTo.mac)
                .setIpSrc(org.onlab.packet.IpAddress.valueOf(newFrom.ip))
                .setIpDst(org.onlab.packet.IpAddress.valueOf(newTo.ip))
                .setTcpSrc(TpPort.tpPort(newFrom.port)).setTcpDst(TpPort.tpPort(newTo.port));
    }

    private static FlowRule watcher(ApplicationId app, DeviceId device, End from, End to, int flags,
                                    TrafficTreatment.Builder treatment) {
        return DefaultFlowRule.builder()
                .fromApp(app)
                .forDevice(device)
                .forTable(0)
                .withPriority(WATCH_PRIORITY)
                .withSelector(DefaultTrafficSelector.builder(match(from, to))
                        .add(Criteria.matchTcpFlags(flags))
                        .build())
                .withTreatment(treatment.build())
                .makePermanent()
                .build();
    }

    private static TrafficSelector match(End from, End to) {
        return DefaultTrafficSelector.builder()
                .matchInPort(from.switchPort)
                .matchEthType(Ethernet.TYPE_IPV4)
                .matchIPProtocol(IPv4.PROTOCOL_TCP)
                .matchIPSrc(IpPrefix.valueOf(from.ip, 32))
                .matchIPDst(IpPrefix.valueOf(to.ip, 32))
                .matchTcpSrc(TpPort.tpPort(from.port))
                .matchTcpDst(TpPort.tpPort(to.port))
                .build();
    }

    private static FlowRule rule(ApplicationId app, DeviceId device, End from, End to, End newFrom, End newTo,
                                 TcpAdjustment adjust, Optional<PortNumber> logger, int idleSeconds) {
        TrafficTreatment.Builder t = forward(DefaultTrafficTreatment.builder()
                .extension(new TcpAdjustTreatment(adjust), device), newFrom, newTo, logger);
        return DefaultFlowRule.builder()
                .fromApp(app)
                .forDevice(device)
                .forTable(0)
                .withPriority(PRIORITY)
                .withSelector(match(from, to))
                .withTreatment(t.build())
                .makeTemporary(idleSeconds)
                .build();
    }
}
