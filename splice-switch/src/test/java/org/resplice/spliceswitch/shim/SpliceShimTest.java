package org.resplice.spliceswitch.shim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowRemovedReason;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.U16;
import org.resplice.splicecore.adjust.TcpAdjustWire;
import org.resplice.splicecore.adjust.TcpAdjustment;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shim between a fake Open vSwitch and a fake controller, both plain sockets on loopback. */
class SpliceShimTest {

    private static final OFFactory OF = OFFactories.getFactory(OFVersion.OF_13);
    private static final TcpAdjustment ADJUST = TcpAdjustment.towardClient(0x10203040, 0);

    /** Every map change the shim made, and the order of events around them. */
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<AdjustTable.Op> applied = new CopyOnWriteArrayList<>();

    private ServerSocket controller;
    private SpliceShim shim;
    private Socket ovs;
    private Socket ctl;

    @BeforeEach
    void connect() throws Exception {
        controller = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        PortDirectory ports = new PortDirectory(name -> name.equals("s1-eth4") ? OptionalInt.of(44)
                : name.equals("s1-eth1") ? OptionalInt.of(41) : OptionalInt.empty());
        shim = new SpliceShim(new InetSocketAddress("127.0.0.1", 0),
                (InetSocketAddress) controller.getLocalSocketAddress(), ops -> {
                    applied.addAll(ops);
                    events.add("map:" + ops.size());
                }, ports);
        shim.start();
        ovs = new Socket("127.0.0.1", shim.localAddress().getPort());
        ovs.setSoTimeout(5000);
        controller.setSoTimeout(5000);
        ctl = controller.accept();
        ctl.setSoTimeout(5000);
        // The switch describes its ports (the controller asked during its handshake).
        List<OFPortDesc> descs = new ArrayList<>();
        descs.add(OF.buildPortDesc().setPortNo(OFPort.of(1)).setName("s1-eth1").build());
        descs.add(OF.buildPortDesc().setPortNo(OFPort.of(4)).setName("s1-eth4").build());
        send(ovs, OF.buildPortDescStatsReply().setXid(1).setEntries(descs).build());
        assertEquals(1, read(ctl)[4 + 3]);
    }

    @AfterEach
    void close() throws IOException {
        ovs.close();
        ctl.close();
        controller.close();
        shim.close();
    }

    private static void send(Socket s, OFMessage m) throws IOException {
        ByteBuf b = Unpooled.buffer();
        m.writeTo(b);
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        send(s, bytes);
    }

    private static void send(Socket s, byte[] bytes) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    private static byte[] read(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] head = new byte[8];
        in.readFully(head);
        byte[] m = new byte[OfWire.u16(head, 2)];
        System.arraycopy(head, 0, m, 0, 8);
        in.readFully(m, 8, m.length - 8);
        return m;
    }

    /** A test-side stand-in for the app's TCP_ADJUST action: writes the wire form. */
    private static final class Adjust implements org.projectfloodlight.openflow.protocol.action.OFActionExperimenter {
        @Override
        public org.projectfloodlight.openflow.protocol.OFActionType getType() {
            return org.projectfloodlight.openflow.protocol.OFActionType.EXPERIMENTER;
        }

        @Override
        public long getExperimenter() {
            return TcpAdjustWire.EXPERIMENTER;
        }

        @Override
        public OFVersion getVersion() {
            return OFVersion.OF_13;
        }

        @Override
        public void writeTo(ByteBuf bb) {
            bb.writeBytes(TcpAdjustWire.encode(ADJUST));
        }

        @Override
        public void putTo(com.google.common.hash.PrimitiveSink sink) {
            sink.putBytes(TcpAdjustWire.encode(ADJUST));
        }

        @Override
        public Builder createBuilder() {
            throw new UnsupportedOperationException();
        }
    }

    private static Match splice(boolean exact) {
        Match.Builder m = OF.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(4))
                .setExact(MatchField.ETH_TYPE, EthType.IPv4).setExact(MatchField.IP_PROTO, IpProtocol.TCP)
                .setExact(MatchField.IPV4_SRC, IPv4Address.of("10.0.0.11"))
                .setExact(MatchField.IPV4_DST, IPv4Address.of("10.0.0.200"))
                .setExact(MatchField.TCP_SRC, TransportPort.of(80));
        if (exact) {
            m.setExact(MatchField.TCP_DST, TransportPort.of(40000));
        }
        return m.build();
    }

    private static OFMessage flowAdd(long xid, Match match, boolean withAdjust) {
        List<OFAction> actions = new ArrayList<>();
        if (withAdjust) {
            actions.add(new Adjust());
        }
        actions.add(OF.actions().output(OFPort.of(1), 0));
        return OF.buildFlowAdd().setXid(xid).setPriority(50000).setMatch(match)
                .setInstructions(List.of(OF.instructions().applyActions(actions)))
                .setFlags(Collections.emptySet()).build();
    }

    @Test
    void takesTheActionOutAndProgramsTheMapBeforeTheBarrierGoesOn() throws Exception {
        OFMessage add = flowAdd(7, splice(true), true);
        send(ctl, add);
        send(ctl, OF.buildBarrierRequest().setXid(8).build());

        byte[] forwarded = read(ovs);
        assertEquals(14, forwarded[1]);
        assertEquals(List.of("map:1"), events, "the adjustment is in the map before OVS sees the flow");
        ByteBuf b = Unpooled.buffer();
        flowAdd(7, splice(true), false).writeTo(b);
        byte[] plain = new byte[b.readableBytes()];
        b.readBytes(plain);
        assertEquals(plain.length, forwarded.length, "exactly the 24-byte action is gone");
        assertEquals(1, OfWire.u16(forwarded, 44) & 1, "the shim asks OVS to report the flow's removal");
        forwarded[45] &= ~1;
        assertArrayEquals(plain, forwarded);

        byte[] barrier = read(ovs);
        assertEquals(20, barrier[1]);
        assertEquals(List.of("map:1"), events, "one batch for the flow and its barrier");
        AdjustTable.Op op = applied.get(0);
        assertEquals(44, op.ifindex);
        assertEquals(ADJUST, op.adjustment);
        assertEquals(new SpliceMatch(4, 0x0a00000b, 0x0a0000c8, 80, 40000), op.match);
        assertEquals(1, shim.adjustments());
    }

    @Test
    void refusesAnAdjustmentOnAnInexactMatch() throws Exception {
        send(ctl, flowAdd(9, splice(false), true));
        send(ctl, OF.buildEchoRequest().setXid(10).build());
        byte[] error = read(ctl);
        assertEquals(1, error[1]);
        assertEquals(9, OfWire.u32(error, 4));
        assertEquals(OfWire.ET_BAD_ACTION, OfWire.u16(error, 8));
        assertEquals(2, read(ovs)[1], "nothing of the refused flow reached OVS; the echo did");
        assertEquals(0, shim.adjustments());
    }

    @Test
    void flowRemovedDropsTheEntry() throws Exception {
        send(ctl, flowAdd(7, splice(true), true));
        send(ctl, OF.buildBarrierRequest().setXid(8).build());
        read(ovs);
        read(ovs);

        send(ovs, OF.buildFlowRemoved().setXid(0).setPriority(50000).setMatch(splice(true))
                .setReason(OFFlowRemovedReason.IDLE_TIMEOUT).build());
        assertEquals(11, read(ctl)[1]);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (applied.size() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(2, applied.size());
        assertTrue(!applied.get(1).isPut());
        assertEquals(0, shim.adjustments());
    }

    @Test
    void aNarrowerFlowOnTheSameConnectionLeavesTheEntryAlone() throws Exception {
        send(ctl, flowAdd(7, splice(true), true));
        send(ctl, OF.buildBarrierRequest().setXid(8).build());
        read(ovs);
        read(ovs);
        assertEquals(1, shim.adjustments());

        // The controller's copy-FIN-to-me flow: the same 5-tuple plus tcp_flags, no adjustment.
        Match finOnly = OF.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(4))
                .setExact(MatchField.ETH_TYPE, EthType.IPv4).setExact(MatchField.IP_PROTO, IpProtocol.TCP)
                .setExact(MatchField.IPV4_SRC, IPv4Address.of("10.0.0.11"))
                .setExact(MatchField.IPV4_DST, IPv4Address.of("10.0.0.200"))
                .setExact(MatchField.TCP_SRC, TransportPort.of(80))
                .setExact(MatchField.TCP_DST, TransportPort.of(40000))
                .setExact(MatchField.OVS_TCP_FLAGS, U16.of(0x011)).build();
        send(ctl, flowAdd(9, finOnly, false));
        send(ctl, OF.buildFlowDeleteStrict().setXid(10).setPriority(50001).setMatch(finOnly).build());
        send(ctl, OF.buildBarrierRequest().setXid(11).build());
        assertEquals(14, read(ovs)[1]);
        assertEquals(14, read(ovs)[1]);
        assertEquals(20, read(ovs)[1]);
        assertEquals(1, shim.adjustments(), "adding and deleting the FIN flow kept the connection's entry");
        assertEquals(1, applied.size());

        send(ctl, flowAdd(12, finOnly, true));
        send(ctl, OF.buildEchoRequest().setXid(13).build());
        byte[] error = read(ctl);
        assertEquals(1, error[1], "an adjustment on the narrower flow is refused: XDP would adjust every packet");
        assertEquals(12, OfWire.u32(error, 4));
        assertEquals(2, read(ovs)[1]);
    }

    @Test
    void aDeletedFlowsReportLeavesANewerEntryWithTheSameMatchAlone() throws Exception {
        send(ctl, flowAdd(7, splice(true), true));
        send(ctl, OF.buildBarrierRequest().setXid(8).build());
        read(ovs);
        read(ovs);
        // The controller deletes the flow and, before OVS's report of the delete comes back, adds a
        // new one with the same match (the client reused its port): the report must not touch it.
        send(ctl, OF.buildFlowDeleteStrict().setXid(9).setPriority(50000).setMatch(splice(true)).build());
        send(ctl, flowAdd(10, splice(true), true));
        send(ctl, OF.buildBarrierRequest().setXid(11).build());
        read(ovs);
        read(ovs);
        read(ovs);
        assertEquals(1, shim.adjustments());
        send(ovs, OF.buildFlowRemoved().setXid(0).setPriority(50000).setMatch(splice(true))
                .setReason(OFFlowRemovedReason.DELETE).build());
        assertEquals(11, read(ctl)[1], "the report still reaches the controller");
        send(ctl, OF.buildEchoRequest().setXid(12).build());
        assertEquals(2, read(ovs)[1]);
        assertEquals(1, shim.adjustments(), "the new flow keeps its entry");
        assertTrue(applied.stream().allMatch(op -> op.match.equals(applied.get(0).match)));
        assertTrue(applied.get(applied.size() - 1).isPut(), "the last map change is the new flow's put");
    }
}
