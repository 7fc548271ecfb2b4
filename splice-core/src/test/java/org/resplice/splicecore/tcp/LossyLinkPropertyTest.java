package org.resplice.splicecore.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import org.resplice.splicecore.Seq32;
import org.resplice.splicecore.packet.TcpFrame;
import org.resplice.splicecore.packet.TcpOption;
import org.resplice.splicecore.packet.TcpOptions;
import org.resplice.splicecore.packet.TcpSegment;

/**
 * The active side against a simulated backend over a link that drops and reorders frames in both
 * directions: every byte arrives, in order, and is acknowledged, with sequence numbers anywhere
 * (including across the wrap).
 */
class LossyLinkPropertyTest {

    static final TcpAddress PROXY = ActiveConnectionTest.PROXY;
    static final TcpAddress BACKEND = ActiveConnectionTest.BACKEND;

    @Property(tries = 150)
    void everythingArrivesDespiteLossAndReordering(@ForAll @Size(min = 1, max = 30000) byte[] data,
            @ForAll long seed, @ForAll int iss, @ForAll int bisn, @ForAll @IntRange(max = 35) int lossPercent,
            @ForAll @IntRange(min = 536, max = 1460) int mss, @ForAll @IntRange(min = 1, max = 64) int windowKb,
            @ForAll boolean reorder) {
        Random r = new Random(seed);
        FakeClock clock = new FakeClock(r.nextLong());
        CapturingSink sink = new CapturingSink();
        boolean[] acked = new boolean[1];
        ActiveConnection c = new ActiveConnection(
                ActiveConnection.config(PROXY, BACKEND, iss, SynOptions.of(1460, 7, true))
                        .initialRtoNanos(200_000_000L).maxRtoNanos(1_000_000_000L).maxRetries(60).build(),
                clock, sink, new ActiveConnection.Handler() {
                    @Override
                    public void allAcknowledged(ActiveConnection conn) {
                        acked[0] = true;
                    }
                });
        c.send(data);
        c.open();
        ReassemblyBuffer backend = new ReassemblyBuffer(Seq32.add(iss, 1), data.length);
        int window = windowKb * 1024;
        Deque<TcpFrame> toBackend = new ArrayDeque<>();
        int steps = 0;
        while (!acked[0] && c.state() != ActiveConnection.State.FAILED) {
            assertTrue(++steps < 200_000, "no progress");
            toBackend.addAll(sink.take());
            if (toBackend.isEmpty()) {
                clock.set(c.nextTimeout().getAsLong());
                c.tick();
                continue;
            }
            TcpFrame f = reorder && toBackend.size() > 1 && r.nextInt(4) == 0 ? toBackend.removeLast()
                    : toBackend.removeFirst();
            if (r.nextInt(100) < lossPercent) {
                continue;
            }
            TcpSegment s = f.tcp();
            TcpFrame reply;
            if (s.isSyn()) {
                reply = Segments.frame(BACKEND, PROXY, bisn, Seq32.add(s.seq(), 1), TcpSegment.SYN | TcpSegment.ACK,
                        Math.min(window, 65535), TcpOptions.of(TcpOption.mss(mss)), new byte[0]);
            } else {
                if (s.payloadLength() > 0) {
                    backend.offer(s.seq(), s.payload(), 0, s.payloadLength());
                } else if (s.payloadLength() == 0) {
                    continue; // the handshake ACK needs no answer
                }
                reply = Segments.frame(BACKEND, PROXY, Seq32.add(bisn, 1), backend.nextSeq(), TcpSegment.ACK,
                        Math.min(window, 65535));
            }
            if (r.nextInt(100) >= lossPercent) {
                c.receive(reply);
            }
        }
        assertEquals(ActiveConnection.State.ESTABLISHED, c.state());
        assertArrayEquals(data, backend.contiguousBytes());
        assertEquals(0, c.unacknowledgedBytes());
        assertEquals(Seq32.add(iss, 1 + data.length), c.sndUna());
        for (TcpFrame f : sink.frames) {
            assertTrue(f.tcp().payloadLength() <= mss, "segments fit the backend's MSS");
        }
    }
}
