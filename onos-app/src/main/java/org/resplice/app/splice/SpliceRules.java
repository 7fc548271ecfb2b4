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
import org.onosproject.net.flow.TrafficTreatment;
import org.resplice.splicecore.adjust.TcpAdjustment;

import java.util.Optional;

/**
 * The two flow rules of one splice on one switch (DESIGN §4.1 step 3): each matches one direction
 * exactly (in_port, addresses, ports), adjusts sequence numbers at ingress, rewrites MACs, addresses
 * and ports, and outputs to the peer and to the logger.
 */
public final class SpliceRules {

    /** Above the fabric's mirror rules and the controller's punt rules. */
    public static final int PRIORITY = 50000;

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

    private static FlowRule rule(ApplicationId app, DeviceId device, End from, End to, End newFrom, End newTo,
                                 TcpAdjustment adjust, Optional<PortNumber> logger, int idleSeconds) {
        TrafficTreatment.Builder t = DefaultTrafficTreatment.builder()
                .extension(new TcpAdjustTreatment(adjust), device)
                .setEthSrc(newFrom.mac).setEthDst(newTo.mac)
                .setIpSrc(org.onlab.packet.IpAddress.valueOf(newFrom.ip))
                .setIpDst(org.onlab.packet.IpAddress.valueOf(newTo.ip))
                .setTcpSrc(TpPort.tpPort(newFrom.port)).setTcpDst(TpPort.tpPort(newTo.port))
                .setOutput(newTo.switchPort);
        logger.ifPresent(t::setOutput);
        return DefaultFlowRule.builder()
                .fromApp(app)
                .forDevice(device)
                .forTable(0)
                .withPriority(PRIORITY)
                .withSelector(DefaultTrafficSelector.builder()
                        .matchInPort(from.switchPort)
                        .matchEthType(Ethernet.TYPE_IPV4)
                        .matchIPProtocol(IPv4.PROTOCOL_TCP)
                        .matchIPSrc(IpPrefix.valueOf(from.ip, 32))
                        .matchIPDst(IpPrefix.valueOf(to.ip, 32))
                        .matchTcpSrc(TpPort.tpPort(from.port))
                        .matchTcpDst(TpPort.tpPort(to.port))
                        .build())
                .withTreatment(t.build())
                .makeTemporary(idleSeconds)
                .build();
    }
}
