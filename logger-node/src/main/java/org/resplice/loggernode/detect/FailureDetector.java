package org.resplice.loggernode.detect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The logger's adaptive backend failure detector (DESIGN §4.5, the paper's §3.5).
 *
 * <p>While a backend serves requests no heartbeat is sent: for each kind of request the detector
 * learns (a) the time from a complete request to the first response byte and (b) the time from the
 * first to the last response byte, and suspects the backend when an outstanding request waits longer
 * than mean + k·deviation of (a), or a response runs past (b) and has stopped delivering bytes (a
 * large response that is still flowing is not a failure). A reset or close in the middle of a
 * transaction is immediate evidence. When a backend is idle the caller probes it at a low rate.
 *
 * <p>Time is passed in (nanoseconds from any fixed origin), so tests drive it. A backend is reported
 * once, until {@link #clear(String)}. Thread-safe: events and checks may come from different threads.
 */
public final class FailureDetector {

    private final DetectorConfig config;
    private final Map<String, Backend> backends = new HashMap<>();

    private static final class Kind {
        final LatencyEstimator firstByte = new LatencyEstimator();
        final LatencyEstimator transfer = new LatencyEstimator();
    }

    private static final class Outstanding {
        final long connection;
        final Kind kind;
        final long requestEnd;
        long responseStart = -1;
        long lastResponseByte = -1;

        Outstanding(long connection, Kind kind, long requestEnd) {
            this.connection = connection;
            this.kind = kind;
            this.requestEnd = requestEnd;
        }
    }

    private static final class Backend {
        final Map<String, Kind> kinds = new HashMap<>();
        final Map<Long, Outstanding> outstanding = new LinkedHashMap<>();
        /** When each connection's latest response ended: a pipelined request waits for it first. */
        final Map<Long, Long> lastResponseEnd = new HashMap<>();
        long lastActivity;
        long lastProbe = Long.MIN_VALUE;
        boolean suspected;
    }

    public FailureDetector(DetectorConfig config) {
        this.config = config;
    }

    private Backend backend(String address, long now) {
        Backend b = backends.computeIfAbsent(address, a -> new Backend());
        b.lastActivity = now;
        return b;
    }

    /** The last byte of a request reached the backend's side. */
    public synchronized void requestComplete(String backend, long connection, long transaction, String kind,
                                             long now) {
        Backend b = backend(backend, now);
        b.outstanding.put(transaction, new Outstanding(connection, b.kinds.computeIfAbsent(kind, k -> new Kind()),
                now));
    }

    /** Response bytes of a transaction were seen (the first call marks the response's start). */
    public synchronized void responseBytes(String backend, long transaction, long now) {
        Backend b = backend(backend, now);
        Outstanding o = b.outstanding.get(transaction);
        if (o == null) {
            return;
        }
        if (o.responseStart < 0) {
            o.responseStart = now;
            o.kind.firstByte.add(now - Math.max(o.requestEnd, b.lastResponseEnd.getOrDefault(o.connection, o.requestEnd)));
        }
        o.lastResponseByte = now;
    }

    /** The response of a transaction is complete. */
    public synchronized void responseComplete(String backend, long transaction, long now) {
        Backend b = backend(backend, now);
        Outstanding o = b.outstanding.remove(transaction);
        if (o == null) {
            return;
        }
        if (o.responseStart < 0) {
            o.responseStart = now;
            o.kind.firstByte.add(now - o.requestEnd);
        }
        o.kind.transfer.add(now - o.responseStart);
        b.lastResponseEnd.put(o.connection, now);
    }

    /** A connection ended normally (both sides closed, nothing outstanding). */
    public synchronized void connectionClosed(String backend, long connection) {
        Backend b = backends.get(backend);
        if (b != null) {
            b.lastResponseEnd.remove(connection);
            b.outstanding.values().removeIf(o -> o.connection == connection);
        }
    }

    /**
     * The backend reset or closed a connection. Evidence of failure when a transaction of that
     * connection was outstanding; otherwise a normal end.
     */
    public synchronized Optional<Suspicion> connectionBroken(String backend, long connection, boolean reset,
                                                             long now) {
        Backend b = backend(backend, now);
        long transaction = -1;
        for (Map.Entry<Long, Outstanding> e : b.outstanding.entrySet()) {
            if (e.getValue().connection == connection) {
                transaction = e.getKey();
                break;
            }
        }
        connectionClosed(backend, connection);
        if (transaction < 0 || b.suspected) {
            return Optional.empty();
        }
        b.suspected = true;
        return Optional.of(new Suspicion(backend, transaction,
                reset ? Suspicion.Reason.CONNECTION_RESET : Suspicion.Reason.CLOSED_MID_TRANSACTION, 0, 0));
    }

    /** Every backend whose outstanding work has run past its timeout, each reported once. */
    public synchronized List<Suspicion> check(long now) {
        List<Suspicion> found = new ArrayList<>();
        for (Map.Entry<String, Backend> e : backends.entrySet()) {
            Backend b = e.getValue();
            if (b.suspected) {
                continue;
            }
            for (Map.Entry<Long, Outstanding> t : b.outstanding.entrySet()) {
                Suspicion s = overdue(e.getKey(), b, t.getKey(), t.getValue(), now);
                if (s != null) {
                    b.suspected = true;
                    found.add(s);
                    break;
                }
            }
        }
        return found;
    }

    private Suspicion overdue(String address, Backend b, long transaction, Outstanding o, long now) {
        if (o.responseStart < 0) {
            long since = Math.max(o.requestEnd, b.lastResponseEnd.getOrDefault(o.connection, o.requestEnd));
            if (hasEarlierOutstanding(b, o)) {
                return null; // its response cannot start before the earlier one's ends
            }
            long timeout = o.kind.firstByte.timeoutNanos(config);
            long waited = now - since;
            return waited > timeout ? new Suspicion(address, transaction, Suspicion.Reason.NO_RESPONSE, waited, timeout)
                    : null;
        }
        long timeout = o.kind.transfer.timeoutNanos(config);
        long running = now - o.responseStart;
        long silent = now - o.lastResponseByte;
        boolean stalled = (running > timeout && silent > config.stallNanos()) || silent > config.ceilingNanos();
        return stalled ? new Suspicion(address, transaction, Suspicion.Reason.RESPONSE_STALLED, silent,
                Math.min(timeout, config.ceilingNanos())) : null;
    }

    private static boolean hasEarlierOutstanding(Backend b, Outstanding o) {
        for (Outstanding other : b.outstanding.values()) {
            if (other == o) {
                return false;
            }
            if (other.connection == o.connection) {
                return true;
            }
        }
        return false;
    }

    /** Backends with nothing outstanding and no traffic for the idle interval; marks them probed. */
    public synchronized List<String> backendsToProbe(long now) {
        List<String> due = new ArrayList<>();
        for (Map.Entry<String, Backend> e : backends.entrySet()) {
            Backend b = e.getValue();
            if (!b.suspected && b.outstanding.isEmpty() && now - b.lastActivity >= config.idleProbeNanos()
                    && (b.lastProbe == Long.MIN_VALUE || now - b.lastProbe >= config.idleProbeNanos())) {
                b.lastProbe = now;
                due.add(e.getKey());
            }
        }
        return due;
    }

    /** Makes a backend known before it serves anything, so it is probed while idle. */
    public synchronized void watch(String backend, long now) {
        backend(backend, now);
    }

    /** A probe found the backend unreachable. */
    public synchronized Optional<Suspicion> probeFailed(String backend, long now) {
        Backend b = backends.get(backend);
        if (b == null || b.suspected) {
            return Optional.empty();
        }
        b.suspected = true;
        return Optional.of(new Suspicion(backend, -1, Suspicion.Reason.PROBE_FAILED, 0, 0));
    }

    /** The backend was recovered from (or repaired): watch it afresh, keeping what was learnt. */
    public synchronized void clear(String backend) {
        Backend b = backends.get(backend);
        if (b != null) {
            b.suspected = false;
            b.outstanding.clear();
            b.lastResponseEnd.clear();
        }
    }

    /** Current timeouts per backend and kind, for counters and tests. */
    public synchronized Map<String, Map<String, long[]>> timeouts() {
        Map<String, Map<String, long[]>> result = new LinkedHashMap<>();
        for (Map.Entry<String, Backend> e : backends.entrySet()) {
            Map<String, long[]> kinds = new LinkedHashMap<>();
            for (Map.Entry<String, Kind> k : e.getValue().kinds.entrySet()) {
                kinds.put(k.getKey(), new long[]{k.getValue().firstByte.timeoutNanos(config),
                        k.getValue().transfer.timeoutNanos(config)});
            }
            result.put(e.getKey(), kinds);
        }
        return result;
    }
}
