package org.resplice.controller.openflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.resplice.controller.openflow.FakeSwitch.OF13;
import static org.resplice.controller.openflow.FakeSwitch.WAIT;
import static org.resplice.controller.openflow.RecordingListener.await;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.projectfloodlight.openflow.protocol.OFBadRequestCode;
import org.projectfloodlight.openflow.protocol.OFFlowRemovedReason;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.errormsg.OFBadRequestErrorMsg;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFErrorCauseData;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * Malformed input from one switch costs exactly the bad message: it is answered with an
 * OFPT_ERROR (BAD_REQUEST) carrying its first 64 bytes, counted, and the connection goes on —
 * except a length field below 8, after which the stream cannot be resynchronised. Another switch
 * connected meanwhile never notices.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenFlowMalformedInputTest {

    private static final DatapathId DPID_A = DatapathId.of(0xa);
    private static final DatapathId DPID_B = DatapathId.of(0xb);
    private static final List<OFPortDesc> PORTS = List.of(FakeSwitch.port(1, "eth1"), FakeSwitch.port(2, "eth2"));

    private final RecordingListener listener = new RecordingListener();
    private OpenFlowServer server;
    private FakeSwitch a;
    private FakeSwitch b;
    private OpenFlowSwitch swA;
    private OpenFlowSwitch swB;

    @BeforeEach
    void setUp() throws Exception {
        server = new OpenFlowServer(new InetSocketAddress("127.0.0.1", 0), listener);
        server.start();
        a = new FakeSwitch(server.localAddress());
        a.handshake(DPID_A, PORTS);
        swA = await(listener.connected, "switchConnected A");
        b = new FakeSwitch(server.localAddress());
        b.handshake(DPID_B, PORTS);
        swB = await(listener.connected, "switchConnected B");
        assertEquals(DPID_A, swA.dpid());
        assertEquals(DPID_B, swB.dpid());
    }

    @AfterEach
    void tearDown() throws Exception {
        a.close();
        b.close();
        server.close();
    }

    private static OFPacketIn packetIn(int inPort) {
        return OF13.buildPacketIn()
                .setBufferId(OFBufferId.NO_BUFFER)
                .setTotalLen(60)
                .setReason(OFPacketInReason.NO_MATCH)
                .setTableId(TableId.ZERO)
                .setCookie(U64.ZERO)
                .setMatch(OF13.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(inPort)).build())
                .setData(new byte[60])
                .build();
    }

    private static byte[] withLength(byte[] msg, int length) {
        byte[] copy = Arrays.copyOf(msg, length);
        copy[2] = (byte) (length >>> 8);
        copy[3] = (byte) length;
        return copy;
    }

    private static long xidOf(byte[] msg) {
        return ((msg[4] & 0xffL) << 24) | ((msg[5] & 0xff) << 16) | ((msg[6] & 0xff) << 8) | (msg[7] & 0xff);
    }

    /** Sends {@code bad}, expects the error for it, and checks the counter. */
    private void expectRejected(FakeSwitch f, byte[] bad, OFBadRequestCode code) throws Exception {
        long before = server.counters().malformedMessages();
        f.sendRaw(bad);
        assertErrorFor(f, bad, code);
        assertEquals(before + 1, server.counters().malformedMessages());
    }

    private static void assertErrorFor(FakeSwitch f, byte[] bad, OFBadRequestCode code) throws Exception {
        OFBadRequestErrorMsg error = f.expect(OFBadRequestErrorMsg.class);
        assertEquals(code, error.getCode(), () -> "error code for " + OpenFlowErrorException.describe(error));
        assertEquals(xidOf(bad), error.getXid());
        assertArrayEquals(Arrays.copyOf(bad, Math.min(bad.length, 64)), error.getData().getData());
    }

    /** Both connections still fully served: echo round trips and packet-ins reach the listener. */
    private void assertBothServed(long xid) throws Exception {
        a.assertAlive(xid);
        b.assertAlive(xid);
        a.send(packetIn(1));
        assertSame(swA, await(listener.packetIns, "packetIn from A").sw());
        b.send(packetIn(2));
        assertSame(swB, await(listener.packetIns, "packetIn from B").sw());
    }

    @Test
    void truncatedMultipartIsRejectedAndTheFollowingMessagesAreServed() throws Exception {
        List<OFFlowStatsEntry> entries = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            entries.add(OF13.buildFlowStatsEntry().setTableId(TableId.ZERO).setPriority(i).setCookie(U64.of(i))
                    .setMatch(OF13.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(1 + i)).build())
                    .setInstructions(List.of(OF13.instructions().applyActions(
                            List.of(OF13.actions().output(OFPort.of(2), 0)))))
                    .build());
        }
        byte[] full = FakeSwitch.bytes(OF13.buildFlowStatsReply().setXid(0xabcdef).setFlags(Set.of())
                .setEntries(entries).build());
        assertTrue(full.length > 64);
        byte[] truncated = withLength(full, 64); // header says 64 bytes; the entries inside claim more
        OFPacketIn after = packetIn(2);

        a.sendRaw(FakeSwitch.concat(truncated, FakeSwitch.bytes(after)));
        assertErrorFor(a, truncated, OFBadRequestCode.BAD_LEN);
        assertEquals(after, await(listener.packetIns, "packetIn after the bad message").msg());
        assertEquals(1, server.counters().malformedMessages());
        assertEquals(1, server.counters().errorsSent());
        assertBothServed(1);
    }

    @Test
    void streamCutShortCostsAtMostThatConnection() throws Exception {
        // A header that promises 64 bytes followed by only 24 and then valid messages: on a TCP stream
        // the promised bytes are taken from the messages that follow, and framing is lost for good.
        // Whatever becomes of connection A, the server and every other connection carry on.
        byte[] cut = Arrays.copyOf(FakeSwitch.bytes(packetIn(1)), 32);
        cut[2] = 0;
        cut[3] = 64;
        byte[] valid = FakeSwitch.concat(FakeSwitch.bytes(packetIn(1)), FakeSwitch.bytes(packetIn(1)));
        a.sendRaw(FakeSwitch.concat(cut, valid, new byte[] {4, 2, 0, 8, 0, 0, 0, 9}));
        b.assertAlive(9);
        try (FakeSwitch c = new FakeSwitch(server.localAddress())) {
            c.handshake(DatapathId.of(0xc), PORTS);
            assertEquals(DatapathId.of(0xc), await(listener.connected, "switchConnected C").dpid());
            c.assertAlive(10);
        }
    }

    @Test
    void messageShorterThanItsFixedPartIsRejected() throws Exception {
        byte[] full = FakeSwitch.bytes(OF13.buildFlowRemoved().setXid(0x77).setReason(OFFlowRemovedReason.DELETE)
                .setTableId(TableId.ZERO).setCookie(U64.ZERO)
                .setMatch(OF13.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(1)).build()).build());
        expectRejected(a, withLength(full, 40), OFBadRequestCode.BAD_LEN);
        assertBothServed(2);
    }

    @Test
    void flowModFromASwitchIsRejectedAsBadType() throws Exception {
        byte[] garbage = new byte[56];
        Arrays.fill(garbage, (byte) 0xa5);
        garbage[0] = 4;
        garbage[1] = 14; // OFPT_FLOW_MOD: valid header, garbage body, and never sent by a switch
        garbage[2] = 0;
        garbage[3] = 56;
        expectRejected(a, garbage, OFBadRequestCode.BAD_TYPE);
        // A well-formed FLOW_MOD from a switch is just as wrong.
        expectRejected(a, FakeSwitch.bytes(OF13.buildFlowAdd().setXid(0x99).build()), OFBadRequestCode.BAD_TYPE);
        assertBothServed(3);
    }

    @Test
    void packetInWithBadMatchLengthIsRejected() throws Exception {
        byte[] bad = FakeSwitch.bytes(packetIn(1));
        // ofp_packet_in: header(8) buffer_id(4) total_len(2) reason(1) table_id(1) cookie(8), then
        // ofp_match type(2) length(2) at offset 24: claim a 200-byte match in a 92-byte message.
        bad[26] = 0;
        bad[27] = (byte) 200;
        expectRejected(a, bad, OFBadRequestCode.BAD_LEN);
        byte[] tooShortMatch = FakeSwitch.bytes(packetIn(1));
        tooShortMatch[26] = 0;
        tooShortMatch[27] = 3; // shorter than the match header itself
        expectRejected(a, tooShortMatch, OFBadRequestCode.BAD_LEN);
        assertBothServed(4);
    }

    @Test
    void unknownTypeIsRejectedAsBadType() throws Exception {
        byte[] unknown = {4, (byte) 200, 0, 16, 0, 0, 0x12, 0x34, 1, 2, 3, 4, 5, 6, 7, 8};
        expectRejected(a, unknown, OFBadRequestCode.BAD_TYPE);
        assertBothServed(5);
    }

    @Test
    void otherVersionIsRejectedAsBadVersion() throws Exception {
        byte[] echoV10 = {1, 2, 0, 8, 0, 0, 0, 0x42}; // an OpenFlow 1.0 ECHO_REQUEST on a 1.3 connection
        expectRejected(a, echoV10, OFBadRequestCode.BAD_VERSION);
        assertBothServed(6);
    }

    @Test
    void longMalformedMessageEchoesOnlyItsFirst64Bytes() throws Exception {
        byte[] bad = new byte[300];
        bad[0] = 4;
        bad[1] = (byte) 250;
        bad[2] = (byte) (300 >>> 8);
        bad[3] = (byte) 300;
        for (int i = 8; i < bad.length; i++) {
            bad[i] = (byte) i;
        }
        expectRejected(a, bad, OFBadRequestCode.BAD_TYPE);
        assertBothServed(7);
    }

    @Test
    void impossibleLengthClosesOnlyThatConnection() throws Exception {
        byte[] bad = {4, 2, 0, 4, 0, 0, 0, 0x55, /* bytes after it are never read */ 4, 2, 0, 8, 0, 0, 0, 1};
        a.sendRaw(bad);
        OFBadRequestErrorMsg error = a.expect(OFBadRequestErrorMsg.class);
        assertEquals(OFBadRequestCode.BAD_LEN, error.getCode());
        assertArrayEquals(bad, error.getData().getData());
        a.expectClosed(WAIT);
        assertSame(swA, await(listener.disconnected, "switchDisconnected A"));
        assertEquals(1, server.counters().malformedMessages());

        b.assertAlive(8);
        b.send(packetIn(2));
        assertSame(swB, await(listener.packetIns, "packetIn from B").sw());
        assertEquals(List.of(swB), List.copyOf(server.switches()));
    }

    @Test
    void malformedMessageDuringHandshakeIsAnsweredToo() throws Exception {
        try (FakeSwitch c = new FakeSwitch(server.localAddress())) {
            c.expect(OFHello.class);
            byte[] unknown = {4, (byte) 222, 0, 8, 0, 0, 0, 3};
            expectRejected(c, unknown, OFBadRequestCode.BAD_TYPE);
            c.handshakeAfterHello(DatapathId.of(0xc), PORTS);
            assertEquals(DatapathId.of(0xc), await(listener.connected, "switchConnected C").dpid());
        }
    }

    @Test
    void mutatedValidMessagesNeverBreakTheServer() throws Exception {
        // Valid switch messages with random bytes flipped after the header: the parsers go deep,
        // inner lengths and discriminators turn odd. Every frame must cost at most itself.
        List<byte[]> seeds = List.of(
                FakeSwitch.bytes(packetIn(1)),
                FakeSwitch.bytes(OF13.buildFlowRemoved().setReason(OFFlowRemovedReason.IDLE_TIMEOUT)
                        .setTableId(TableId.ZERO).setCookie(U64.ZERO)
                        .setMatch(OF13.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(1))
                                .setExact(MatchField.ETH_TYPE, EthType.IPv4)
                                .setMasked(MatchField.IPV4_SRC,
                                        IPv4Address.of("10.0.0.0"),
                                        IPv4Address.of("255.255.0.0"))
                                .build()).build()),
                FakeSwitch.bytes(OF13.buildPortStatus().setReason(
                        OFPortReason.MODIFY).setDesc(PORTS.get(0)).build()),
                FakeSwitch.bytes(OF13.buildPortDescStatsReply().setFlags(Set.of()).setEntries(PORTS).build()),
                FakeSwitch.bytes(OF13.buildFlowStatsReply().setFlags(Set.of()).setEntries(List.of(
                        OF13.buildFlowStatsEntry().setTableId(TableId.ZERO).setPriority(1).setCookie(U64.ZERO)
                                .setMatch(OF13.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(1)).build())
                                .setInstructions(List.of(
                                        OF13.instructions().applyActions(List.of(
                                                OF13.actions().output(OFPort.CONTROLLER, 0xffff),
                                                OF13.actions().setField(OF13.oxms().ethSrc(
                                                        MacAddress.of(1))))),
                                        OF13.instructions().gotoTable(TableId.of(1))))
                                .build())).build()),
                FakeSwitch.bytes(OF13.errorMsgs().buildBadRequestErrorMsg().setCode(OFBadRequestCode.BAD_LEN)
                        .setData(OFErrorCauseData.of(
                                FakeSwitch.bytes(packetIn(3)), OF13.getVersion())).build()));
        Random random = new Random(Long.getLong("openflow.fuzz.seed", 7));
        java.io.ByteArrayOutputStream blob = new ByteArrayOutputStream();
        for (int i = 0, n = Integer.getInteger("openflow.fuzz.frames", 3000); i < n; i++) {
            byte[] frame = seeds.get(random.nextInt(seeds.size())).clone();
            int flips = 1 + random.nextInt(4);
            for (int k = 0; k < flips; k++) {
                int at = 8 + random.nextInt(frame.length - 8);
                frame[at] = (byte) (random.nextBoolean() ? random.nextInt(256) : frame[at] ^ (1 << random.nextInt(8)));
            }
            frame[4] = 0;
            blob.write(frame);
        }
        a.sendRaw(blob.toByteArray());
        a.assertAlive(0x7f000003L);
        assertTrue(swA.isConnected());
        b.assertAlive(0x7f000004L);
    }

    @Test
    void randomFramesNeverBreakTheServer() throws Exception {
        Random random = new Random(20240611);
        int[] types = {1, 2, 3, 4, 6, 8, 10, 11, 12, 19, 21, 23, 25, 27, 5, 14, 30, 255};
        java.io.ByteArrayOutputStream blob = new ByteArrayOutputStream();
        for (int i = 0; i < 2000; i++) {
            int length = 8 + random.nextInt(160);
            byte[] frame = new byte[length];
            random.nextBytes(frame);
            frame[0] = 4;
            frame[1] = (byte) types[random.nextInt(types.length)];
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
            frame[4] = 0; // xids below 2^24 never collide with the echo xid used below
            if (random.nextInt(4) == 0 && length >= 32) {
                // plausible inner lengths make the parsers go deeper
                frame[length >= 26 ? 24 : 8] = 0;
                frame[length >= 28 ? 26 : 10] = 0;
            }
            blob.write(frame);
        }
        a.sendRaw(blob.toByteArray());
        a.assertAlive(0x7f000001L); // echo answered after all 2000 frames: the connection survived
        assertTrue(server.counters().malformedMessages() > 0);
        assertTrue(swA.isConnected());
        b.assertAlive(0x7f000002L);
        b.send(packetIn(2));
        // Random frames may themselves have been valid packet-ins from A; wait for B's.
        long deadline = System.nanoTime() + WAIT.toNanos();
        RecordingListener.Event<OFPacketIn> event;
        do {
            event = await(listener.packetIns, "packetIn from B");
        } while (event.sw() != swB && System.nanoTime() < deadline);
        assertSame(swB, event.sw());
    }
}
