package org.resplice.loggernode.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.resplice.loggernode.tag.Tagger;
import org.resplice.splicecore.tcp.Clock;
import org.resplice.splicecore.txn.Protocol;

/**
 * All logged connections of a logger. The capture's parse thread opens connections and feeds them
 * (each is a {@link org.resplice.loggernode.stream.ConnectionSink}); HTTP threads read
 * {@link RecoveryView} snapshots and counters. Thread-safe.
 *
 * <p>A connection stays after it closes, because a backend's FIN or RST is when recovery needs its
 * log most; it leaves when recovery is done with it ({@link #remove}), when a new connection reuses
 * its key, or when it has been idle for too long ({@link #closeIdle}).
 */
public final class ConnectionLogStore {

    private final ConcurrentHashMap<ConnectionKey, LoggedConnection> connections = new ConcurrentHashMap<>();
    private final LogConfig config;
    private final MemoryBudget budget;
    private final Tagger tagger;
    private final LogListener listener;
    private final Clock clock;
    private final LogStatistics stats = new LogStatistics();

    /**
     * @param config per-connection limits
     * @param budget the global byte cap, shared by every connection of this store (and of any other
     *        store given the same budget)
     * @param tagger tags new transactions
     * @param listener told about every connection's transactions; {@link LogListener#NONE} for none
     * @param clock the time of events ({@link Clock#system()} outside tests)
     */
    public ConnectionLogStore(LogConfig config, MemoryBudget budget, Tagger tagger, LogListener listener,
                              Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.tagger = Objects.requireNonNull(tagger, "tagger");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Starts logging a spliced connection. A connection already logged under the same key (a client
     * reusing its port) is removed first, with {@link CloseCause#REMOVED}.
     *
     * @param clientIsn the client's ISN in backend sequence space
     * @param backendIsn the backend's ISN (Ack_CL is reported as {@code backendIsn + 1 + offset})
     * @return the connection, to be fed by the stream rebuild
     */
    public LoggedConnection open(ConnectionKey key, Protocol protocol, int clientIsn, int backendIsn) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(protocol, "protocol");
        LoggedConnection c = new LoggedConnection(key, protocol, clientIsn, backendIsn, config, budget, tagger,
                listener, clock, stats);
        LoggedConnection previous = connections.put(key, c);
        if (previous != null) {
            previous.discard(CloseCause.REMOVED);
        }
        return c;
    }

    public Optional<LoggedConnection> get(ConnectionKey key) {
        return Optional.ofNullable(connections.get(Objects.requireNonNull(key, "key")));
    }

    /** Stops logging the connection and frees its bytes. False if it was not logged. */
    public boolean remove(ConnectionKey key) {
        LoggedConnection c = connections.remove(Objects.requireNonNull(key, "key"));
        if (c == null) {
            return false;
        }
        c.discard(CloseCause.REMOVED);
        return true;
    }

    /** The connections spliced to {@code backend}. */
    public List<LoggedConnection> byBackend(String backend) {
        Objects.requireNonNull(backend, "backend");
        List<LoggedConnection> out = new ArrayList<>();
        for (LoggedConnection c : connections.values()) {
            if (c.backend().equals(backend)) {
                out.add(c);
            }
        }
        return out;
    }

    /** Recovery views of every connection spliced to {@code backend}: what recovering it needs. */
    public List<RecoveryView> recoveryViews(String backend) {
        List<RecoveryView> out = new ArrayList<>();
        for (LoggedConnection c : byBackend(backend)) {
            out.add(c.recoveryView());
        }
        return out;
    }

    public Optional<RecoveryView> recoveryView(ConnectionKey key) {
        return get(key).map(LoggedConnection::recoveryView);
    }

    /** All logged connections. */
    public List<LoggedConnection> connections() {
        return new ArrayList<>(connections.values());
    }

    public int size() {
        return connections.size();
    }

    /**
     * Removes every connection without captured bytes for {@code idleNanos} or more, telling the
     * listener ({@link CloseCause#IDLE}) about those not closed yet. Returns how many were removed.
     */
    public int closeIdle(long idleNanos) {
        if (idleNanos < 0) {
            throw new IllegalArgumentException("idleNanos must not be negative: " + idleNanos);
        }
        long now = clock.nanos();
        int removed = 0;
        for (LoggedConnection c : connections.values()) {
            if (now - c.lastActivityNanos() >= idleNanos && connections.remove(c.key(), c)) {
                c.discard(CloseCause.IDLE);
                stats.idleClosed.increment();
                removed++;
            }
        }
        return removed;
    }

    /** Counters of this store's connections. */
    public LogCounters counters() {
        return stats.snapshot(connections.size());
    }

    public MemoryBudget budget() {
        return budget;
    }

    public LogConfig config() {
        return config;
    }

    public Tagger tagger() {
        return tagger;
    }
}
