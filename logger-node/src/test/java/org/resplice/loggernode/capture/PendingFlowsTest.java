package org.resplice.loggernode.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.resplice.splicecore.packet.MalformedPacketException;
import org.resplice.splicecore.packet.TcpSegment;

class PendingFlowsTest {

    private static final long SECOND = 1_000_000_000L;
    private static final FlowKey CLIENT_TO_BACKEND = FlowKey.of(Endpoint.of("10.0.0.200", 40001),
            Endpoint.of("10.0.0.11", 80));

    private static MirroredSegment seg(String src, int sport, String dst, int dport, int seq, String payload) {
        byte[] f = TestFrames.tcp(src, sport, dst, dport, seq, 0, TcpSegment.ACK, payload);
        try {
            return MirroredSegment.decode(seq, f, f.length);
        } catch (MalformedPacketException e) {
            throw new AssertionError(e);
        }
    }

    private static MirroredSegment toBackend(int seq) {
        return seg("10.0.0.200", 40001, "10.0.0.11", 80, seq, "GET / HTTP/1.1\r\n");
    }

    private static MirroredSegment fromBackend(int seq) {
        return seg("10.0.0.11", 80, "10.0.0.200", 40001, seq, "HTTP/1.1 200 OK\r\n");
    }

    @Test
    void replaysBothDirectionsOfOneConnectionInCaptureOrder() {
        PendingFlows p = PendingFlows.withDefaults();
        MirroredSegment a = toBackend(1);
        MirroredSegment b = fromBackend(2);
        MirroredSegment other = seg("10.0.0.200", 40002, "10.0.0.11", 80, 3, "x");
        MirroredSegment c = toBackend(4);
        p.hold(a, 0);
        p.hold(b, 1);
        p.hold(other, 2);
        p.hold(c, 3);

        assertEquals(List.of(a, b, c), p.take(CLIENT_TO_BACKEND.reversed()));
        assertEquals(List.of(), p.take(CLIENT_TO_BACKEND), "taken once");
        PendingFlows.Counters counters = p.counters();
        assertEquals(1, counters.heldSegments());
        assertEquals(1, counters.heldConnections());
        assertEquals(other.frame().length, counters.heldBytes());
        assertEquals(3, counters.replayed());
    }

    @Test
    void segmentsOlderThanTheMaximumAgeAreEvictedAndCounted() {
        PendingFlows p = new PendingFlows(Duration.ofSeconds(2), 1 << 20);
        MirroredSegment old = toBackend(1);
        MirroredSegment young = toBackend(2);
        p.hold(old, 0);
        p.hold(young, SECOND);
        p.expire(2 * SECOND + 1);
        assertEquals(List.of(young), p.take(CLIENT_TO_BACKEND));
        PendingFlows.Counters c = p.counters();
        assertEquals(1, c.evictedByAge());
        assertEquals(old.frame().length, c.evictedByAgeBytes());
        assertEquals(0, c.heldBytes());
        assertEquals(0, c.heldSegments());
    }

    @Test
    void theByteBoundEvictsTheOldestFirst() {
        MirroredSegment first = toBackend(1);
        int size = first.frame().length;
        PendingFlows p = new PendingFlows(Duration.ofSeconds(2), 3L * size);
        MirroredSegment other = seg("10.0.0.200", 40002, "10.0.0.11", 80, 2, "GET / HTTP/1.1\r\n");
        p.hold(first, 0);
        p.hold(other, 1);
        p.hold(toBackend(3), 2);
        p.hold(toBackend(4), 3);
        PendingFlows.Counters c = p.counters();
        assertEquals(1, c.evictedBySize());
        assertEquals(size, c.evictedBySizeBytes());
        assertEquals(3L * size, c.heldBytes());
        List<MirroredSegment> replay = p.take(CLIENT_TO_BACKEND);
        assertEquals(List.of(3, 4), replay.stream().map(MirroredSegment::seq).toList());
        assertEquals(List.of(other), p.take(other.flowKey()));
    }

    @Test
    void takenSegmentsNoLongerCountAndDoNotBlockEviction() {
        PendingFlows p = new PendingFlows(Duration.ofSeconds(2), 1 << 20);
        p.hold(toBackend(1), 0);
        p.take(CLIENT_TO_BACKEND);
        MirroredSegment later = fromBackend(2);
        p.hold(later, SECOND);
        p.expire(4 * SECOND);
        PendingFlows.Counters c = p.counters();
        assertEquals(1, c.evictedByAge(), "only the untaken segment ages out");
        assertEquals(0, c.heldSegments());
        assertTrue(p.take(CLIENT_TO_BACKEND).isEmpty());
    }

    @Test
    void refusesNonPositiveBounds() {
        IllegalArgumentException age = assertThrows(IllegalArgumentException.class,
                () -> new PendingFlows(Duration.ZERO, 1));
        assertTrue(age.getMessage().startsWith("maxAge:"));
        IllegalArgumentException bytes = assertThrows(IllegalArgumentException.class,
                () -> new PendingFlows(Duration.ofSeconds(1), 0));
        assertTrue(bytes.getMessage().startsWith("maxBytes:"));
    }

    @Test
    void connectionKeyIsTheSameForBothDirections() {
        assertEquals(CLIENT_TO_BACKEND.connection(), CLIENT_TO_BACKEND.reversed().connection());
    }
}
