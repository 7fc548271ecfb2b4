package org.resplice.controller.openflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.resplice.controller.openflow.FakeSwitch.OF13;
import static org.resplice.controller.openflow.FakeSwitch.WAIT;
import static org.resplice.controller.openflow.RecordingListener.await;

import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.projectfloodlight.openflow.protocol.OFBarrierRequest;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFeaturesRequest;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowModFailedCode;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFFlowRemovedReason;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloFailedCode;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFSetConfig;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.errormsg.OFFlowModFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFHelloFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFErrorCauseData;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenFlowServerTest {

    private static final DatapathId DPID = DatapathId.of(0x00000000000000a1L);
    private static final List<OFPortDesc> PORTS = List.of(
            FakeSwitch.port(1, "s1-eth1"), FakeSwitch.port(2, "s1-eth2"), FakeSwitch.port(3, "s1-eth3"));

    private final RecordingListener listener = new RecordingListener();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private OpenFlowServer server;

    private OpenFlowServer start(OpenFlowServerConfig config) throws InterruptedException {
        server = new OpenFlowServer(new InetSocketAddress("127.0.0.1", 0), listener, config);
        server.start();
        return server;
    }

    private FakeSwitch fake() throws Exception {
        FakeSwitch f = new FakeSwitch(server.localAddress());
        toClose.add(f);
        return f;
    }

    /** A fake switch through the handshake, and the server's view of it. */
    private OpenFlowSwitch connect(FakeSwitch f, DatapathId dpid) throws Exception {
        f.handshake(dpid, PORTS);
        OpenFlowSwitch sw = await(listener.connected, "switchConnected");
        assertEquals(dpid, sw.dpid());
        return sw;
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static OFFlowAdd flowAdd(int port) {
        return OF13.buildFlowAdd()
                .setPriority(100)
                .setMatch(OF13.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(port)).build())
                .build();
    }

    @Test
    void handshakeAnnouncesSwitchWithDpidAndPorts() throws Exception {
        start(OpenFlowServerConfig.defaults());
        FakeSwitch f = fake();
        OFSetConfig setConfig = f.handshake(DPID, PORTS);
        assertEquals(0xffff, setConfig.getMissSendLen(), "miss_send_len = OFPCML_NO_BUFFER");

        OpenFlowSwitch sw = await(listener.connected, "switchConnected");
        assertEquals(DPID, sw.dpid());
        assertEquals(PORTS, sw.ports());
        assertTrue(sw.isConnected());
        assertEquals(f.localPort(), sw.remoteAddress().getPort());
        assertEquals(OFVersion.OF_13, sw.factory().getVersion());
        assertEquals(List.of(sw), List.copyOf(server.switches()));
        assertEquals(1, server.counters().handshakesCompleted());
        assertEquals(1, server.counters().connections());
    }

    @Test
    void negotiatesFromANewerHelloThatOffersOneThree() throws Exception {
        start(OpenFlowServerConfig.defaults());
        FakeSwitch f = fake();
        f.expect(OFHello.class);
        // An OpenFlow 1.5 HELLO (wire version 6) whose bitmap offers 1.3 and 1.5: written by hand.
        f.sendRaw(new byte[] {6, 0, 0, 16, 0, 0, 0, 9, /* elem */ 0, 1, 0, 8, 0, 0, 0, (byte) 0x50});
        f.expect(OFFeaturesRequest.class);
    }

    @Test
    void helloWithoutOneThreeFailsAndCloses() throws Exception {
        start(OpenFlowServerConfig.defaults());
        FakeSwitch f = fake();
        f.expect(OFHello.class);
        f.sendRaw(new byte[] {1, 0, 0, 8, 0, 0, 0, 5}); // OpenFlow 1.0 HELLO, no bitmap
        OFHelloFailedErrorMsg error = f.expect(OFHelloFailedErrorMsg.class);
        assertEquals(OFHelloFailedCode.INCOMPATIBLE, error.getCode());
        assertEquals(5, error.getXid());
        f.expectClosed(WAIT);
        assertEquals(1, server.counters().handshakeFailures());
        assertTrue(listener.connected.isEmpty());
    }

    @Test
    void echoRequestIsAnsweredWithSameXidAndData() throws Exception {
        start(OpenFlowServerConfig.defaults());
        FakeSwitch f = fake();
        connect(f, DPID);
        byte[] data = {9, 8, 7, 6, 5};
        f.send(OF13.buildEchoRequest().setXid(0x12345678L).setData(data).build());
        OFEchoReply reply = f.expect(OFEchoReply.class);
        assertEquals(0x12345678L, reply.getXid());
        assertArrayEquals(data, reply.getData());
        assertEquals(1, server.counters().echoRequests());
    }

    @Test
    void idleSwitchIsProbedAndDroppedAfterMissedEchoes() throws Exception {
        start(OpenFlowServerConfig.defaults().withEchoInterval(Duration.ofMillis(150)).withMaxMissedEchoes(2));
        FakeSwitch f = fake();
        connect(f, DPID);
        f.answerEchoes = false;
        f.expect(OFEchoRequest.class);
        f.expectClosed(WAIT);
        OpenFlowSwitch gone = await(listener.disconnected, "switchDisconnected");
        assertEquals(DPID, gone.dpid());
        assertFalse(gone.isConnected());
        assertEquals(1, server.counters().echoTimeouts());
        assertTrue(server.switches().isEmpty());
    }

    @Test
    void answeredProbesKeepTheSwitchConnected() throws Exception {
        // Unanswered, the switch would be dropped at the third idle interval; it gets to answer five probes.
        start(OpenFlowServerConfig.defaults().withEchoInterval(Duration.ofMillis(250)).withMaxMissedEchoes(2));
        FakeSwitch f = fake();
        OpenFlowSwitch sw = connect(f, DPID);
        for (int i = 0; i < 5; i++) {
            OFEchoRequest probe = f.expect(OFEchoRequest.class);
            f.send(OF13.buildEchoReply().setXid(probe.getXid()).setData(probe.getData()).build());
        }
        assertTrue(sw.isConnected());
        assertEquals(0, server.counters().echoTimeouts());
    }

    @Test
    void sendWithBarrierCompletesOnBarrierReply() throws Exception {
        start(OpenFlowServerConfig.defaults());
        FakeSwitch f = fake();
        OpenFlowSwitch sw = connect(f, DPID);
        OFFlowAdd a = flowAdd(1);
        OFFlowAdd b = flowAdd(2);
        CompletableFuture<Void> done = sw.sendWithBarrier(List.of(a, b));

        assertEquals(a, f.expect(OFFlowAdd.class));
        assertEquals(b, f.expect(OFFlowAdd.class));
        OFBarrierRequest barrier = f.expect(OFBarrierRequest.class);
        assertFalse(done.isDone());
        f.send(OF13.buildBarrierReply().setXid(barrier.getXid()).build());
        assertNull(done.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Test
    void sendWithBarrierFailsOnErrorForOneOfItsXids() throws Exception {
        start(OpenFlowServerConfig.defaults());
        FakeSwitch f = fake();
        OpenFlowSwitch sw = connect(f, DPID);
        OFFlowAdd a = flowAdd(1);
        OFFlowAdd b = flowAdd(2);
        CompletableFuture<Void> done = sw.sendWithBarrier(List.of(a, b));
        f.expect(OFFlowAdd.class);
        f.expect(OFFlowAdd.class);
        OFBarrierRequest barrier = f.expect(OFBarrierRequest.class);

        f.send(OF13.errorMsgs().buildFlowModFailedErrorMsg()
                .setXid(b.getXid())
                .setCode(OFFlowModFailedCode.TABLE_FULL)
                .setData(OFErrorCauseData.of(FakeSwitch.bytes(b), OF13.getVersion()))
                .build());
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> done.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        OpenFlowErrorException error = assertInstanceOf(OpenFlowErrorException.class, e.getCause());
        assertEquals(b.getXid(), error.error().getXid());
        assertEquals(OFFlowModFailedCode.TABLE_FULL, ((OFFlowModFailedErrorMsg) error.error()).getCode());

        // The barrier reply that follows changes nothing; the claimed error never reached the listener,
        // while an unrelated error does (and, arriving later, proves the first one was not delivered).
        f.send(OF13.buildBarrierReply().setXid(barrier.getXid()).build());
        f.send(OF13.errorMsgs().buildFlowModFailedErrorMsg().setXid(424242)
                .setCode(OFFlowModFailedCode.OVERLAP).setData(OFErrorCauseData.NONE).build());
        OFErrorMsg unclaimed = await(listener.errors, "errorReceived").msg();
        assertEquals(424242, unclaimed.getXid());
        assertTrue(done.isCompletedExceptionally());
    }

    @Test
    void sendWithBarrierTimesOut() throws Exception {
        start(OpenFlowServerConfig.defaults().withRequestTimeout(Duration.ofMillis(200)));
        FakeSwitch f = fake();
        OpenFlowSwitch sw = connect(f, DPID);
        CompletableFuture<Void> done = sw.sendWithBarrier(List.of(flowAdd(1)));
        f.expect(OFBarrierRequest.class);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> done.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertInstanceOf(TimeoutException.class, e.getCause());
        assertEquals(1, server.counters().requestTimeouts());
    }

    @Test
    void disconnectFailsPendingRequestsAndIsAnnounced() throws Exception {
        start(OpenFlowServerConfig.defaults());
        FakeSwitch f = fake();
        OpenFlowSwitch sw = connect(f, DPID);
        CompletableFuture<Void> barrier = sw.sendWithBarrier(List.of(flowAdd(1)));
        CompletableFuture<List<OFFlowStatsEntry>> stats = sw.flowStats();
        f.expect(OFFlowStatsRequest.class);
        f.close();

        assertSame(sw, await(listener.disconnected, "switchDisconnected"));
        for (CompletableFuture<?> future : List.of(barrier, stats)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            assertInstanceOf(ClosedChannelException.class, e.getCause());
        }
        assertFalse(sw.isConnected());
        assertTrue(server.switches().isEmpty());
        // After the disconnect, requests fail at once and sends are dropped without blocking.
        assertTrue(sw.sendWithBarrier(List.of()).isCompletedExceptionally());
        sw.send(flowAdd(3));
        assertEquals(1, server.counters().messagesDropped());
    }

    @Test
    void flowStatsFollowsReplyMore() throws Exception {
        start(OpenFlowServerConfig.defaults());
        FakeSwitch f = fake();
        OpenFlowSwitch sw = connect(f, DPID);
        CompletableFuture<List<OFFlowStatsEntry>> stats = sw.flowStats();
        OFFlowStatsRequest request = f.expect(OFFlowStatsRequest.class);
        assertEquals(TableId.ALL, request.getTableId());
        assertEquals(OFPort.ANY, request.getOutPort());

        List<OFFlowStatsEntry> entries = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            entries.add(OF13.buildFlowStatsEntry()
                    .setTableId(TableId.of(i % 2))
                    .setPriority(100 + i)
                    .setCookie(U64.of(i))
                    .setMatch(OF13.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(i)).build())
                    .setInstructions(List.of())
                    .build());
        }
        f.send(OF13.buildFlowStatsReply().setXid(request.getXid())
                .setFlags(EnumSet.of(OFStatsReplyFlags.REPLY_MORE)).setEntries(entries.subList(0, 2)).build());
        f.send(OF13.buildFlowStatsReply().setXid(request.getXid())
                .setFlags(EnumSet.of(OFStatsReplyFlags.REPLY_MORE)).setEntries(entries.subList(2, 4)).build());
        f.assertAlive(77); // the partial replies are in; the future must still wait for the last part
        assertFalse(stats.isDone());
        f.send(OF13.buildFlowStatsReply().setXid(request.getXid())
                .setFlags(Set.of()).setEntries(entries.subList(4, 5)).build());
        assertEquals(entries, stats.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Test
    void packetInFlowRemovedAndPortStatusReachTheListener() throws Exception {
        start(OpenFlowServerConfig.defaults());
        FakeSwitch f = fake();
        OpenFlowSwitch sw = connect(f, DPID);

        byte[] frame = new byte[1500];
        frame[12] = 0x08;
        OFPacketIn packetIn = OF13.buildPacketIn()
                .setBufferId(OFBufferId.NO_BUFFER)
                .setTotalLen(frame.length)
                .setReason(OFPacketInReason.ACTION)
                .setTableId(TableId.ZERO)
                .setCookie(U64.of(7))
                .setMatch(OF13.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(2)).build())
                .setData(frame)
                .build();
        f.send(packetIn);
        RecordingListener.Event<OFPacketIn> pi = await(listener.packetIns, "packetIn");
        assertSame(sw, pi.sw());
        assertEquals(packetIn, pi.msg());

        OFFlowRemoved removed = OF13.buildFlowRemoved()
                .setCookie(U64.of(99))
                .setPriority(10)
                .setReason(OFFlowRemovedReason.IDLE_TIMEOUT)
                .setTableId(TableId.of(1))
                .setIdleTimeout(30)
                .setMatch(OF13.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(1)).build())
                .build();
        f.send(removed);
        assertEquals(removed, await(listener.flowRemoved, "flowRemoved").msg());

        OFPortDesc added = FakeSwitch.port(4, "s1-eth4");
        f.send(OF13.buildPortStatus().setReason(OFPortReason.ADD).setDesc(added).build());
        assertEquals(OFPortReason.ADD, await(listener.ports, "portChanged").msg().getReason());
        assertEquals(List.of(PORTS.get(0), PORTS.get(1), PORTS.get(2), added), sw.ports());
        f.send(OF13.buildPortStatus().setReason(OFPortReason.DELETE).setDesc(PORTS.get(1)).build());
        OFPortStatus deleted = await(listener.ports, "portChanged").msg();
        assertEquals(OFPortReason.DELETE, deleted.getReason());
        assertEquals(List.of(PORTS.get(0), PORTS.get(2), added), sw.ports());

        assertEquals(1, server.counters().packetIns());
        assertEquals(1, server.counters().flowRemoved());
        assertEquals(2, server.counters().portStatus());
    }

    @Test
    void sendDeliversMessagesInOrder() throws Exception {
        start(OpenFlowServerConfig.defaults());
        FakeSwitch f = fake();
        OpenFlowSwitch sw = connect(f, DPID);
        OFFlowAdd a = flowAdd(1);
        OFFlowAdd b = flowAdd(2);
        OFFlowAdd c = flowAdd(3);
        sw.send(a);
        sw.send(List.<OFMessage>of(b, c));
        assertEquals(a, f.expect(OFFlowAdd.class));
        assertEquals(b, f.expect(OFFlowAdd.class));
        assertEquals(c, f.expect(OFFlowAdd.class));
    }

    @Test
    void secondConnectionOfSameDpidReplacesTheFirst() throws Exception {
        start(OpenFlowServerConfig.defaults());
        FakeSwitch first = fake();
        OpenFlowSwitch old = connect(first, DPID);
        assertEquals("connected " + DPID, await(listener.lifecycle, "lifecycle"));

        FakeSwitch second = fake();
        OpenFlowSwitch replacement = connect(second, DPID);
        assertEquals("disconnected " + DPID, await(listener.lifecycle, "lifecycle"));
        assertEquals("connected " + DPID, await(listener.lifecycle, "lifecycle"));
        assertSame(old, await(listener.disconnected, "switchDisconnected"));
        first.expectClosed(WAIT);

        assertFalse(old.isConnected());
        assertTrue(replacement.isConnected());
        assertEquals(List.of(replacement), List.copyOf(server.switches()));
        assertEquals(1, server.counters().replacedConnections());
        second.assertAlive(5);
        // The old connection's close is not announced a second time.
        second.close();
        assertEquals("disconnected " + DPID, await(listener.lifecycle, "lifecycle"));
        assertSame(replacement, await(listener.disconnected, "switchDisconnected"));
        assertTrue(listener.lifecycle.isEmpty());
    }

    @Test
    void handshakeTimesOutWhenTheSwitchStaysSilent() throws Exception {
        start(OpenFlowServerConfig.defaults().withHandshakeTimeout(Duration.ofMillis(300)));
        FakeSwitch f = fake();
        f.expect(OFHello.class);
        f.expectClosed(WAIT);
        assertEquals(1, server.counters().handshakeFailures());
        assertTrue(listener.connected.isEmpty());
    }

    @Test
    void closeDisconnectsEverySwitch() throws Exception {
        start(OpenFlowServerConfig.defaults());
        FakeSwitch a = fake();
        FakeSwitch b = fake();
        connect(a, DPID);
        connect(b, DatapathId.of(0xb2));
        assertEquals(2, server.switches().size());
        server.close();
        await(listener.disconnected, "switchDisconnected");
        await(listener.disconnected, "switchDisconnected");
        a.expectClosed(WAIT);
        b.expectClosed(WAIT);
        assertTrue(server.switches().isEmpty());
    }

    @Test
    void versionNegotiationRules() {
        // Without a bitmap: min(ours, theirs) must be 1.3. With one: bit 4 must be set.
        assertTrue(new PeerHello(4, 0, false, 0).accepts(4));
        assertTrue(new PeerHello(6, 0, false, 0).accepts(4));
        assertFalse(new PeerHello(1, 0, false, 0).accepts(4));
        assertTrue(new PeerHello(6, 0, true, 0x50).accepts(4));
        assertFalse(new PeerHello(4, 0, true, 0x40).accepts(4));
    }
}
