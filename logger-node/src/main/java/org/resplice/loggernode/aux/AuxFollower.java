package org.resplice.loggernode.aux;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

import org.resplice.loggernode.capture.FailureLog;
import org.resplice.loggernode.capture.FlowKey;
import org.resplice.loggernode.capture.MirroredSegment;
import org.resplice.loggernode.capture.SegmentHandler;
import org.resplice.splicecore.packet.TcpSegment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logger's aux role on the capture side: picks the backends' connections to the aux server out
 * of the mirrored traffic, follows each from its handshake ({@link AuxConnectionTracker}), and logs
 * their IMAP commands into an {@link AuxCache}.
 *
 * <p>A connection is followed only from its SYN: one first seen later is counted once
 * ({@link AuxCounters#connectionsWithoutHandshake()}) and its segments are ignored, because without
 * the ISNs the streams cannot be rebuilt. A FIN pair or a RST ends a connection, so does the idle
 * timeout (on the injected clock), and so does a new SYN with another ISN on the same addresses,
 * which starts the next connection. Segments that arrive after a connection ended, or of one not
 * followed, are ignored and counted until that 4-tuple has been quiet for the idle timeout.
 *
 * <p>Not thread-safe: the capture's parse thread calls {@link #segment} and {@link #expireIdle}.
 * Its {@link AuxCache} may be read from other threads.
 */
public final class AuxFollower implements SegmentHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AuxFollower.class);

    private final AuxFollowerConfig config;
    private final AuxCache cache;
    private final AuxCounters counters;
    private final LongSupplier nanoClock;
    private final long idleNanos;
    private final long sweepEveryNanos;
    private final FailureLog failures = new FailureLog(LOG, "following an aux connection");
    /** Followed connections by their backend → aux key. */
    private final Map<FlowKey, AuxConnectionTracker> connections = new HashMap<>();
    /** 4-tuples not followed (no handshake seen, ended, refused): when each was last seen. */
    private final LinkedHashMap<FlowKey, Long> ignored;
    private long lastSweepNanos;

    /**
     * @param config    which traffic is aux traffic, and the bounds
     * @param cache     where the logged commands go; its counters are the follower's too
     * @param nanoClock a monotonic clock in nanoseconds (System::nanoTime; tests inject their own)
     */
    public AuxFollower(AuxFollowerConfig config, AuxCache cache, LongSupplier nanoClock) {
        this.config = Objects.requireNonNull(config, "config");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.counters = cache.counters();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.idleNanos = config.idleTimeout().toNanos();
        this.sweepEveryNanos = Math.max(1_000_000L, idleNanos / 8);
        int maxIgnored = config.maxConnections();
        this.ignored = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<FlowKey, Long> eldest) {
                return size() > maxIgnored; // bounded; the oldest ignored 4-tuple is forgotten first
            }
        };
        this.lastSweepNanos = nanoClock.getAsLong();
    }

    public AuxCounters counters() {
        return counters;
    }

    /** Connections followed now (including those waiting for their SYN-ACK). */
    public int connections() {
        return connections.size();
    }

    /** The followed connection's sink, for tests and status; null if not followed or not established. */
    AuxSink sinkOf(FlowKey backendToAux) {
        AuxConnectionTracker c = connections.get(backendToAux);
        return c == null ? null : c.sink();
    }

    /** One mirrored segment; anything that is not to or from the aux server is ignored silently. */
    @Override
    public void segment(MirroredSegment s) {
        Objects.requireNonNull(s, "segment");
        long now = nanoClock.getAsLong();
        if (now - lastSweepNanos >= sweepEveryNanos) {
            expireIdle();
        }
        boolean fromBackend = config.isAuxServer(s.dstIp(), s.dstPort());
        if (!fromBackend && !config.isAuxServer(s.srcIp(), s.srcPort())) {
            return;
        }
        FlowKey key = fromBackend ? s.flowKey() : s.flowKey().reversed();
        AuxConnectionTracker c = connections.get(key);
        boolean syn = fromBackend && s.has(TcpSegment.SYN) && !s.has(TcpSegment.ACK);
        if (syn && (c == null || c.backendIsn() != s.seq())) {
            if (c != null) {
                endConnection(key, c, "a new connection started on the same addresses");
            }
            startConnection(key, s.seq(), now);
            return;
        }
        if (c == null) {
            ignore(key, now);
            return;
        }
        feed(key, c, fromBackend, s, now);
    }

    /**
     * Ends every connection idle for longer than the idle timeout (their open commands are logged
     * as incomplete) and forgets ignored 4-tuples as quiet. Called from {@link #segment} now and
     * then; call it from a timer on the parse thread when traffic may stop.
     *
     * @return the connections ended
     */
    public int expireIdle() {
        long now = nanoClock.getAsLong();
        lastSweepNanos = now;
        List<Map.Entry<FlowKey, AuxConnectionTracker>> idle = new ArrayList<>();
        for (Map.Entry<FlowKey, AuxConnectionTracker> e : connections.entrySet()) {
            if (now - e.getValue().lastActivityNanos() > idleNanos) {
                idle.add(e);
            }
        }
        for (Map.Entry<FlowKey, AuxConnectionTracker> e : idle) {
            counters.countConnectionIdleExpired();
            endConnection(e.getKey(), e.getValue(), "connection idle for more than " + config.idleTimeout());
        }
        for (Iterator<Long> it = ignored.values().iterator(); it.hasNext();) {
            if (now - it.next() > idleNanos) {
                it.remove();
            }
        }
        return idle.size();
    }

    /** Ends every followed connection, e.g. when the logger stops; open commands are logged incomplete. */
    public void endAll(String reason) {
        Objects.requireNonNull(reason, "reason");
        for (Map.Entry<FlowKey, AuxConnectionTracker> e : new ArrayList<>(connections.entrySet())) {
            endConnection(e.getKey(), e.getValue(), reason);
        }
    }

    private void startConnection(FlowKey key, int backendIsn, long now) {
        ignored.remove(key);
        if (connections.size() >= config.maxConnections()) {
            counters.countConnectionRefused();
            failures.failed("more than " + config.maxConnections() + " aux connections at once; not following more",
                    null);
            ignored.put(key, now);
            return;
        }
        connections.put(key, new AuxConnectionTracker(key, backendIsn, config, cache::record, counters, now));
    }

    private void feed(FlowKey key, AuxConnectionTracker c, boolean fromBackend, MirroredSegment s, long now) {
        AuxConnectionTracker.Result r;
        try {
            r = c.segment(fromBackend, s, now);
        } catch (RuntimeException e) {
            // A bug must not stop the capture: drop this connection (its open commands are lost), count, log once.
            counters.countInternalError();
            failures.failed(e.getClass().getName() + " while following an aux connection", e);
            connections.remove(key);
            ignored.put(key, now);
            return;
        }
        if (r == AuxConnectionTracker.Result.NO_HANDSHAKE) {
            counters.countConnectionWithoutHandshake();
            counters.countSegmentIgnored();
            LOG.debug("aux connection {}: SYN seen but not the SYN-ACK; not followed", key);
            connections.remove(key);
            ignored.put(key, now);
        } else if (r == AuxConnectionTracker.Result.ENDED) {
            connections.remove(key);
            ignored.put(key, now); // late retransmissions and the peer's RST are not a new connection
        }
    }

    private void endConnection(FlowKey key, AuxConnectionTracker c, String reason) {
        connections.remove(key);
        ignored.put(key, nanoClock.getAsLong());
        try {
            c.end(reason);
        } catch (RuntimeException e) {
            counters.countInternalError();
            failures.failed(e.getClass().getName() + " while ending an aux connection", e);
        }
    }

    private void ignore(FlowKey key, long now) {
        counters.countSegmentIgnored();
        if (ignored.put(key, now) == null) {
            counters.countConnectionWithoutHandshake();
            LOG.debug("aux connection {} seen without its handshake; not followed", key);
        }
    }
}
