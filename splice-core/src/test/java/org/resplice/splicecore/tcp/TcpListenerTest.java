package org.resplice.splicecore.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.resplice.splicecore.Seq32;
import org.resplice.splicecore.packet.TcpFrame;
import org.resplice.splicecore.packet.TcpOption;
import org.resplice.splicecore.packet.TcpOptions;
import org.resplice.splicecore.packet.TcpSegment;

class TcpListenerTest {

    static final TcpAddress CLIENT = TcpAddress.of("02:00:00:00:00:01", "192.0.2.7", 40000);
    static final TcpAddress VIP = TcpAddress.of("02:00:00:00:00:64", "10.0.0.100", 80);
    static final int CISN = 0x12345678;

    final FakeClock clock = new FakeClock(1_000_000_000L);
    final SynCookies cookies = new SynCookies(SynCookiesTest.SECRET, clock);
    final CapturingSink sink = new CapturingSink();
    final List<String> events = new ArrayList<>();
    final TcpListener.Handler handler = new TcpListener.Handler() {
        @Override
        public void established(PassiveConnection c) {
            events.add("established " + c.remote().port());
        }

        @Override
        public void dataReceived(PassiveConnection c) {
            events.add("data " + c.receivedLength() + (c.finReceived() ? " fin" : ""));
        }

        @Override
        public void reset(PassiveConnection c) {
            events.add("reset");
        }
    };

    TcpListener listener(TcpListener.Config.Builder b) {
        return new TcpListener(b.build(), cookies, sink, handler);
    }

    final TcpListener listener = listener(TcpListener.config(VIP).mss(1460).windowScale(7).receiveWindow(65535));

    static TcpOptions linuxSyn(int mss, int ws) {
        return TcpOptions.of(TcpOption.mss(mss), TcpOption.sackPermitted(), TcpOption.timestamps(1, 0),
                TcpOption.nop(), TcpOption.windowScale(ws));
    }

    static TcpFrame syn(TcpAddress from, int isn, TcpOptions options) {
        return Segments.frame(from, VIP, isn, 0, TcpSegment.SYN, 64240, options, new byte[0]);
    }

    TcpFrame synAck(TcpOptions clientOptions) {
        return synAck(listener, CLIENT, CISN, clientOptions);
    }

    TcpFrame synAck(TcpListener l, TcpAddress from, int isn, TcpOptions clientOptions) {
        assertTrue(l.receive(syn(from, isn, clientOptions)));
        return sink.takeOne();
    }

    static TcpFrame data(int seq, int ack, byte[] payload) {
        return Segments.frame(CLIENT, VIP, seq, ack, TcpSegment.ACK | TcpSegment.PSH, 502, TcpOptions.NONE, payload);
    }

    /** SYN, SYN-ACK, ACK: returns the established connection. */
    PassiveConnection handshake(int isn, TcpOptions options) {
        TcpFrame sa = synAck(listener, CLIENT, isn, options);
        listener.receive(Segments.frame(CLIENT, VIP, Seq32.add(isn, 1), Seq32.add(sa.tcp().seq(), 1),
                TcpSegment.ACK, 502));
        sink.assertNothing();
        return listener.connection(CLIENT.ip(), CLIENT.port()).get();
    }

    @Test
    void synAckFromALinuxClient() {
        TcpFrame sa = synAck(linuxSyn(1460, 8));
        TcpSegment t = sa.tcp();
        assertEquals(TcpSegment.SYN | TcpSegment.ACK, t.flags());
        assertEquals(CISN + 1, t.ack());
        assertEquals(65535, t.window());
        assertEquals(TcpOptions.of(TcpOption.mss(1460), TcpOption.nop(), TcpOption.nop(), TcpOption.sackPermitted(),
                TcpOption.nop(), TcpOption.windowScale(7)), t.options(), "no timestamps, our shift");
        assertEquals(VIP.ip(), sa.ip().source());
        assertEquals(CLIENT.ip(), sa.ip().destination());
        assertEquals(80, t.sourcePort());
        assertEquals(40000, t.destinationPort());
        assertEquals(CLIENT.mac(), sa.destinationMac());
        assertEquals(VIP.mac(), sa.sourceMac());
        assertTrue(sa.ip().dontFragment());
        assertEquals(1, listener.synAcksSent());
        assertTrue(listener.connections().isEmpty(), "no state before the handshake completes");
        // The ISN is the cookie.
        assertTrue(cookies.check(CLIENT.ip(), CLIENT.port(), VIP.ip(), VIP.port(), CISN, t.seq()).isPresent());
    }

    @Test
    void clientWithoutScalingOrSackGetsNeither() {
        TcpOptions t = synAck(TcpOptions.of(TcpOption.mss(1460))).tcp().options();
        assertEquals(TcpOptions.of(TcpOption.mss(1460)), t);
        assertFalse(t.windowScale().isPresent());
        assertFalse(t.sackPermitted());
    }

    @Test
    void scalingWithoutSackAndSackWithoutScaling() {
        assertEquals(TcpOptions.of(TcpOption.mss(1460), TcpOption.nop(), TcpOption.windowScale(7)),
                synAck(TcpOptions.of(TcpOption.mss(1460), TcpOption.windowScale(0))).tcp().options());
        assertEquals(TcpOptions.of(TcpOption.mss(1460), TcpOption.nop(), TcpOption.nop(), TcpOption.sackPermitted()),
                synAck(TcpOptions.of(TcpOption.sackPermitted(), TcpOption.mss(1460))).tcp().options());
    }

    @Test
    void mssIsClampedToMinOfClientAndConfigured() {
        assertEquals(1460, synAck(linuxSyn(9000, 7)).tcp().options().mss().getAsInt());
        assertEquals(1200, synAck(linuxSyn(1200, 7)).tcp().options().mss().getAsInt());
        assertEquals(536, synAck(TcpOptions.NONE).tcp().options().mss().getAsInt(), "no MSS option means 536");
        TcpListener small = listener(TcpListener.config(VIP).mss(1400).windowScale(2));
        assertEquals(1400, synAck(small, CLIENT, 1, linuxSyn(1460, 7)).tcp().options().mss().getAsInt());
        assertEquals(2, synAck(small, CLIENT, 1, linuxSyn(1460, 7)).tcp().options().windowScale().getAsInt());
    }

    @Test
    void ackReturningTheCookieEstablishes() {
        PassiveConnection c = handshake(CISN, linuxSyn(1460, 8));
        assertEquals(List.of("established 40000"), events);
        assertEquals(PassiveConnection.State.ESTABLISHED, c.state());
        assertEquals(CISN, c.clientIsn());
        assertEquals(SynOptions.of(1460, 8, true), c.clientOptions());
        assertEquals(7, c.windowScaleSent());
        assertTrue(c.sackEnabled());
        assertEquals(502L << 8, c.peerWindow(), "the client's window, scaled by its shift");
        assertEquals(CLIENT, c.remote());
        assertEquals(0, c.receivedLength());
    }

    @Test
    void connectionWithoutOptions() {
        PassiveConnection c = handshake(CISN, TcpOptions.NONE);
        assertEquals(SynOptions.of(536, SynOptions.NO_WINDOW_SCALE, false), c.clientOptions());
        assertEquals(-1, c.windowScaleSent());
        assertFalse(c.sackEnabled());
        assertEquals(502, c.peerWindow());
    }

    @Test
    void requestBytesAreReassembledAndNeverAcknowledged() {
        PassiveConnection c = handshake(CISN, linuxSyn(1460, 8));
        int ack = Seq32.add(c.localIsn(), 1);
        byte[] req = Segments.bytes(4000, 9);
        int s = CISN + 1;
        listener.receive(data(s + 1460, ack, Arrays.copyOfRange(req, 1460, 2920)));
        assertEquals(0, c.receivedLength());
        assertEquals(1460, c.outOfOrderBytes());
        listener.receive(data(s + 2920, ack, Arrays.copyOfRange(req, 2920, 4000)));
        listener.receive(data(s + 2920, ack, Arrays.copyOfRange(req, 2920, 4000))); // duplicate
        listener.receive(data(s, ack, Arrays.copyOfRange(req, 0, 1460)));
        assertArrayEquals(req, c.receivedBytes());
        listener.receive(data(s, ack, Arrays.copyOfRange(req, 0, 2000))); // retransmission, re-cut
        assertArrayEquals(req, c.receivedBytes());
        assertEquals(s + 4000, c.receivedUpTo());
        sink.assertNothing(); // not one ACK
        assertEquals(List.of("established 40000", "data 4000"), events);
    }

    @Test
    void dataAndFinInTheHandshakeAck() {
        TcpFrame sa = synAck(linuxSyn(1460, 7));
        byte[] req = "GET / HTTP/1.0\r\n\r\n".getBytes();
        listener.receive(Segments.frame(CLIENT, VIP, CISN + 1, sa.tcp().seq() + 1,
                TcpSegment.ACK | TcpSegment.PSH | TcpSegment.FIN, 502, TcpOptions.NONE, req));
        PassiveConnection c = listener.connection(CLIENT.ip(), CLIENT.port()).get();
        assertArrayEquals(req, c.receivedBytes());
        assertTrue(c.finReceived());
        assertEquals(List.of("established 40000", "data " + req.length + " fin"), events);
        sink.assertNothing();
    }

    @Test
    void lostFirstSegmentIsRecoveredByTheClientsRetransmission() {
        TcpFrame sa = synAck(linuxSyn(1460, 7));
        int ack = sa.tcp().seq() + 1;
        byte[] req = Segments.bytes(2000, 3);
        // The pure ACK and the first data segment are lost; the second arrives first.
        listener.receive(data(CISN + 1 + 1000, ack, Arrays.copyOfRange(req, 1000, 2000)));
        assertTrue(listener.connections().isEmpty());
        assertEquals(1, listener.cookiesRejected());
        sink.assertNothing(); // dropped, not reset
        listener.receive(data(CISN + 1, ack, Arrays.copyOfRange(req, 0, 1000)));
        PassiveConnection c = listener.connection(CLIENT.ip(), CLIENT.port()).get();
        assertEquals(1000, c.receivedLength());
        listener.receive(data(CISN + 1 + 1000, ack, Arrays.copyOfRange(req, 1000, 2000)));
        assertArrayEquals(req, c.receivedBytes());
    }

    @Test
    void invalidCookieCanBeReset() {
        TcpListener l = listener(TcpListener.config(VIP).resetOnInvalidCookie(true));
        TcpFrame sa = synAck(l, CLIENT, CISN, linuxSyn(1460, 7));
        l.receive(Segments.frame(CLIENT, VIP, CISN + 1, sa.tcp().seq() + 2, TcpSegment.ACK, 502));
        TcpFrame rst = sink.takeOne();
        assertEquals(TcpSegment.RST, rst.tcp().flags());
        assertEquals(sa.tcp().seq() + 2, rst.tcp().seq());
        assertTrue(l.connections().isEmpty());
    }

    @Test
    void cookieExpiresAfterTwoSlots() {
        TcpFrame sa = synAck(linuxSyn(1460, 7));
        TcpFrame ack = Segments.frame(CLIENT, VIP, CISN + 1, sa.tcp().seq() + 1, TcpSegment.ACK, 502);
        clock.advanceNanos(2 * SynCookies.DEFAULT_SLOT_NANOS);
        listener.receive(ack);
        assertTrue(listener.connections().isEmpty());
        assertEquals(1, listener.cookiesRejected());
        // A fresh SYN-ACK in the next slot is accepted in the slot after it.
        TcpFrame sa2 = synAck(linuxSyn(1460, 7));
        clock.advanceNanos(SynCookies.DEFAULT_SLOT_NANOS);
        listener.receive(Segments.frame(CLIENT, VIP, CISN + 1, sa2.tcp().seq() + 1, TcpSegment.ACK, 502));
        assertEquals(1, listener.connections().size());
    }

    @Test
    void synAckOrStrayAckToTheListenerIsReset() {
        listener.receive(Segments.frame(CLIENT, VIP, 5, 77, TcpSegment.SYN | TcpSegment.ACK, 100));
        TcpFrame rst = sink.takeOne();
        assertEquals(TcpSegment.RST, rst.tcp().flags());
        assertEquals(77, rst.tcp().seq());
        listener.receive(Segments.frame(CLIENT, VIP, 5, 77, TcpSegment.RST, 100));
        listener.receive(Segments.frame(CLIENT, VIP, 5, 77, TcpSegment.FIN, 100));
        listener.receive(Segments.frame(CLIENT, VIP, 5, 0, TcpSegment.SYN | TcpSegment.FIN, 100));
        sink.assertNothing();
        assertEquals(1, listener.resetsSent());
    }

    @Test
    void clientResetInWindowClosesTheConnection() {
        PassiveConnection c = handshake(CISN, linuxSyn(1460, 7));
        listener.receive(Segments.frame(CLIENT, VIP, CISN + 1 + 70000, 0, TcpSegment.RST, 0));
        assertEquals(PassiveConnection.State.ESTABLISHED, c.state(), "outside the window");
        listener.receive(Segments.frame(CLIENT, VIP, CISN + 1 + 300, 0, TcpSegment.RST, 0));
        assertEquals(PassiveConnection.State.RESET, c.state());
        assertTrue(listener.connections().isEmpty());
        assertEquals("reset", events.get(events.size() - 1));
        sink.assertNothing();
    }

    @Test
    void abortResetsTheClient() {
        PassiveConnection c = handshake(CISN, linuxSyn(1460, 7));
        c.abort();
        TcpFrame rst = sink.takeOne();
        assertEquals(TcpSegment.RST, rst.tcp().flags());
        assertEquals(c.localIsn() + 1, rst.tcp().seq(), "the client's RCV.NXT");
        assertEquals(CLIENT.ip(), rst.ip().destination());
        assertEquals(PassiveConnection.State.ABORTED, c.state());
        assertTrue(listener.connections().isEmpty());
        c.abort();
        sink.assertNothing();
    }

    @Test
    void newSynOnAnEstablishedTupleGetsAChallengeAck() {
        PassiveConnection c = handshake(CISN, linuxSyn(1460, 7));
        listener.receive(syn(CLIENT, CISN, linuxSyn(1460, 7))); // the old SYN again
        sink.assertNothing();
        listener.receive(syn(CLIENT, CISN + 99999, linuxSyn(1460, 7)));
        TcpFrame ack = sink.takeOne();
        assertEquals(TcpSegment.ACK, ack.tcp().flags());
        assertEquals(c.localIsn() + 1, ack.tcp().seq());
        assertEquals(CISN + 1, ack.tcp().ack(), "acknowledges nothing beyond the SYN");
        assertEquals(65535 >> 7, ack.tcp().window());
    }

    @Test
    void ackForDataNeverSentIsIgnored() {
        PassiveConnection c = handshake(CISN, linuxSyn(1460, 7));
        listener.receive(data(CISN + 1, c.localIsn() + 5, new byte[10]));
        assertEquals(0, c.receivedLength());
        listener.receive(Segments.frame(CLIENT, VIP, CISN + 1, 0, TcpSegment.PSH, 1, TcpOptions.NONE, new byte[10]));
        assertEquals(0, c.receivedLength(), "no ACK bit");
    }

    @Test
    void badChecksumsAndOtherPortsAreNotTaken() {
        TcpFrame s = syn(CLIENT, CISN, linuxSyn(1460, 7));
        byte[] b = s.toBytes();
        b[b.length - 1] ^= 1;
        assertTrue(listener.receive(b));
        assertEquals(1, listener.badChecksums());
        sink.assertNothing();
        TcpAddress other = TcpAddress.of("02:00:00:00:00:64", "10.0.0.100", 443);
        assertFalse(listener.receive(Segments.frame(CLIENT, other, 1, 0, TcpSegment.SYN, 100)));
        assertFalse(listener.receive(new byte[10]));
        sink.assertNothing();
    }

    @Test
    void clientIsnAtTheWrap() {
        PassiveConnection c = handshake(0xFFFFFFFF, linuxSyn(1460, 7));
        assertEquals(0xFFFFFFFF, c.clientIsn());
        int ack = c.localIsn() + 1;
        listener.receive(data(0, ack, new byte[] {1, 2, 3}));
        assertArrayEquals(new byte[] {1, 2, 3}, c.receivedBytes());
        assertEquals(3, c.receivedUpTo());
        PassiveConnection d = handshake2(0xFFFFFFF0);
        listener.receive(Segments.frame(CLIENT2, VIP, 0xFFFFFFF1 + 10, d.localIsn() + 1, TcpSegment.ACK, 1,
                TcpOptions.NONE, Segments.bytes(20, 1)));
        listener.receive(Segments.frame(CLIENT2, VIP, 0xFFFFFFF1, d.localIsn() + 1, TcpSegment.ACK, 1,
                TcpOptions.NONE, Arrays.copyOf(Segments.bytes(30, 1), 10)));
        assertEquals(30, d.receivedLength());
        assertEquals(0xFFFFFFF1 + 30, d.receivedUpTo());
    }

    static final TcpAddress CLIENT2 = TcpAddress.of("02:00:00:00:00:02", "192.0.2.8", 40001);

    private PassiveConnection handshake2(int isn) {
        TcpFrame sa = synAck(listener, CLIENT2, isn, TcpOptions.NONE);
        listener.receive(Segments.frame(CLIENT2, VIP, isn + 1, sa.tcp().seq() + 1, TcpSegment.ACK, 1));
        return listener.connection(CLIENT2.ip(), CLIENT2.port()).get();
    }

    @Test
    void removedConnectionIgnoresSegments() {
        PassiveConnection c = handshake(CISN, linuxSyn(1460, 7));
        listener.remove(c);
        assertEquals(PassiveConnection.State.RELEASED, c.state());
        assertTrue(listener.connections().isEmpty());
        c.receive(data(CISN + 1, c.localIsn() + 1, new byte[5]));
        assertEquals(0, c.receivedLength());
        PassiveConnection again = handshake(CISN + 5000, linuxSyn(1460, 7));
        assertSame(again, listener.connection(CLIENT.ip(), CLIENT.port()).get());
    }
}
