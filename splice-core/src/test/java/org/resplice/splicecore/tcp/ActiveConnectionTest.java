package org.resplice.splicecore.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.resplice.splicecore.Seq32;
import org.resplice.splicecore.packet.TcpFrame;
import org.resplice.splicecore.packet.TcpOption;
import org.resplice.splicecore.packet.TcpOptions;
import org.resplice.splicecore.packet.TcpSegment;

class ActiveConnectionTest {

    static final TcpAddress PROXY = TcpAddress.of("02:00:00:00:01:01", "10.0.1.1", 50000);
    static final TcpAddress BACKEND = TcpAddress.of("02:00:00:00:00:0b", "10.0.0.11", 8080);
    static final long MS = 1_000_000L;
    static final int ISS = 0x10000000;
    static final int BISN = 0x70000000;

    final FakeClock clock = new FakeClock(0);
    final CapturingSink sink = new CapturingSink();
    final List<String> events = new ArrayList<>();
    final ActiveConnection.Handler handler = new ActiveConnection.Handler() {
        @Override
        public void synAckReceived(ActiveConnection c) {
            events.add("synack");
        }

        @Override
        public void allAcknowledged(ActiveConnection c) {
            events.add("acked " + Seq32.toString(c.sndUna()));
        }

        @Override
        public void failed(ActiveConnection c, ActiveConnection.Failure f) {
            events.add("failed " + f + " at " + clock.nanos() / MS);
        }
    };

    ActiveConnection.Config.Builder config(int iss) {
        return ActiveConnection.config(PROXY, BACKEND, iss, SynOptions.of(1460, 7, true))
                .initialRtoNanos(200 * MS).maxRetries(3);
    }

    ActiveConnection conn(ActiveConnection.Config.Builder b) {
        return new ActiveConnection(b.build(), clock, sink, handler);
    }

    TcpFrame fromBackend(int seq, int ack, int flags, int window) {
        return Segments.frame(BACKEND, PROXY, seq, ack, flags, window);
    }

    TcpFrame synAck(int bisn, int ack, int window, TcpOptions options) {
        return Segments.frame(BACKEND, PROXY, bisn, ack, TcpSegment.SYN | TcpSegment.ACK, window, options,
                new byte[0]);
    }

    static TcpOptions backendOptions(int mss, int ws) {
        return TcpOptions.of(TcpOption.mss(mss), TcpOption.nop(), TcpOption.nop(), TcpOption.sackPermitted(),
                TcpOption.nop(), TcpOption.windowScale(ws));
    }

    /** Opens, accepts a SYN-ACK and takes the SYN and the handshake ACK. */
    ActiveConnection established(int iss, int window, int mss, ActiveConnection.Config.Builder b) {
        ActiveConnection c = conn(b);
        c.open();
        sink.takeOne();
        c.receive(synAck(BISN, iss + 1, window, TcpOptions.of(TcpOption.mss(mss))));
        TcpFrame ack = sink.takeOne();
        assertEquals(TcpSegment.ACK, ack.tcp().flags());
        assertEquals(List.of("synack"), events);
        events.clear();
        return c;
    }

    ActiveConnection established(int iss, int window, int mss) {
        return established(iss, window, mss, config(iss));
    }

    void ack(ActiveConnection c, int ack, int window) {
        assertTrue(c.receive(fromBackend(BISN + 1, ack, TcpSegment.ACK, window)));
    }

    static void assertData(TcpFrame f, int seq, byte[] all, int from, int len) {
        assertEquals(seq, f.tcp().seq(), "seq");
        assertEquals(len, f.tcp().payloadLength(), "length");
        assertArrayEquals(Arrays.copyOfRange(all, from, from + len), f.tcp().payload());
        assertTrue(f.tcp().isAck());
        assertEquals(BISN + 1, f.tcp().ack());
    }

    @Test
    void synCarriesIsnAndOptions() {
        ActiveConnection c = conn(config(ISS));
        c.open();
        TcpFrame syn = sink.takeOne();
        assertEquals(TcpSegment.SYN, syn.tcp().flags());
        assertEquals(ISS, syn.tcp().seq());
        assertEquals(TcpOptions.of(TcpOption.mss(1460), TcpOption.nop(), TcpOption.nop(), TcpOption.sackPermitted(),
                TcpOption.nop(), TcpOption.windowScale(7)), syn.tcp().options());
        assertEquals(65535, syn.tcp().window());
        assertEquals(PROXY.ip(), syn.ip().source());
        assertEquals(BACKEND.ip(), syn.ip().destination());
        assertEquals(PROXY.mac(), syn.sourceMac());
        assertEquals(BACKEND.mac(), syn.destinationMac());
        assertEquals(50000, syn.tcp().sourcePort());
        assertEquals(8080, syn.tcp().destinationPort());
        assertEquals(ActiveConnection.State.SYN_SENT, c.state());
        assertEquals(OptionalLong.of(200 * MS), c.nextTimeout());
        assertThrows(IllegalStateException.class, c::open);
    }

    @Test
    void synWithoutScalingOrSack() {
        ActiveConnection c = conn(ActiveConnection.config(PROXY, BACKEND, 1,
                SynOptions.of(536, SynOptions.NO_WINDOW_SCALE, false)));
        c.open();
        assertEquals(TcpOptions.of(TcpOption.mss(536)), sink.takeOne().tcp().options());
    }

    @Test
    void synAckIsAcceptedAndAcknowledged() {
        ActiveConnection c = conn(config(ISS).receiveWindow(64 * 1024 * 4));
        c.open();
        sink.take();
        c.receive(synAck(BISN, ISS + 1, 29200, backendOptions(1400, 9)));
        assertEquals(List.of("synack"), events);
        assertEquals(ActiveConnection.State.ESTABLISHED, c.state());
        assertEquals(BISN, c.peerIsn());
        assertEquals(SynOptions.of(1400, 9, true), c.peerOptions());
        assertEquals(9, c.sendWindowShift());
        assertEquals(1400, c.sendMss());
        assertEquals(29200, c.sendWindow(), "the SYN-ACK window is not scaled");
        TcpFrame ack = sink.takeOne();
        assertEquals(TcpSegment.ACK, ack.tcp().flags());
        assertEquals(ISS + 1, ack.tcp().seq());
        assertEquals(BISN + 1, ack.tcp().ack());
        assertEquals((64 * 1024 * 4) >> 7, ack.tcp().window(), "scaled by our shift");
        assertTrue(ack.tcp().options().isEmpty());
        assertFalse(c.nextTimeout().isPresent());
        // Later windows are scaled by the backend's shift.
        ack(c, ISS + 1, 1000);
        assertEquals(1000L << 9, c.sendWindow());
    }

    @Test
    void backendWithoutScalingMeansNoScalingEitherWay() {
        ActiveConnection c = conn(config(ISS));
        c.open();
        sink.take();
        c.receive(synAck(BISN, ISS + 1, 29200, TcpOptions.of(TcpOption.mss(1460))));
        assertEquals(0, c.sendWindowShift());
        assertEquals(65535, sink.takeOne().tcp().window());
        assertEquals(SynOptions.of(1460, SynOptions.NO_WINDOW_SCALE, false), c.peerOptions());
        ack(c, ISS + 1, 1000);
        assertEquals(1000, c.sendWindow());
    }

    @Test
    void synAckWithWrongAckIsReset() {
        ActiveConnection c = conn(config(ISS));
        c.open();
        sink.take();
        c.receive(synAck(BISN, ISS + 2, 29200, TcpOptions.NONE));
        TcpFrame rst = sink.takeOne();
        assertEquals(TcpSegment.RST, rst.tcp().flags());
        assertEquals(ISS + 2, rst.tcp().seq());
        assertEquals(BACKEND.ip(), rst.ip().destination());
        c.receive(synAck(BISN, ISS, 29200, TcpOptions.NONE));
        assertEquals(ISS, sink.takeOne().tcp().seq());
        assertEquals(ActiveConnection.State.SYN_SENT, c.state());
        assertTrue(events.isEmpty());
        // The right one is still accepted.
        c.receive(synAck(BISN, ISS + 1, 29200, TcpOptions.NONE));
        assertEquals(ActiveConnection.State.ESTABLISHED, c.state());
    }

    @Test
    void resetInSynSentFailsOnlyWithTheRightAck() {
        ActiveConnection c = conn(config(ISS));
        c.open();
        sink.take();
        c.receive(fromBackend(0, 0, TcpSegment.RST, 0));
        c.receive(fromBackend(0, ISS + 5, TcpSegment.RST | TcpSegment.ACK, 0));
        c.receive(fromBackend(0, 0, TcpSegment.ACK, 0)); // bare bad ACK: reset it
        assertEquals(TcpSegment.RST, sink.takeOne().tcp().flags());
        assertEquals(ActiveConnection.State.SYN_SENT, c.state());
        c.receive(fromBackend(0, ISS + 1, TcpSegment.RST | TcpSegment.ACK, 0));
        assertEquals(ActiveConnection.State.FAILED, c.state());
        assertEquals(List.of("failed RESET at 0"), events);
        sink.assertNothing();
        clock.advanceMillis(10_000);
        c.tick();
        sink.assertNothing();
    }

    @Test
    void synIsRetransmittedWithBackoffThenFails() {
        ActiveConnection c = conn(config(ISS));
        c.open();
        sink.take();
        long[] retransmitAt = {200, 600, 1400};
        for (long at : retransmitAt) {
            clock.set(at * MS - 1);
            c.tick();
            sink.assertNothing();
            clock.set(at * MS);
            c.tick();
            TcpFrame syn = sink.takeOne();
            assertEquals(TcpSegment.SYN, syn.tcp().flags());
            assertEquals(ISS, syn.tcp().seq());
        }
        clock.set(3000 * MS - 1);
        c.tick();
        assertTrue(events.isEmpty());
        clock.set(3000 * MS);
        c.tick();
        assertEquals(List.of("failed SYN_TIMEOUT at 3000"), events);
        sink.assertNothing();
        assertEquals(3, c.retransmissions());
    }

    @Test
    void deferredHandshakeWaitsForTheSplice() {
        ActiveConnection c = conn(config(ISS).deferHandshakeAck(true));
        c.send("GET / HTTP/1.1\r\n\r\n".getBytes());
        c.open();
        sink.takeOne();
        c.receive(synAck(BISN, ISS + 1, 29200, backendOptions(1460, 7)));
        assertEquals(ActiveConnection.State.SYN_ACKED, c.state());
        sink.assertNothing();
        c.receive(synAck(BISN, ISS + 1, 29200, backendOptions(1460, 7))); // retransmitted: still waiting
        sink.assertNothing();
        c.send("more".getBytes());
        sink.assertNothing();
        clock.advanceMillis(5000);
        c.tick();
        sink.assertNothing();
        c.completeHandshake();
        List<TcpFrame> out = sink.take();
        assertEquals(2, out.size());
        assertEquals(TcpSegment.ACK, out.get(0).tcp().flags());
        assertEquals(0, out.get(0).tcp().payloadLength());
        assertEquals("GET / HTTP/1.1\r\n\r\nmore", new String(out.get(1).tcp().payload()));
        assertEquals(TcpSegment.ACK | TcpSegment.PSH, out.get(1).tcp().flags());
        assertEquals(ISS + 1, out.get(1).tcp().seq());
        c.completeHandshake();
        sink.assertNothing();
    }

    @Test
    void dataIsSegmentedByMssAndWindow() {
        ActiveConnection c = established(ISS, 3000, 1400);
        byte[] d = Segments.bytes(5000, 1);
        c.send(d);
        List<TcpFrame> out = sink.take();
        assertEquals(3, out.size());
        assertData(out.get(0), ISS + 1, d, 0, 1400);
        assertData(out.get(1), ISS + 1401, d, 1400, 1400);
        assertData(out.get(2), ISS + 2801, d, 2800, 200);
        assertEquals(TcpSegment.ACK, out.get(2).tcp().flags(), "PSH only on the last byte queued");
        ack(c, ISS + 1401, 3000); // the window slides by 1400
        assertData(sink.takeOne(), ISS + 3001, d, 3000, 1400);
        ack(c, ISS + 2801, 3000);
        TcpFrame last = sink.takeOne();
        assertData(last, ISS + 4401, d, 4400, 600);
        assertEquals(TcpSegment.ACK | TcpSegment.PSH, last.tcp().flags());
        ack(c, ISS + 2801, 10000); // a window update alone opens nothing more: all sent
        sink.assertNothing();
        ack(c, ISS + 5001, 3000);
        assertEquals(List.of("acked " + Seq32.toString(ISS + 5001)), events);
        assertEquals(0, c.unacknowledgedBytes());
        assertFalse(c.nextTimeout().isPresent());
    }

    @Test
    void lostDataIsRetransmittedWithExactBackoff() {
        ActiveConnection c = established(ISS, 65535, 1000);
        byte[] d = Segments.bytes(2500, 2);
        clock.set(1000 * MS);
        c.send(d);
        assertEquals(3, sink.take().size()); // all lost
        assertEquals(OptionalLong.of(1200 * MS), c.nextTimeout());
        long[] at = {1200, 1600, 2400};
        for (long t : at) {
            clock.set(t * MS - 1);
            c.tick();
            sink.assertNothing();
            clock.set(t * MS);
            c.tick();
            assertData(sink.takeOne(), ISS + 1, d, 0, 1000); // only the first segment
        }
        assertEquals(1600 * MS, c.rtoNanos(), "doubled after each of the three expiries");
        clock.set(4000 * MS - 1);
        c.tick();
        assertTrue(events.isEmpty());
        clock.set(4000 * MS);
        c.tick();
        assertEquals(List.of("failed DATA_TIMEOUT at 4000"), events);
        assertEquals(ActiveConnection.State.FAILED, c.state());
        assertFalse(c.nextTimeout().isPresent());
        clock.set(100_000 * MS);
        c.tick();
        sink.assertNothing();
        assertThrows(IllegalStateException.class, () -> c.send(new byte[1]));
    }

    @Test
    void backoffIsCappedAtMaxRto() {
        ActiveConnection c = established(ISS, 65535, 1000, config(ISS).maxRtoNanos(500 * MS).maxRetries(4));
        c.send(new byte[10]);
        sink.take();
        long[] at = {200, 600, 1100, 1600};
        for (long t : at) {
            clock.set(t * MS);
            c.tick();
            assertEquals(1, sink.take().size(), "at " + t);
        }
        clock.set(2100 * MS);
        c.tick();
        assertEquals(List.of("failed DATA_TIMEOUT at 2100"), events);
    }

    @Test
    void progressResetsTheTimerAndTheRetryCount() {
        ActiveConnection c = established(ISS, 65535, 1000);
        byte[] d = Segments.bytes(3000, 3);
        c.send(d);
        sink.take();
        clock.set(200 * MS);
        c.tick(); // retransmit #1, RTO now 400
        clock.set(600 * MS);
        c.tick(); // retransmit #2, RTO now 800
        sink.take();
        ack(c, ISS + 1001, 65535); // the first segment arrived: progress
        assertEquals(200 * MS, c.rtoNanos());
        assertEquals(OptionalLong.of(800 * MS), c.nextTimeout(), "restarted from now with the initial RTO");
        // After a timeout, a partial ACK retransmits the next segment at once (it was lost too).
        assertData(sink.takeOne(), ISS + 1001, d, 1000, 1000);
        for (long t : new long[] {800, 1200, 2000}) {
            clock.set(t * MS);
            c.tick();
            assertData(sink.takeOne(), ISS + 1001, d, 1000, 1000);
        }
        clock.set(3600 * MS);
        c.tick();
        assertEquals(List.of("failed DATA_TIMEOUT at 3600"), events, "three retransmissions after the progress");
    }

    @Test
    void ackInsideASegmentResegmentsFromThere() {
        ActiveConnection c = established(ISS, 65535, 1400);
        byte[] d = Segments.bytes(3000, 4);
        c.send(d);
        assertEquals(3, sink.take().size());
        clock.set(50 * MS);
        ack(c, ISS + 1 + 700, 65535); // the backend took half of the first segment
        sink.assertNothing();
        assertEquals(2300, c.unacknowledgedBytes());
        assertArrayEquals(Arrays.copyOfRange(d, 700, 3000), c.unacknowledged());
        assertEquals(OptionalLong.of(250 * MS), c.nextTimeout());
        clock.set(250 * MS);
        c.tick();
        assertData(sink.takeOne(), ISS + 701, d, 700, 1400);
        ack(c, ISS + 1 + 2100, 65535); // partial ACK after the timeout: next segment at once
        assertData(sink.takeOne(), ISS + 2101, d, 2100, 900);
        ack(c, ISS + 3001, 65535);
        sink.assertNothing();
        assertEquals(List.of("acked " + Seq32.toString(ISS + 3001)), events);
    }

    @Test
    void threeDuplicateAcksRetransmitOnce() {
        ActiveConnection c = established(ISS, 65535, 1000);
        byte[] d = Segments.bytes(4000, 5);
        c.send(d);
        assertEquals(4, sink.take().size());
        ack(c, ISS + 1001, 65535); // segment 2 lost; 3 and 4 make duplicates
        sink.assertNothing();
        ack(c, ISS + 1001, 65535);
        ack(c, ISS + 1001, 65535);
        sink.assertNothing();
        ack(c, ISS + 1001, 65535);
        assertData(sink.takeOne(), ISS + 1001, d, 1000, 1000);
        ack(c, ISS + 1001, 65535);
        ack(c, ISS + 1001, 65535);
        ack(c, ISS + 1001, 65535);
        sink.assertNothing();
        assertEquals(1, c.retransmissions());
        ack(c, ISS + 4001, 65535);
        assertEquals(List.of("acked " + Seq32.toString(ISS + 4001)), events);
        assertFalse(c.nextTimeout().isPresent());
    }

    @Test
    void windowUpdatesAndDataAreNotDuplicateAcks() {
        ActiveConnection c = established(ISS, 65535, 1000);
        c.send(new byte[3000]);
        sink.take();
        ack(c, ISS + 1, 60000);
        ack(c, ISS + 1, 50000);
        ack(c, ISS + 1, 40000);
        c.receive(Segments.frame(BACKEND, PROXY, BISN + 1, ISS + 1, TcpSegment.ACK, 40000, TcpOptions.NONE,
                new byte[5]));
        sink.assertNothing();
        assertEquals(0, c.retransmissions());
    }

    @Test
    void oldAndFutureAcks() {
        ActiveConnection c = established(ISS, 65535, 1000);
        c.send(new byte[2000]);
        sink.take();
        ack(c, ISS + 1001, 65535);
        ack(c, ISS + 500, 65535); // old: ignored
        assertEquals(1000, c.unacknowledgedBytes());
        ack(c, ISS + 2002, 65535); // beyond what was sent: answered with an ACK
        TcpFrame a = sink.takeOne();
        assertEquals(TcpSegment.ACK, a.tcp().flags());
        assertEquals(ISS + 2001, a.tcp().seq());
        assertEquals(0, a.tcp().payloadLength());
        assertEquals(1000, c.unacknowledgedBytes());
    }

    @Test
    void retransmittedSynAckIsAnsweredWithTheAckAgain() {
        ActiveConnection c = established(ISS, 65535, 1000);
        c.receive(synAck(BISN, ISS + 1, 65535, TcpOptions.of(TcpOption.mss(1000))));
        TcpFrame a = sink.takeOne();
        assertEquals(TcpSegment.ACK, a.tcp().flags());
        assertEquals(BISN + 1, a.tcp().ack());
        assertTrue(events.isEmpty(), "the SYN-ACK is reported once");
    }

    @Test
    void resetFromTheBackendFails() {
        ActiveConnection c = established(ISS, 65535, 1000);
        c.send(new byte[100]);
        sink.take();
        c.receive(fromBackend(BISN + 1 + 100000, 0, TcpSegment.RST, 0)); // outside our window
        assertEquals(ActiveConnection.State.ESTABLISHED, c.state());
        c.receive(fromBackend(BISN + 1, 0, TcpSegment.RST, 0));
        assertEquals(ActiveConnection.State.FAILED, c.state());
        assertEquals(List.of("failed RESET at 0"), events);
        clock.set(10_000 * MS);
        c.tick();
        sink.assertNothing();
    }

    @Test
    void abortSendsReset() {
        ActiveConnection c = established(ISS, 65535, 1000);
        c.send(new byte[100]);
        sink.take();
        c.abort();
        TcpFrame r = sink.takeOne();
        assertEquals(TcpSegment.RST, r.tcp().flags());
        assertEquals(ISS + 101, r.tcp().seq());
        assertEquals(ActiveConnection.State.ABORTED, c.state());
        assertFalse(c.nextTimeout().isPresent());
        c.abort();
        sink.assertNothing();
    }

    @Test
    void zeroWindowIsProbed() {
        ActiveConnection c = established(ISS, 0, 1000);
        byte[] d = Segments.bytes(1500, 6);
        c.send(d);
        sink.assertNothing();
        assertEquals(OptionalLong.of(200 * MS), c.nextTimeout());
        clock.set(200 * MS);
        c.tick();
        assertData(sink.takeOne(), ISS + 1, d, 0, 1);
        ack(c, ISS + 2, 65535); // probe taken, window open
        List<TcpFrame> out = sink.take();
        assertEquals(2, out.size());
        assertData(out.get(0), ISS + 2, d, 1, 1000);
        assertData(out.get(1), ISS + 1002, d, 1001, 499);
    }

    @Test
    void sequenceNumbersWrap() {
        int iss = 0xFFFFFFF0;
        ActiveConnection c = conn(config(iss));
        c.open();
        sink.take();
        c.receive(synAck(0xFFFFFFFE, iss + 1, 65535, TcpOptions.of(TcpOption.mss(1000))));
        TcpFrame a = sink.takeOne();
        assertEquals(0xFFFFFFF1, a.tcp().seq());
        assertEquals(0xFFFFFFFF, a.tcp().ack());
        byte[] d = Segments.bytes(3000, 7);
        c.send(d);
        List<TcpFrame> out = sink.take();
        assertEquals(3, out.size());
        assertEquals(0xFFFFFFF1, out.get(0).tcp().seq());
        assertEquals(0xFFFFFFF1 + 1000, out.get(1).tcp().seq());
        assertEquals(985, out.get(1).tcp().seq());
        c.receive(Segments.frame(BACKEND, PROXY, 0xFFFFFFFF, 985 + 500, TcpSegment.ACK, 65535));
        assertEquals(1500, c.unacknowledgedBytes());
        clock.set(200 * MS);
        c.tick();
        TcpFrame r = sink.takeOne();
        assertEquals(1485, r.tcp().seq());
        assertArrayEquals(Arrays.copyOfRange(d, 1500, 2500), r.tcp().payload());
        c.receive(Segments.frame(BACKEND, PROXY, 0xFFFFFFFF, 0xFFFFFFF1 + 3000, TcpSegment.ACK, 65535));
        assertEquals(0, c.unacknowledgedBytes());
        assertEquals(List.of("synack", "acked " + Seq32.toString(0xFFFFFFF1 + 3000)), events);
    }

    @Test
    void framesOfOtherConnectionsAreNotTaken() {
        ActiveConnection c = established(ISS, 65535, 1000);
        TcpAddress other = TcpAddress.of("02:00:00:00:00:0b", "10.0.0.11", 8081);
        assertFalse(c.receive(Segments.frame(other, PROXY, BISN + 1, ISS + 1, TcpSegment.RST, 0)));
        assertFalse(c.receive(new byte[3]));
        byte[] bad = fromBackend(BISN + 1, 0, TcpSegment.RST, 0).toBytes();
        bad[bad.length - 3] ^= 0x10;
        assertTrue(c.receive(bad), "ours, but dropped for its checksum");
        assertEquals(ActiveConnection.State.ESTABLISHED, c.state());
    }
}
