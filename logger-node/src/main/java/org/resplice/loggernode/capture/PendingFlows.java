package org.resplice.loggernode.capture;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Segments of connections the logger does not follow yet, kept briefly. The controller announces a
 * splice only after it has installed it (and the logger polls for it), so the first segments of a
 * spliced connection reach the logger before the logger knows the connection; when the announcement
 * comes, {@link #take} hands them back in capture order, both directions together, for the stream
 * rebuild to replay.
 *
 * <p>Bounded by age and by total bytes (captured frame bytes). The oldest segments go first; what is
 * evicted is counted, by cause. Connections that are never announced (not spliced, or traffic the
 * filter let through) simply age out. Thread-safe, though normally used only on the parse thread.
 */
public final class PendingFlows {

    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(2);
    public static final long DEFAULT_MAX_BYTES = 16L << 20;

    private final long maxAgeNanos;
    private final long maxBytes;

    /** Every held segment in arrival order, including ones already taken (skipped when reached). */
    private final ArrayDeque<Held> arrival = new ArrayDeque<>();
    private final Map<FlowKey, ArrayDeque<Held>> byConnection = new HashMap<>();
    private long heldBytes;
    private long heldSegments;
    private long evictedByAge;
    private long evictedByAgeBytes;
    private long evictedBySize;
    private long evictedBySizeBytes;
    private long replayed;

    /**
     * @param maxAge   how long a segment is kept, measured on the clock the caller passes in
     * @param maxBytes the most captured bytes kept over all connections
     */
    public PendingFlows(Duration maxAge, long maxBytes) {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge: " + maxAge + " must be positive; the default is "
                    + DEFAULT_MAX_AGE);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " must be positive; the default is "
                    + DEFAULT_MAX_BYTES);
        }
        this.maxAgeNanos = maxAge.toNanos();
        this.maxBytes = maxBytes;
    }

    /** Two seconds, 16 MiB. */
    public static PendingFlows withDefaults() {
        return new PendingFlows(DEFAULT_MAX_AGE, DEFAULT_MAX_BYTES);
    }

    /**
     * Keeps a segment of a connection not yet followed, evicting what is too old or too much.
     *
     * @param nowNanos the caller's clock (monotonic, e.g. {@link System#nanoTime()}); ages are
     *                 differences of these values
     */
    public synchronized void hold(MirroredSegment segment, long nowNanos) {
        expire(nowNanos);
        int size = segment.frame().length;
        if (size > maxBytes) {
            countEvicted(false, size);
            return;
        }
        while (heldBytes + size > maxBytes) {
            evictOldest(false);
        }
        Held h = new Held(segment, nowNanos);
        arrival.addLast(h);
        byConnection.computeIfAbsent(segment.flowKey().connection(), k -> new ArrayDeque<>()).addLast(h);
        heldBytes += size;
        heldSegments++;
    }

    /**
     * Removes and returns the held segments of one connection, both directions, in capture order.
     *
     * @param anyDirection the 4-tuple of either direction
     * @return the segments, empty if none are held
     */
    public synchronized List<MirroredSegment> take(FlowKey anyDirection) {
        ArrayDeque<Held> held = byConnection.remove(anyDirection.connection());
        if (held == null) {
            return List.of();
        }
        List<MirroredSegment> out = new ArrayList<>(held.size());
        for (Held h : held) {
            h.taken = true;
            heldBytes -= h.segment.frame().length;
            heldSegments--;
            out.add(h.segment);
            h.segment = null; // the arrival queue still points at h until h reaches its head
        }
        replayed += out.size();
        return out;
    }

    /** Evicts what has been held longer than the maximum age; {@link #hold} also does this. */
    public synchronized void expire(long nowNanos) {
        while (!arrival.isEmpty()) {
            Held h = arrival.peekFirst();
            if (h.taken) {
                arrival.removeFirst();
            } else if (nowNanos - h.heldAtNanos > maxAgeNanos) {
                evictOldest(true);
            } else {
                return;
            }
        }
    }

    private void evictOldest(boolean byAge) {
        Held h = arrival.removeFirst();
        while (h.taken) {
            h = arrival.removeFirst();
        }
        FlowKey key = h.segment.flowKey().connection();
        ArrayDeque<Held> q = byConnection.get(key);
        // The globally oldest untaken segment is also the oldest of its connection.
        q.removeFirst();
        if (q.isEmpty()) {
            byConnection.remove(key);
        }
        int size = h.segment.frame().length;
        heldBytes -= size;
        heldSegments--;
        countEvicted(byAge, size);
    }

    private void countEvicted(boolean byAge, int size) {
        if (byAge) {
            evictedByAge++;
            evictedByAgeBytes += size;
        } else {
            evictedBySize++;
            evictedBySizeBytes += size;
        }
    }

    public synchronized Counters counters() {
        return new Counters(heldSegments, heldBytes, byConnection.size(), evictedByAge, evictedByAgeBytes,
                evictedBySize, evictedBySizeBytes, replayed);
    }

    /**
     * A snapshot of what is held and what was evicted.
     *
     * @param heldSegments       segments held now
     * @param heldBytes          their captured bytes
     * @param heldConnections    connections with held segments
     * @param evictedByAge       segments dropped for age (their connection was never announced in time)
     * @param evictedByAgeBytes  their bytes
     * @param evictedBySize      segments dropped to stay within the byte bound
     * @param evictedBySizeBytes their bytes
     * @param replayed           segments handed back by {@link #take}
     */
    public record Counters(long heldSegments, long heldBytes, int heldConnections, long evictedByAge,
                           long evictedByAgeBytes, long evictedBySize, long evictedBySizeBytes, long replayed) {
    }

    private static final class Held {
        MirroredSegment segment;
        final long heldAtNanos;
        boolean taken;

        Held(MirroredSegment segment, long heldAtNanos) {
            this.segment = segment;
            this.heldAtNanos = heldAtNanos;
        }
    }
}
