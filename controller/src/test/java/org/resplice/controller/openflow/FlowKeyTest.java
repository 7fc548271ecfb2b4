package org.resplice.controller.openflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.onlab.packet.IpPrefix;
import org.onlab.packet.TpPort;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.DefaultFlowRule;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowRule;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFFlowRemovedReason;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFOxmList;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.protocol.oxm.OFOxms;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.U64;

class FlowKeyTest {

    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    private static final OFOxms OXM = OF13.oxms();

    private static Match match(OFOxm<?>... oxms) {
        return OF13.buildMatchV3().setOxmList(OFOxmList.of(oxms)).build();
    }

    /** What a switch's flow stats report for an entry: match and instructions round-tripped through bytes. */
    private static OFFlowStatsEntry installed(int table, int priority, Match match, List<OFInstruction> instructions) {
        OFFlowStatsEntry entry = OF13.buildFlowStatsEntry().setTableId(TableId.of(table)).setPriority(priority)
                .setCookie(U64.of(1)).setMatch(match).setInstructions(instructions).build();
        ByteBuf buf = Unpooled.buffer();
        OF13.buildFlowStatsReply().setFlags(Set.of()).setEntries(List.of(entry)).build().writeTo(buf);
        try {
            return ((OFFlowStatsReply) OF13.getReader().readFrom(buf)).getEntries().get(0);
        } catch (OFParseError e) {
            throw new AssertionError(e);
        }
    }

    /** The bytes of a one-entry flow stats reply. */
    private static byte[] reply(int table, int priority, Match match) {
        OFFlowStatsEntry entry = OF13.buildFlowStatsEntry().setTableId(TableId.of(table)).setPriority(priority)
                .setCookie(U64.of(1)).setMatch(match).setInstructions(List.of()).build();
        ByteBuf buf = Unpooled.buffer();
        OF13.buildFlowStatsReply().setFlags(Set.of()).setEntries(List.of(entry)).build().writeTo(buf);
        return ByteBufUtil.getBytes(buf);
    }

    private static OFFlowStatsEntry parse(byte[] reply) throws Exception {
        return ((OFFlowStatsReply) OF13.getReader().readFrom(Unpooled.wrappedBuffer(reply))).getEntries().get(0);
    }

    private static byte[] bytes(OFOxm<?>... oxms) {
        ByteBuf buf = Unpooled.buffer();
        for (OFOxm<?> oxm : oxms) {
            oxm.writeTo(buf);
        }
        return ByteBufUtil.getBytes(buf);
    }

    @Test
    void matchOrderDoesNotMatter() throws Exception {
        OFOxm<?> inPort = OXM.inPort(OFPort.of(1));
        OFOxm<?> ethType = OXM.ethType(EthType.IPv4);
        OFOxm<?> proto = OXM.ipProto(IpProtocol.TCP);
        OFOxm<?> dst = OXM.tcpDst(TransportPort.of(80));
        byte[] forward = reply(0, 10, match(inPort, ethType, proto, dst));
        // ofp_multipart_reply header (16) + ofp_flow_stats fixed part (48) + ofp_match type and length (4):
        // the OXMs start at 68. Write them in the reverse order, as another switch might.
        int oxmStart = 68;
        byte[] inOrder = bytes(inPort, ethType, proto, dst);
        assertArrayEquals(inOrder, Arrays.copyOfRange(forward, oxmStart, oxmStart + inOrder.length));
        byte[] backward = forward.clone();
        byte[] reversed = bytes(dst, proto, ethType, inPort);
        System.arraycopy(reversed, 0, backward, oxmStart, reversed.length);
        assertFalse(Arrays.equals(forward, backward), "the two replies differ on the wire");

        FlowKey key = FlowKey.of(parse(forward));
        assertEquals(key, FlowKey.of(parse(backward)));
        assertEquals(key.hashCode(), FlowKey.of(parse(backward)).hashCode());
        assertEquals(key, FlowKey.of(OF13.buildFlowAdd().setTableId(TableId.ZERO).setPriority(10)
                .setMatch(match(dst, inPort, proto, ethType)).build()));

        List<OFInstruction> none = List.of();
        assertNotEquals(key, FlowKey.of(installed(0, 11, match(inPort, ethType, proto, dst), none)));
        assertNotEquals(key, FlowKey.of(installed(1, 10, match(inPort, ethType, proto, dst), none)));
        assertNotEquals(key, FlowKey.of(installed(0, 10, match(inPort, ethType, proto), none)));
    }

    @Test
    void translatedFlowModMatchesWhatTheSwitchReportsBack() {
        FlowRule rule = DefaultFlowRule.builder()
                .forDevice(DeviceId.deviceId("of:0000000000000001"))
                .fromApp(new DefaultApplicationId(1, "org.resplice.test"))
                .withPriority(500).forTable(0).makePermanent()
                .withSelector(DefaultTrafficSelector.builder()
                        .matchInPort(PortNumber.portNumber(1))
                        .matchEthType((short) 0x0800)
                        .matchIPProtocol((byte) 6)
                        .matchIPSrc(IpPrefix.valueOf("10.0.0.0/8"))
                        .matchTcpDst(TpPort.tpPort(80))
                        .build())
                .withTreatment(DefaultTrafficTreatment.builder()
                        .setOutput(PortNumber.CONTROLLER).setOutput(PortNumber.portNumber(2)).build())
                .build();
        OFFlowAdd add = FlowRuleTranslator.toFlowAdd(OF13, rule);

        // The switch echoes the same OXMs in its own order.
        Match echoed = match(OXM.tcpDst(TransportPort.of(80)),
                OXM.ipv4SrcMasked(IPv4Address.of("10.0.0.0"), IPv4Address.of("255.0.0.0")),
                OXM.ipProto(IpProtocol.TCP), OXM.ethType(EthType.IPv4), OXM.inPort(OFPort.of(1)));
        OFFlowStatsEntry entry = installed(0, 500, echoed, add.getInstructions());
        assertEquals(FlowKey.of(add), FlowKey.of(entry));
        assertTrue(FlowKey.sameInstructions(entry, add));

        List<OFInstruction> reordered = List.of(OF13.instructions().applyActions(List.of(
                OF13.actions().output(OFPort.of(2), 0),
                OF13.actions().output(OFPort.CONTROLLER, 0xffff))));
        assertFalse(FlowKey.sameInstructions(installed(0, 500, echoed, reordered), add),
                "instruction comparison is order-sensitive");
        assertFalse(FlowKey.sameInstructions(installed(0, 500, echoed, List.of()), add));
    }

    @Test
    void fullMasksAndWildcardsAreCanonical() {
        Match exact = match(OXM.ethType(EthType.IPv4), OXM.ipv4Src(IPv4Address.of("10.0.0.1")));
        Match fullMask = match(OXM.ethType(EthType.IPv4),
                OXM.ipv4SrcMasked(IPv4Address.of("10.0.0.1"), IPv4Address.NO_MASK));
        Match withWildcard = match(OXM.ethType(EthType.IPv4), OXM.ipv4Src(IPv4Address.of("10.0.0.1")),
                OXM.ipv4DstMasked(IPv4Address.of("0.0.0.0"), IPv4Address.FULL_MASK));
        FlowKey key = FlowKey.of(installed(0, 1, exact, List.of()));
        assertEquals(key, FlowKey.of(installed(0, 1, fullMask, List.of())));
        assertEquals(key, FlowKey.of(installed(0, 1, withWildcard, List.of())));
        assertEquals(2, key.match().size());
        assertEquals(0, key.tableId());
        assertEquals(1, key.priority());
    }

    @Test
    void flowRemovedAndDeleteOfAStatsEntryHaveTheEntrysKey() {
        Match m = match(OXM.inPort(OFPort.of(3)), OXM.ethType(EthType.IPv4));
        OFFlowStatsEntry entry = installed(2, 77, m, List.of());
        OFFlowRemoved removed = OF13.buildFlowRemoved().setTableId(TableId.of(2)).setPriority(77).setMatch(m)
                .setCookie(U64.of(1)).setReason(OFFlowRemovedReason.IDLE_TIMEOUT).build();
        assertEquals(FlowKey.of(entry), FlowKey.of(removed));

        OFFlowDeleteStrict delete = FlowRuleTranslator.toFlowDeleteStrict(OF13, entry);
        assertEquals(FlowKey.of(entry), FlowKey.of(delete));
        assertEquals(OFPort.ANY, delete.getOutPort());
        assertEquals(U64.ZERO, delete.getCookieMask());
        assertEquals(List.of(), delete.getInstructions());
    }
}
