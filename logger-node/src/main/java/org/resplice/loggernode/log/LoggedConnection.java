package org.resplice.loggernode.log;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.resplice.loggernode.stream.ConnectionSink;
import org.resplice.loggernode.tag.Tagger;
import org.resplice.splicecore.http.HttpFramer;
import org.resplice.splicecore.imap.ImapFramer;
import org.resplice.splicecore.line.LineFramer;
import org.resplice.splicecore.tcp.Clock;
import org.resplice.splicecore.txn.Framer;
import org.resplice.splicecore.txn.Protocol;
import org.resplice.splicecore.txn.Transaction;
import org.resplice.splicecore.txn.TransactionListener;

/**
 * The log of one spliced connection (design §4.4): what the stream rebuild captured of its two
 * byte streams, cut into tagged transactions, with just enough bytes kept for recovery (§4.6).
 *
 * <p><b>What is kept.</b> Client bytes from the request of the oldest retained transaction on:
 * the last {@link LogConfig#retainedCompleteRequests()} complete transactions (recovery replays
 * from T_R, which may be older than T_L + 1) and everything after T_L. Server bytes from Ack_CL on
 * (recovery resends them to the client), plus the response of T_L + 1 so far (recovery compares the
 * alternate's response with it) unless that response is larger than
 * {@link LogConfig#largeResponseBytes()}, in which case its running SHA-256 replaces its bytes
 * below Ack_CL. Older bytes are released as soon as they are not needed.
 *
 * <p><b>Bounded.</b> The bytes of both streams together stay under
 * {@link LogConfig#connectionCapBytes()} and are charged to the shared {@link MemoryBudget}. When
 * either overflows, bytes are evicted oldest first, in {@link EvictionTier} order; every
 * transaction that loses bytes recovery would need is marked unrecoverable with the reason, and the
 * eviction is counted.
 *
 * <p><b>Capture loss.</b> A gap marks the transactions whose request or response range it
 * intersects, and since a framer cannot skip bytes, the whole connection becomes unrecoverable
 * from there (as it does when the framer finds the framing ambiguous). An unrecoverable connection
 * keeps its transaction table but no bytes: the logger never resends what it did not see.
 *
 * <p><b>Threads.</b> The {@link ConnectionSink} calls come from one thread at a time (the capture's
 * parse thread); {@link #recoveryView()} may be called from any thread. All state is guarded by one
 * lock, held while the {@link LogListener} is called. Data calls do not allocate per byte.
 */
public final class LoggedConnection implements ConnectionSink {

    private final ConnectionKey key;
    private final Protocol protocol;
    private final int clientIsn;
    private final int backendIsn;
    private final LogConfig config;
    private final MemoryBudget budget;
    private final Tagger tagger;
    private final LogListener listener;
    private final Clock clock;
    private final LogStatistics stats;

    private final ReentrantLock lock = new ReentrantLock();
    private final Framer framer;
    private final TransactionTable table = new TransactionTable();
    private final ByteRing clientBytes;
    private final ByteRing serverBytes;
    private final BudgetHolder holder = new BudgetHolder();
    /** Eviction frees a little more than asked so a full log does not evict on every packet. */
    private final int evictionSlack;

    /** Offsets just past the last client / server byte captured (or reported lost). */
    private long clientEnd;
    private long serverEnd;
    /** Ack_CL: every server byte before it was acknowledged by the client. */
    private long clientAck;
    /** Every client byte before it was acknowledged by the backend. */
    private long serverAck;
    /** T_L: ordinal of the last transaction whose response, and every earlier one, is logged. */
    private int lastLogged = -1;
    /** Ack_TL as a stream offset: end of T_L's response (0 before any). */
    private long lastLoggedResponseEnd;
    /** Highest end of a complete response: responses not started yet start at or after it. */
    private long maxResponseEnd;
    /** Highest end of a complete request: requests not started yet start at or after it. */
    private long maxRequestEnd;
    /** Bytes below these were evicted (lost to recovery), not merely released. */
    private long clientEvictedTo;
    private long serverEvictedTo;
    private long heldBytes;
    private String unrecoverableReason;
    private boolean clientFinished;
    private boolean serverFinished;
    private boolean reset;
    private CloseCause closeCause;
    private boolean discarded;
    /** Time of the sink call being handled: the timestamp of every event it causes. */
    private long now;
    private volatile long lastActivityNanos;

    LoggedConnection(ConnectionKey key, Protocol protocol, int clientIsn, int backendIsn, LogConfig config,
                     MemoryBudget budget, Tagger tagger, LogListener listener, Clock clock, LogStatistics stats) {
        this.key = Objects.requireNonNull(key, "key");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.clientIsn = clientIsn;
        this.backendIsn = backendIsn;
        this.config = Objects.requireNonNull(config, "config");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.tagger = Objects.requireNonNull(tagger, "tagger");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.clientBytes = new ByteRing(config.connectionCapBytes());
        this.serverBytes = new ByteRing(config.connectionCapBytes());
        this.evictionSlack = Math.min(config.connectionCapBytes() / 8, 64 << 10);
        this.framer = newFramer(protocol, key.clientIpv4(), key.clientPort(), new FramerEvents());
        this.now = clock.nanos();
        this.lastActivityNanos = now;
        budget.register(holder);
        stats.connectionsOpened.increment();
    }

    private static Framer newFramer(Protocol protocol, int clientIpv4, int clientPort, TransactionListener l) {
        switch (protocol) {
            case HTTP:
                return new HttpFramer(clientIpv4, clientPort, l);
            case IMAP:
                return new ImapFramer(clientIpv4, clientPort, l);
            case LINE:
                return new LineFramer(clientIpv4, clientPort, l);
            default:
                throw new AssertionError(protocol);
        }
    }

    // ================================================================ identity

    public ConnectionKey key() {
        return key;
    }

    public String backend() {
        return key.backend();
    }

    public Protocol protocol() {
        return protocol;
    }

    /** The client's ISN in backend sequence space: client stream offset 0 is sequence number {@code clientIsn + 1}. */
    public int clientIsn() {
        return clientIsn;
    }

    /** The backend's ISN: server stream offset 0 is sequence number {@code backendIsn + 1}. */
    public int backendIsn() {
        return backendIsn;
    }

    /** When bytes were last captured on the connection (the log's clock). */
    public long lastActivityNanos() {
        return lastActivityNanos;
    }

    public boolean isRecoverable() {
        lock.lock();
        try {
            return unrecoverableReason == null;
        } finally {
            lock.unlock();
        }
    }

    /** Why the connection cannot be recovered, or null. */
    public String unrecoverableReason() {
        lock.lock();
        try {
            return unrecoverableReason;
        } finally {
            lock.unlock();
        }
    }

    /** True once the store removed the connection: it ignores further sink calls and holds no bytes. */
    public boolean isRemoved() {
        lock.lock();
        try {
            return discarded;
        } finally {
            lock.unlock();
        }
    }

    /** How the connection ended, or null while it is open. */
    public CloseCause closeCause() {
        lock.lock();
        try {
            return closeCause;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes of both streams held now. */
    public long heldBytes() {
        lock.lock();
        try {
            return heldBytes;
        } finally {
            lock.unlock();
        }
    }

    /** T_L, or -1 if no response is logged yet. */
    public int lastLoggedOrdinal() {
        lock.lock();
        try {
            return lastLogged;
        } finally {
            lock.unlock();
        }
    }

    /** A consistent snapshot of what recovery needs, taken under the connection's lock. */
    public RecoveryView recoveryView() {
        lock.lock();
        try {
            return RecoveryViewBuilder.build(this);
        } finally {
            lock.unlock();
        }
    }

    // ================================================================ ConnectionSink

    @Override
    public void clientData(long offset, byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        lock.lock();
        try {
            if (!begin("client data")) {
                return;
            }
            checkContiguous("client data", offset, clientEnd);
            clientEnd = offset + len;
            if (len == 0) {
                return;
            }
            store(true, offset, b, off, len);
            if (framing()) {
                framer.clientData(b, off, len);
                afterFraming();
            }
            release();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void serverData(long offset, byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        lock.lock();
        try {
            if (!begin("server data")) {
                return;
            }
            checkContiguous("server data", offset, serverEnd);
            serverEnd = offset + len;
            if (len == 0) {
                return;
            }
            store(false, offset, b, off, len);
            if (framing()) {
                framer.serverData(b, off, len);
                afterFraming();
            }
            release();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void clientGap(long from, long to) {
        gap(true, from, to);
    }

    @Override
    public void serverGap(long from, long to) {
        gap(false, from, to);
    }

    @Override
    public void clientAck(long serverOffset) {
        lock.lock();
        try {
            if (discarded) {
                return;
            }
            now = clock.nanos();
            if (serverOffset > clientAck) {
                clientAck = serverOffset;
                release();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void serverAck(long clientOffset) {
        lock.lock();
        try {
            now = clock.nanos();
            serverAck = Math.max(serverAck, clientOffset);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void clientFin(long offset) {
        lock.lock();
        try {
            if (!begin("client FIN")) {
                return;
            }
            checkContiguous("client FIN", offset, clientEnd);
            if (clientFinished) {
                return;
            }
            clientFinished = true;
            if (framing()) {
                framer.clientClosed();
                afterFraming();
            }
            release();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void serverFin(long offset) {
        lock.lock();
        try {
            if (!begin("server FIN")) {
                return;
            }
            checkContiguous("server FIN", offset, serverEnd);
            if (serverFinished) {
                return;
            }
            serverFinished = true;
            if (framing()) {
                // Ends a close-delimited HTTP response, so it must come before the midTransaction check.
                framer.serverClosed();
                afterFraming();
            }
            release();
            closed(CloseCause.SERVER_FIN);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void reset(boolean byServer) {
        lock.lock();
        try {
            if (discarded) {
                return;
            }
            now = clock.nanos();
            lastActivityNanos = now;
            reset = true;
            // The log stays: a backend's RST is a failure sign and recovery needs what was logged.
            closed(byServer ? CloseCause.SERVER_RESET : CloseCause.CLIENT_RESET);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the connection for the store: tells the listener (if it was not told already), drops all
     * bytes and leaves the memory budget. Further sink calls are ignored.
     */
    void discard(CloseCause cause) {
        lock.lock();
        try {
            if (discarded) {
                return;
            }
            now = clock.nanos();
            closed(cause);
            dropAllBytes();
            discarded = true;
            budget.unregister(holder);
        } finally {
            lock.unlock();
        }
    }

    // ================================================================ sink helpers

    /**
     * Starts handling a sink call; false if the connection was removed from the store. Removal
     * happens on other threads (idle timeout, recovery), so a late call for a removed connection is
     * normal and ignored, unlike calls that break the sink's contract, which throw.
     */
    private boolean begin(String what) {
        if (discarded) {
            return false;
        }
        if (reset) {
            // A FIN crossing the RST on the wire, a retransmission: the connection is over, these are strays.
            stats.afterReset.increment();
            return false;
        }
        now = clock.nanos();
        lastActivityNanos = now;
        return true;
    }

    private static void checkContiguous(String what, long offset, long expected) {
        if (offset != expected) {
            throw new IllegalArgumentException(what + " at offset " + offset + ", expected " + expected
                    + ": data and gap calls must cover each stream in order without overlap");
        }
    }

    private boolean framing() {
        return unrecoverableReason == null && !framer.isUnrecoverable();
    }

    private void gap(boolean client, long from, long to) {
        if (to < from) {
            throw new IllegalArgumentException("gap end " + to + " before its start " + from);
        }
        lock.lock();
        try {
            String side = client ? "client" : "server";
            if (!begin(side + " gap")) {
                return;
            }
            checkContiguous(side + " gap", from, client ? clientEnd : serverEnd);
            if (client) {
                clientEnd = to;
            } else {
                serverEnd = to;
            }
            if (to == from) {
                return;
            }
            stats.gaps.increment();
            stats.gapBytes.add(to - from);
            String range = "[" + from + "," + to + ")";
            for (int o = lastLogged + 1; o < table.endOrdinal(); o++) {
                LoggedTransaction t = table.get(o);
                if (t == null || t.state() == TransactionState.COMPLETE) {
                    continue;
                }
                // Incomplete ranges are open-ended: a gap at their end intersects them.
                if (client && t.requestEnd() < 0) {
                    mark(t, "request bytes lost to client capture gap " + range);
                } else if (!client && t.responseEnd() < 0) {
                    mark(t, "response bytes lost to server capture gap " + range);
                }
            }
            becomeUnrecoverable(side + " capture gap " + range + ": the framer cannot skip lost bytes");
        } finally {
            lock.unlock();
        }
    }

    private void closed(CloseCause cause) {
        if (closeCause != null) {
            return;
        }
        closeCause = cause;
        listener.connectionClosed(key, cause, midTransaction(), now);
    }

    /** Some request is complete and its response is not. */
    private boolean midTransaction() {
        for (int o = lastLogged + 1; o < table.endOrdinal(); o++) {
            LoggedTransaction t = table.get(o);
            if (t != null && !t.serverInitiated() && t.requestEnd() >= 0 && t.responseEnd() < 0) {
                return true;
            }
        }
        return false;
    }

    // ================================================================ unrecoverable

    private void becomeUnrecoverable(String reason) {
        if (unrecoverableReason != null) {
            return;
        }
        unrecoverableReason = reason;
        stats.unrecoverableConnections.increment();
        for (int o = lastLogged + 1; o < table.endOrdinal(); o++) {
            LoggedTransaction t = table.get(o);
            if (t != null && t.state() != TransactionState.COMPLETE) {
                mark(t, "framing stopped before the transaction completed: " + reason);
            }
        }
        // Nothing of this connection can be recovered any more, so its bytes only cost memory.
        dropAllBytes();
        listener.connectionUnrecoverable(key, reason, now);
    }

    private void mark(LoggedTransaction t, String reason) {
        if (t.markUnrecoverable(reason)) {
            stats.unrecoverableTransactions.increment();
        }
        t.dropDigest();
    }

    // ================================================================ framing events

    /** Receives the framer's callbacks; they arrive while a sink call holds the lock. */
    private final class FramerEvents implements TransactionListener {

        @Override
        public void requestStarted(Transaction txn) {
            LoggedTransaction t = new LoggedTransaction(txn, tagger.tagsFor(txn.summary()));
            table.add(t);
            stats.transactions.increment();
            if (txn.requestStart() < clientEvictedTo && !t.serverInitiated()) {
                mark(t, "request bytes evicted by memory cap");
            }
        }

        @Override
        public void requestComplete(Transaction txn) {
            LoggedTransaction t = table.get(txn.ordinal());
            maxRequestEnd = Math.max(maxRequestEnd, txn.requestEnd());
            if (!t.serverInitiated()) {
                listener.requestComplete(key, t, now);
            }
            advanceLogged();
        }

        @Override
        public void responseStarted(Transaction txn) {
            LoggedTransaction t = table.get(txn.ordinal());
            if (txn.responseStart() < serverEvictedTo) {
                mark(t, "response bytes evicted by memory cap");
            }
            listener.responseStarted(key, t, now);
        }

        @Override
        public void responseComplete(Transaction txn) {
            LoggedTransaction t = table.get(txn.ordinal());
            long start = txn.responseStart();
            long end = txn.responseEnd();
            maxResponseEnd = Math.max(maxResponseEnd, end);
            if (t.responseDigest != null) {
                hashTo(t, end);
            } else if (end - start > config.largeResponseBytes() && t.isRecoverable()) {
                startHashing(t, end);
            }
            if (t.responseDigest != null) {
                t.finishDigest();
            }
            reportProgress(t, end - start);
            advanceLogged();
        }

        @Override
        public void unrecoverable(String reason) {
            becomeUnrecoverable("framing failed: " + reason);
        }
    }

    /** Moves T_L over every transaction that is now complete, in ordinal order. */
    private void advanceLogged() {
        while (true) {
            LoggedTransaction next = table.get(lastLogged + 1);
            if (next == null || next.state() != TransactionState.COMPLETE) {
                return;
            }
            lastLogged++;
            lastLoggedResponseEnd = next.responseEnd();
            next.logged = true;
            listener.responseLogged(key, next, now);
        }
    }

    /** Hashes and reports the progress of responses in flight, up to what the framer has consumed. */
    private void afterFraming() {
        if (!framing()) {
            return;
        }
        long frontier = serverFramed();
        for (int o = lastLogged + 1; o < table.endOrdinal(); o++) {
            LoggedTransaction t = table.get(o);
            if (t == null || t.responseStart() < 0 || t.responseEnd() >= 0) {
                continue;
            }
            long logged = frontier - t.responseStart();
            if (logged <= 0) {
                continue;
            }
            if (t.responseDigest != null) {
                hashTo(t, frontier);
            } else if (logged > config.largeResponseBytes() && t.isRecoverable()) {
                startHashing(t, frontier);
            }
            reportProgress(t, logged);
        }
    }

    /** Server bytes the framer has consumed: everything it has attributed, or will attribute, to a response. */
    private long serverFramed() {
        return framer.serverOffset() - framer.serverWaitingBytes();
    }

    private void reportProgress(LoggedTransaction t, long logged) {
        if (logged > t.reportedResponseBytes) {
            t.reportedResponseBytes = logged;
            listener.responseBytes(key, t, logged, now);
        }
    }

    private void startHashing(LoggedTransaction t, long to) {
        long start = t.responseStart();
        if (!serverBytes.holds(start, to)) {
            mark(t, "response bytes evicted by memory cap before they could be hashed");
            return;
        }
        MessageDigest d = sha256();
        serverBytes.digest(d, start, to);
        t.responseDigest = d;
        t.hashedTo = to;
        stats.hashedResponses.increment();
    }

    private void hashTo(LoggedTransaction t, long to) {
        if (to <= t.hashedTo) {
            return;
        }
        if (!serverBytes.holds(t.hashedTo, to)) {
            mark(t, "response bytes evicted by memory cap before they could be hashed");
            return;
        }
        serverBytes.digest(t.responseDigest, t.hashedTo, to);
        t.hashedTo = to;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    // ================================================================ retention

    /** Ordinal of the oldest transaction whose request bytes are kept for replay. */
    private int replayHorizon() {
        return Math.max(0, lastLogged + 1 - config.retainedCompleteRequests());
    }

    /** Client bytes below this are not needed: requests older than the replay horizon. */
    private long clientFloor() {
        return requestsFrom(replayHorizon());
    }

    /** Client bytes below this are replay history only: requests of T_L and earlier. */
    private long clientHistoryEnd() {
        return requestsFrom(lastLogged + 1);
    }

    /**
     * Where the requests of ordinal {@code ordinal} and later start. Slots may be empty (an IMAP
     * greeting is created after the first command), so the first existing one counts; requests not
     * started yet start at or after the end of the last complete request.
     */
    private long requestsFrom(int ordinal) {
        for (int o = Math.max(ordinal, table.firstOrdinal()); o < table.endOrdinal(); o++) {
            LoggedTransaction t = table.get(o);
            if (t != null) {
                return Math.min(t.requestStart(), maxRequestEnd);
            }
        }
        return maxRequestEnd;
    }

    /**
     * Server bytes below this are not needed: acknowledged by the client (Ack_CL), and neither part
     * of an unlogged response whose bytes are kept nor possibly part of a response not started yet.
     */
    private long serverFloor() {
        long floor = clientAck;
        // Responses not started yet start at or after the last complete response and after the
        // bytes already attributed to responses in flight.
        long unattributed = maxResponseEnd;
        for (int o = lastLogged + 1; o < table.endOrdinal(); o++) {
            LoggedTransaction t = table.get(o);
            if (t == null || t.responseStart() < 0) {
                continue;
            }
            boolean complete = t.responseEnd() >= 0;
            if (t.responseDigest != null) {
                floor = Math.min(floor, t.hashedTo);
                unattributed = Math.max(unattributed, t.hashedTo);
            } else if (!(complete && t.isResponseHashed())) {
                floor = Math.min(floor, t.responseStart());
                unattributed = Math.max(unattributed, t.responseStart());
            }
        }
        if (protocol == Protocol.IMAP) {
            // An IMAP response starts at a line whose first bytes the framer may have consumed already.
            unattributed -= ImapFramer.PREFIX;
        }
        return Math.max(0, Math.min(floor, unattributed));
    }

    /** Drops bytes and table entries recovery no longer needs. */
    private void release() {
        if (unrecoverableReason != null) {
            return;
        }
        table.dropBefore(replayHorizon());
        releaseBytes(clientBytes, clientFloor());
        releaseBytes(serverBytes, serverFloor());
    }

    private void releaseBytes(ByteRing ring, long to) {
        int n = ring.releaseTo(to);
        if (n > 0) {
            unreserve(n);
        }
    }

    private void dropAllBytes() {
        int n = clientBytes.restartAt(clientBytes.high()) + serverBytes.restartAt(serverBytes.high());
        unreserve(n);
    }

    private void unreserve(long n) {
        heldBytes -= n;
        budget.release(n);
        stats.bytesHeld.add(-n);
    }

    // ================================================================ storing and evicting

    /** Appends captured bytes to their ring, evicting to stay under the caps. */
    private void store(boolean client, long offset, byte[] b, int off, int len) {
        if (unrecoverableReason != null) {
            return;
        }
        ByteRing ring = client ? clientBytes : serverBytes;
        if (ring.high() != offset) {
            throw new IllegalStateException("ring at " + ring.high() + " but data at " + offset);
        }
        release();
        int cap = config.connectionCapBytes();
        if (len > cap) {
            // Only the newest cap bytes can be kept: everything older goes, including the chunk's head.
            int skip = len - cap;
            evictOwn(Long.MAX_VALUE);
            lose(client, offset, offset + skip);
            offset += skip;
            off += skip;
            len = cap;
        }
        long over = heldBytes + len - cap;
        if (over > 0) {
            evictOwn(over + evictionSlack);
        }
        if (!budget.tryReserve(len)) {
            budget.reclaim(len + evictionSlack);
            if (!budget.tryReserve(len)) {
                // Other connections hold the rest and are busy: this chunk cannot be kept.
                evictOwn(Long.MAX_VALUE);
                lose(client, offset, offset + len);
                return;
            }
        }
        ring.append(b, off, len);
        heldBytes += len;
        stats.bytesHeld.add(len);
    }

    /** Bytes {@code [from, to)} could not be stored: the ring continues after them. */
    private void lose(boolean client, long from, long to) {
        ByteRing ring = client ? clientBytes : serverBytes;
        unreserve(ring.restartAt(to));
        markEvicted(client, from, to);
        stats.evictions.increment();
        stats.evictedBytes.add(to - from);
    }

    /** Evicts at least {@code wanted} bytes of this connection if it holds them, cheapest tier first. */
    private long evictOwn(long wanted) {
        long freed = 0;
        for (EvictionTier tier : EvictionTier.values()) {
            if (freed >= wanted) {
                break;
            }
            freed += evict(wanted - freed, tier);
        }
        return freed;
    }

    /** Frees up to {@code wanted} bytes at {@code tier}; returns the bytes freed. */
    private long evict(long wanted, EvictionTier tier) {
        if (wanted <= 0 || heldBytes == 0) {
            return 0;
        }
        long before = heldBytes;
        switch (tier) {
            case LOSSLESS:
                hashUnloggedResponses();
                release();
                break;
            case REPLAY_HISTORY:
                evictFront(true, Math.min(clientHistoryEnd(), clientBytes.low() + wanted));
                break;
            case NEEDED: {
                // Unacknowledged server bytes first: the client usually has them (Eq. 1 holds with
                // equality without loss), while requests of transactions in flight are always replayed.
                long fromServer = Math.min(wanted, serverBytes.size());
                evictFront(false, serverBytes.low() + fromServer);
                evictFront(true, clientBytes.low() + Math.min(wanted - fromServer, clientBytes.size()));
                break;
            }
            default:
                throw new AssertionError(tier);
        }
        return before - heldBytes;
    }

    /** Replaces the kept prefixes of unlogged responses by their running SHA-256 (lossless). */
    private void hashUnloggedResponses() {
        if (!framing()) {
            return;
        }
        long frontier = serverFramed();
        for (int o = lastLogged + 1; o < table.endOrdinal(); o++) {
            LoggedTransaction t = table.get(o);
            if (t == null || t.responseStart() < 0 || t.isResponseHashed() || !t.isRecoverable()) {
                continue;
            }
            boolean complete = t.responseEnd() >= 0;
            startHashing(t, complete ? t.responseEnd() : Math.max(frontier, t.responseStart()));
            if (complete && t.responseDigest != null) {
                t.finishDigest();
            }
        }
    }

    /** Evicts the ring's bytes below {@code to}, marking what loses them. */
    private void evictFront(boolean client, long to) {
        ByteRing ring = client ? clientBytes : serverBytes;
        long from = ring.low();
        if (to <= from) {
            return;
        }
        int n = ring.releaseTo(to);
        unreserve(n);
        markEvicted(client, from, from + n);
        stats.evictions.increment();
        stats.evictedBytes.add(n);
    }

    /** Marks every transaction whose request (client) or response (server) intersects the evicted range. */
    private void markEvicted(boolean client, long from, long to) {
        if (client) {
            clientEvictedTo = Math.max(clientEvictedTo, to);
        } else {
            serverEvictedTo = Math.max(serverEvictedTo, to);
        }
        for (int o = table.firstOrdinal(); o < table.endOrdinal(); o++) {
            LoggedTransaction t = table.get(o);
            if (t == null) {
                continue;
            }
            if (client) {
                long end = t.requestEnd() < 0 ? Long.MAX_VALUE : t.requestEnd();
                if (t.requestStart() < to && end > from) {
                    mark(t, "request bytes evicted by memory cap");
                }
            } else if (t.responseStart() >= 0) {
                long end = t.responseEnd() < 0 ? Long.MAX_VALUE : t.responseEnd();
                boolean hashedBelow = t.responseDigest != null ? t.hashedTo >= to : t.rawSha256() != null;
                // Bytes a digest already covers are lost only if the client has not acknowledged them.
                boolean needed = !hashedBelow || to > clientAck;
                if (t.responseStart() < to && end > from && needed) {
                    mark(t, "response bytes evicted by memory cap");
                }
            }
        }
    }

    /** The connection as a holder of the shared budget. */
    private final class BudgetHolder implements MemoryBudget.Holder {
        @Override
        public long lastActivityNanos() {
            return lastActivityNanos;
        }

        @Override
        public long heldBytes() {
            // Read without the lock: only a hint for choosing whom to ask.
            return clientBytes.size() + (long) serverBytes.size();
        }

        @Override
        public long evict(long wanted, EvictionTier maxTier) {
            if (!lock.tryLock()) {
                return 0;
            }
            try {
                return LoggedConnection.this.evict(wanted, maxTier);
            } finally {
                lock.unlock();
            }
        }
    }

    // ================================================================ for the view (lock held)

    ReentrantLock lock() {
        return lock;
    }

    TransactionTable table() {
        return table;
    }

    ByteRing clientBytes() {
        return clientBytes;
    }

    ByteRing serverBytes() {
        return serverBytes;
    }

    long clientEnd() {
        return clientEnd;
    }

    long serverEnd() {
        return serverEnd;
    }

    long clientAck() {
        return clientAck;
    }

    long serverAck() {
        return serverAck;
    }

    int lastLogged() {
        return lastLogged;
    }

    long lastLoggedResponseEnd() {
        return lastLoggedResponseEnd;
    }

    long maxResponseEnd() {
        return maxResponseEnd;
    }

    String unrecoverable() {
        return unrecoverableReason;
    }

    CloseCause closed() {
        return closeCause;
    }

    boolean clientFinished() {
        return clientFinished;
    }

    boolean serverFinished() {
        return serverFinished;
    }

    long nowNanos() {
        return clock.nanos();
    }

    /** Retained transactions, oldest first (lock held). */
    List<LoggedTransaction> retained() {
        List<LoggedTransaction> out = new ArrayList<>(table.span());
        for (int o = table.firstOrdinal(); o < table.endOrdinal(); o++) {
            LoggedTransaction t = table.get(o);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "LoggedConnection{" + key + " " + protocol + "}";
    }
}
