package org.resplice.controller.openflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.IpAddress;
import org.onlab.packet.IpPrefix;
import org.onlab.packet.TpPort;
import org.onlab.packet.VlanId;
import org.onosproject.net.flow.criteria.Criteria;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.core.GroupId;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.AbstractExtension;
import org.onosproject.net.flow.DefaultFlowRule;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.TrafficSelector;
import org.onosproject.net.flow.TrafficTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType;
import org.onosproject.net.packet.DefaultOutboundPacket;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFFlowModCommand;
import org.projectfloodlight.openflow.protocol.OFFlowModFlags;
import org.projectfloodlight.openflow.protocol.OFMatchV3;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.protocol.oxm.OFOxms;
import org.projectfloodlight.openflow.types.ArpOpcode;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.ICMPv4Type;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFVlanVidMatch;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.U16;
import org.projectfloodlight.openflow.types.U64;

class FlowRuleTranslatorTest {

    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    private static final OFOxms OXM = OF13.oxms();
    private static final ApplicationId APP = new DefaultApplicationId(7, "org.resplice.test");
    private static final DeviceId DEVICE = DeviceId.deviceId("of:00000000000000a1");
    private static final org.onlab.packet.MacAddress MAC_A = org.onlab.packet.MacAddress.valueOf("02:00:00:00:00:0a");
    private static final org.onlab.packet.MacAddress MAC_B = org.onlab.packet.MacAddress.valueOf("02:00:00:00:00:0b");

    private static FlowRule rule(TrafficSelector selector, TrafficTreatment treatment) {
        return DefaultFlowRule.builder()
                .forDevice(DEVICE)
                .fromApp(APP)
                .withSelector(selector)
                .withTreatment(treatment)
                .withPriority(1000)
                .forTable(3)
                .withHardTimeout(120)
                .makeTemporary(30) // after withHardTimeout, which sets the idle timeout too
                .build();
    }

    private static TrafficSelector selector(Consumer<TrafficSelector.Builder> spec) {
        TrafficSelector.Builder b = DefaultTrafficSelector.builder();
        spec.accept(b);
        return b.build();
    }

    private static TrafficTreatment treatment(Consumer<TrafficTreatment.Builder> spec) {
        TrafficTreatment.Builder b = DefaultTrafficTreatment.builder();
        spec.accept(b);
        return b.build();
    }

    private static Set<OFOxm<?>> oxms(Match match) {
        Set<OFOxm<?>> set = new HashSet<>();
        ((OFMatchV3) match).getOxmList().forEach(set::add);
        return set;
    }

    private Set<OFOxm<?>> translate(Consumer<TrafficSelector.Builder> spec) {
        return oxms(FlowRuleTranslator.toMatch(OF13, selector(spec)));
    }

    private List<OFAction> applied(Consumer<TrafficTreatment.Builder> spec) {
        List<OFInstruction> instructions = FlowRuleTranslator.toInstructions(OF13, treatment(spec));
        assertEquals(1, instructions.size(), "one APPLY_ACTIONS instruction: " + instructions);
        return ((OFInstructionApplyActions) instructions.get(0))
                .getActions();
    }

    private static OFActionOutput output(OFPort port, int maxLen) {
        return OF13.actions().buildOutput().setPort(port).setMaxLen(maxLen).build();
    }

    private static void assertRejected(Runnable r, String... mustMention) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        for (String word : mustMention) {
            assertTrue(e.getMessage().contains(word), "'" + e.getMessage() + "' should mention " + word);
        }
    }

    // ---- flow mods ----

    @Test
    void flowAddCarriesTheRuleFields() {
        FlowRule r = rule(selector(s -> s.matchInPort(PortNumber.portNumber(1))),
                treatment(t -> t.setOutput(PortNumber.portNumber(2))));
        OFFlowAdd add = FlowRuleTranslator.toFlowAdd(OF13, r);
        assertEquals(U64.of(r.id().value()), add.getCookie());
        assertEquals(1000, add.getPriority());
        assertEquals(TableId.of(3), add.getTableId());
        assertEquals(30, add.getIdleTimeout());
        assertEquals(120, add.getHardTimeout());
        assertEquals(Set.of(OFFlowModFlags.SEND_FLOW_REM), add.getFlags());
        assertEquals(OFBufferId.NO_BUFFER, add.getBufferId());
        assertEquals(Set.of(OXM.inPort(OFPort.of(1))), oxms(add.getMatch()));
        assertEquals(List.of(OF13.instructions().applyActions(List.of(output(OFPort.of(2), 0)))),
                add.getInstructions());
        assertTrue(add.getXid() != FlowRuleTranslator.toFlowAdd(OF13, r).getXid(), "every message gets a fresh xid");
    }

    @Test
    void permanentRuleHasNoTimeouts() {
        FlowRule r = DefaultFlowRule.builder().forDevice(DEVICE).fromApp(APP).withPriority(5).makePermanent()
                .withSelector(DefaultTrafficSelector.emptySelector())
                .withTreatment(DefaultTrafficTreatment.emptyTreatment()).build();
        OFFlowAdd add = FlowRuleTranslator.toFlowAdd(OF13, r);
        assertEquals(0, add.getIdleTimeout());
        assertEquals(0, add.getHardTimeout());
        assertEquals(TableId.ZERO, add.getTableId());
        assertEquals(Set.of(), oxms(add.getMatch()));
        assertEquals(List.of(), add.getInstructions(), "empty treatment = drop = no instructions");
    }

    @Test
    void flowDeleteStrictIdentifiesTheSameEntry() {
        FlowRule r = rule(selector(s -> s.matchEthType((short) 0x0800).matchIPDst(IpPrefix.valueOf("10.0.0.1/32"))),
                treatment(t -> t.setOutput(PortNumber.portNumber(2))));
        OFFlowAdd add = FlowRuleTranslator.toFlowAdd(OF13, r);
        OFFlowDeleteStrict del = FlowRuleTranslator.toFlowDeleteStrict(OF13, r);
        assertEquals(OFFlowModCommand.DELETE_STRICT, del.getCommand());
        assertEquals(add.getTableId(), del.getTableId());
        assertEquals(add.getPriority(), del.getPriority());
        assertEquals(add.getMatch(), del.getMatch());
        assertEquals(add.getCookie(), del.getCookie());
        assertEquals(U64.ZERO, del.getCookieMask());
        assertEquals(OFPort.ANY, del.getOutPort());
        assertEquals(OFGroup.ANY, del.getOutGroup());
        assertEquals(List.of(), del.getInstructions());
        assertEquals(FlowKey.of(add), FlowKey.of(del));
    }

    // ---- criteria ----

    @Test
    void eachSupportedCriterion() {
        assertEquals(Set.of(OXM.inPort(OFPort.of(7))), translate(s -> s.matchInPort(PortNumber.portNumber(7))));
        assertEquals(Set.of(OXM.inPort(OFPort.LOCAL)), translate(s -> s.matchInPort(PortNumber.LOCAL)));
        assertEquals(Set.of(OXM.ethType(EthType.IPv4)), translate(s -> s.matchEthType((short) 0x0800)));
        assertEquals(Set.of(OXM.ethType(EthType.of(0x88cc))), translate(s -> s.matchEthType((short) 0x88cc)));
        assertEquals(Set.of(OXM.ethSrc(MacAddress.of("02:00:00:00:00:0a"))), translate(s -> s.matchEthSrc(MAC_A)));
        assertEquals(Set.of(OXM.ethDst(MacAddress.of("02:00:00:00:00:0b"))), translate(s -> s.matchEthDst(MAC_B)));
        assertEquals(Set.of(OXM.vlanVid(OFVlanVidMatch.ofVlan(100))),
                translate(s -> s.matchVlanId(VlanId.vlanId((short) 100))));
        assertEquals(Set.of(OXM.vlanVid(OFVlanVidMatch.NONE)), translate(s -> s.matchVlanId(VlanId.NONE)));
        assertEquals(Set.of(OXM.vlanVidMasked(OFVlanVidMatch.PRESENT, OFVlanVidMatch.PRESENT)),
                translate(s -> s.matchVlanId(VlanId.ANY)));

        OFOxm<?> ipv4 = OXM.ethType(EthType.IPv4);
        assertEquals(Set.of(ipv4, OXM.ipProto(IpProtocol.TCP)),
                translate(s -> s.matchEthType((short) 0x0800).matchIPProtocol((byte) 6)));
        assertEquals(Set.of(ipv4, OXM.ipv4Src(IPv4Address.of("10.0.0.1"))),
                translate(s -> s.matchEthType((short) 0x0800).matchIPSrc(IpPrefix.valueOf("10.0.0.1/32"))));
        assertEquals(Set.of(ipv4, OXM.ipv4DstMasked(IPv4Address.of("10.1.0.0"), IPv4Address.of("255.255.0.0"))),
                translate(s -> s.matchEthType((short) 0x0800).matchIPDst(IpPrefix.valueOf("10.1.0.0/16"))));
        assertEquals(Set.of(ipv4, OXM.ipv4SrcMasked(IPv4Address.of("192.168.4.0"), IPv4Address.of("255.255.254.0"))),
                translate(s -> s.matchEthType((short) 0x0800).matchIPSrc(IpPrefix.valueOf("192.168.5.77/23"))));
        assertEquals(Set.of(ipv4), translate(s -> s.matchEthType((short) 0x0800).matchIPSrc(IpPrefix.valueOf("0.0.0.0/0"))),
                "a /0 prefix matches everything: no OXM");

        OFOxm<?> tcp = OXM.ipProto(IpProtocol.TCP);
        OFOxm<?> udp = OXM.ipProto(IpProtocol.UDP);
        assertEquals(Set.of(ipv4, tcp, OXM.tcpSrc(TransportPort.of(40000)), OXM.tcpDst(TransportPort.of(80))),
                translate(s -> s.matchEthType((short) 0x0800).matchIPProtocol((byte) 6)
                        .matchTcpSrc(TpPort.tpPort(40000))
                        .matchTcpDst(TpPort.tpPort(80))));
        assertEquals(Set.of(ipv4, udp, OXM.udpSrc(TransportPort.of(5353)), OXM.udpDst(TransportPort.of(53))),
                translate(s -> s.matchEthType((short) 0x0800).matchIPProtocol((byte) 17)
                        .matchUdpSrc(TpPort.tpPort(5353))
                        .matchUdpDst(TpPort.tpPort(53))));

        assertEquals(Set.of(ipv4, tcp, OXM.ovsTcpFlags(U16.of(0x011))),
                translate(s -> s.matchEthType((short) 0x0800).matchIPProtocol((byte) 6)
                        .add(Criteria.matchTcpFlags(0x011))), "FIN|ACK, exactly, as Open vSwitch's tcp_flags");

        OFOxm<?> arp = OXM.ethType(EthType.ARP);
        assertEquals(Set.of(arp, OXM.arpOp(ArpOpcode.REQUEST), OXM.arpSpa(IPv4Address.of("10.0.0.1")),
                        OXM.arpTpa(IPv4Address.of("10.0.0.100"))),
                translate(s -> s.matchEthType((short) 0x0806).matchArpOp(1)
                        .matchArpSpa(Ip4Address.valueOf("10.0.0.1")).matchArpTpa(Ip4Address.valueOf("10.0.0.100"))));

        assertEquals(Set.of(ipv4, OXM.ipProto(IpProtocol.ICMP), OXM.icmpv4Type(ICMPv4Type.of((short) 8))),
                translate(s -> s.matchEthType((short) 0x0800).matchIPProtocol((byte) 1).matchIcmpType((byte) 8)));
    }

    @Test
    void missingPrerequisiteIsRejected() {
        assertRejected(() -> FlowRuleTranslator.toMatch(OF13, selector(s -> s.matchIPSrc(IpPrefix.valueOf("10.0.0.1/32")))),
                "IPV4_SRC", "ETH_TYPE");
        assertRejected(() -> FlowRuleTranslator.toMatch(OF13, selector(s -> s.matchEthType((short) 0x0800)
                .matchTcpDst(TpPort.tpPort(80)))), "TCP_DST", "IP_PROTO");
        assertRejected(() -> FlowRuleTranslator.toMatch(OF13, selector(s -> s.matchEthType((short) 0x0800).matchIPProtocol((byte) 17)
                .matchTcpDst(TpPort.tpPort(80)))), "TCP_DST");
        assertRejected(() -> FlowRuleTranslator.toMatch(OF13, selector(s -> s.matchArpOp(1))), "ARP_OP", "ETH_TYPE");
        assertRejected(() -> FlowRuleTranslator.toMatch(OF13, selector(s -> s.matchEthType((short) 0x0800)
                .add(Criteria.matchTcpFlags(0x004)))), "TCP_FLAGS", "IP_PROTO");
    }

    @Test
    void unsupportedCriterionIsRejectedByName() {
        assertRejected(() -> FlowRuleTranslator.toMatch(OF13, selector(s -> s.matchEthType((short) 0x86dd)
                .matchIPv6Src(IpPrefix.valueOf("2001:db8::1/128")))), "IPV6_SRC");
        assertRejected(() -> FlowRuleTranslator.toMatch(OF13, selector(s -> s.matchEthSrcMasked(MAC_A, MAC_B))), "ETH_SRC_MASKED");
        assertRejected(() -> FlowRuleTranslator.toMatch(OF13, selector(s -> s.matchMetadata(5))), "METADATA");
        assertRejected(() -> FlowRuleTranslator.toFlowAdd(OF13, rule(selector(s -> s.matchVlanPcp((byte) 3)),
                DefaultTrafficTreatment.emptyTreatment())), "VLAN_PCP");
    }

    // ---- instructions ----

    @Test
    void outputToEachKindOfPort() {
        assertEquals(List.of(output(OFPort.of(3), 0)), applied(t -> t.setOutput(PortNumber.portNumber(3))));
        assertEquals(List.of(output(OFPort.CONTROLLER, 0xffff)), applied(t -> t.setOutput(PortNumber.CONTROLLER)),
                "punt the whole frame: max_len = OFPCML_NO_BUFFER");
        assertEquals(List.of(output(OFPort.FLOOD, 0)), applied(t -> t.setOutput(PortNumber.FLOOD)));
        assertEquals(List.of(output(OFPort.ALL, 0)), applied(t -> t.setOutput(PortNumber.ALL)));
        assertEquals(List.of(output(OFPort.IN_PORT, 0)), applied(t -> t.setOutput(PortNumber.IN_PORT)));
        assertEquals(List.of(output(OFPort.LOCAL, 0)), applied(t -> t.setOutput(PortNumber.LOCAL)));
        assertRejected(() -> FlowRuleTranslator.toInstructions(OF13, treatment(t -> t.setOutput(PortNumber.ANY))), "OUTPUT");
        assertRejected(() -> FlowRuleTranslator.toInstructions(OF13, treatment(t -> t.setOutput(PortNumber.TABLE))), "OUTPUT");
    }

    @Test
    void setFieldsKeepTheirOrderBeforeTheOutputs() {
        List<OFAction> actions = applied(t -> t
                .setEthSrc(MAC_A).setEthDst(MAC_B)
                .setIpSrc(IpAddress.valueOf("10.0.0.100")).setIpDst(IpAddress.valueOf("10.0.1.5"))
                .setTcpSrc(TpPort.tpPort(33000)).setTcpDst(TpPort.tpPort(8080))
                .setOutput(PortNumber.portNumber(2))
                .setOutput(PortNumber.portNumber(9)));
        assertEquals(List.of(
                OF13.actions().setField(OXM.ethSrc(MacAddress.of("02:00:00:00:00:0a"))),
                OF13.actions().setField(OXM.ethDst(MacAddress.of("02:00:00:00:00:0b"))),
                OF13.actions().setField(OXM.ipv4Src(IPv4Address.of("10.0.0.100"))),
                OF13.actions().setField(OXM.ipv4Dst(IPv4Address.of("10.0.1.5"))),
                OF13.actions().setField(OXM.tcpSrc(TransportPort.of(33000))),
                OF13.actions().setField(OXM.tcpDst(TransportPort.of(8080))),
                output(OFPort.of(2), 0),
                output(OFPort.of(9), 0)), actions);

        assertEquals(List.of(OF13.actions().setField(OXM.udpSrc(TransportPort.of(1))),
                        OF13.actions().setField(OXM.udpDst(TransportPort.of(2)))),
                applied(t -> t.setUdpSrc(TpPort.tpPort(1)).setUdpDst(TpPort.tpPort(2))));
    }

    @Test
    void tableTransitionFollowsApplyActions() {
        assertEquals(List.of(OF13.instructions().applyActions(List.of(output(OFPort.of(1), 0))),
                        OF13.instructions().gotoTable(TableId.of(4))),
                FlowRuleTranslator.toInstructions(OF13, treatment(t -> t.setOutput(PortNumber.portNumber(1)).transition(4))));
        assertEquals(List.of(OF13.instructions().gotoTable(TableId.of(1))),
                FlowRuleTranslator.toInstructions(OF13, treatment(t -> t.transition(1))));
    }

    @Test
    void emptyTreatmentAndDropMeanNoInstructions() {
        assertEquals(List.of(), FlowRuleTranslator.toInstructions(OF13, DefaultTrafficTreatment.emptyTreatment()));
        assertEquals(List.of(), FlowRuleTranslator.toInstructions(OF13, treatment(TrafficTreatment.Builder::drop)));
        assertEquals(List.of(), FlowRuleTranslator.toInstructions(OF13, null));
    }

    @Test
    void deferredAndClearedDeferredAreRejected() {
        assertRejected(() -> FlowRuleTranslator.toInstructions(OF13, treatment(t -> t.deferred().setOutput(PortNumber.portNumber(1)))),
                "deferred");
        assertRejected(() -> FlowRuleTranslator.toInstructions(OF13, treatment(t -> t.setOutput(PortNumber.portNumber(1)).wipeDeferred())),
                "clear-deferred");
    }

    @Test
    void unsupportedInstructionIsRejectedByName() {
        assertRejected(() -> FlowRuleTranslator.toInstructions(OF13, treatment(t -> t.setVlanId(VlanId.vlanId((short) 5)))),
                "L2MODIFICATION", "VLAN_ID");
        assertRejected(() -> FlowRuleTranslator.toInstructions(OF13, treatment(t -> t.group(GroupId.valueOf(1)))), "GROUP");
        assertRejected(() -> FlowRuleTranslator.toInstructions(OF13, treatment(t -> t.setIpSrc(IpAddress.valueOf("2001:db8::1")))),
                "L3MODIFICATION", "IPv4");
        assertRejected(() -> FlowRuleTranslator.toInstructions(OF13, treatment(t -> t.writeMetadata(1, 1))), "METADATA");
        assertRejected(() -> FlowRuleTranslator.toInstructions(OF13, treatment(t -> t.extension(new TestExtension(), DEVICE))),
                "EXTENSION");
    }

    @Test
    void extensionIsEncodedByThePluggedEncoder() {
        OFAction marker = OF13.actions().output(OFPort.of(42), 0);
        ExtensionActionEncoder codec = (ext, factory) -> {
            assertTrue(ext instanceof TestExtension);
            assertSame(OF13, factory);
            return marker;
        };
        TrafficTreatment withExtension = treatment(t -> t.extension(new TestExtension(), DEVICE)
                .setOutput(PortNumber.portNumber(1)));
        assertEquals(List.of(OF13.instructions().applyActions(List.of(marker, output(OFPort.of(1), 0)))),
                FlowRuleTranslator.toInstructions(OF13, withExtension, codec));
        FlowRule rule = rule(DefaultTrafficSelector.emptySelector(), withExtension);
        assertEquals(FlowRuleTranslator.toInstructions(OF13, withExtension, codec),
                FlowRuleTranslator.toFlowAdd(OF13, rule, codec).getInstructions());
        assertRejected(() -> FlowRuleTranslator.toFlowAdd(OF13, rule), "EXTENSION");
    }

    @Test
    void onlyAnOpenFlow13FactoryIsAccepted() {
        assertRejected(() -> FlowRuleTranslator.toMatch(OFFactories.getFactory(OFVersion.OF_10),
                DefaultTrafficSelector.emptySelector()), "1.3");
    }

    // ---- packet out ----

    @Test
    void packetOutCarriesTheWholeFrameAndTheActions() {
        byte[] frame = new byte[1514];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) i;
        }
        ByteBuffer data = ByteBuffer.wrap(frame);
        OFPacketOut out = FlowRuleTranslator.toPacketOut(OF13, new DefaultOutboundPacket(DEVICE,
                treatment(t -> t.setEthDst(MAC_B).setOutput(PortNumber.portNumber(4))), data));
        assertEquals(OFBufferId.NO_BUFFER, out.getBufferId());
        assertEquals(OFPort.CONTROLLER, out.getInPort());
        assertEquals(List.of(OF13.actions().setField(OXM.ethDst(MacAddress.of("02:00:00:00:00:0b"))),
                output(OFPort.of(4), 0)), out.getActions());
        assertArrayEquals(frame, out.getData());
        assertEquals(0, data.position(), "the packet's buffer is left untouched");

        OFPacketOut fromPort = FlowRuleTranslator.toPacketOut(OF13, new DefaultOutboundPacket(DEVICE,
                treatment(t -> t.setOutput(PortNumber.TABLE)), ByteBuffer.wrap(frame), PortNumber.portNumber(3)));
        assertEquals(OFPort.of(3), fromPort.getInPort());
        assertEquals(List.of(output(OFPort.TABLE, 0)), fromPort.getActions());

        assertRejected(() -> FlowRuleTranslator.toPacketOut(OF13, new DefaultOutboundPacket(DEVICE,
                treatment(t -> t.deferred().setOutput(PortNumber.portNumber(1))), ByteBuffer.wrap(frame))), "deferred");
    }

    /** A stand-in for the resplice TCP-adjust extension. */
    static final class TestExtension extends AbstractExtension implements ExtensionTreatment {
        @Override
        public ExtensionTreatmentType type() {
            return new ExtensionTreatmentType(4242);
        }

        @Override
        public byte[] serialize() {
            return new byte[0];
        }

        @Override
        public void deserialize(byte[] data) {
        }
    }
}
