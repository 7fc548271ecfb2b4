package org.resplice.loggernode.log;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The global cap on logged bytes, shared by every logged connection of a logger (design §4.4).
 *
 * <p>A connection reserves bytes before it stores them and releases them when it drops them. When
 * a reservation does not fit, the budget asks the connections to evict, least recently active
 * first, and tier by tier ({@link EvictionTier}): lossless work everywhere before any replay
 * history, and replay history everywhere before bytes recovery needs. A connection that is busy on
 * another thread is skipped rather than waited for, so reclaiming never blocks and never deadlocks.
 *
 * <p>Thread-safe.
 */
public final class MemoryBudget {

    /** A connection that holds bytes against the budget. */
    interface Holder {
        /** When the holder last stored bytes (nanoseconds, same clock for all holders). */
        long lastActivityNanos();

        /** Bytes currently reserved. */
        long heldBytes();

        /**
         * Evicts up to about {@code wanted} bytes, at tiers up to {@code maxTier}, without blocking
         * (a holder busy on another thread returns 0). Returns the bytes freed, already released to
         * the budget.
         */
        long evict(long wanted, EvictionTier maxTier);
    }

    private final long capBytes;
    private final AtomicLong used = new AtomicLong();
    private final Set<Holder> holders = ConcurrentHashMap.newKeySet();
    private final LongAdder reclaimRounds = new LongAdder();
    private final LongAdder reclaimedBytes = new LongAdder();

    /** @param capBytes the most bytes all connections together may hold; at least 1 */
    public MemoryBudget(long capBytes) {
        if (capBytes <= 0) {
            throw new IllegalArgumentException("capBytes must be positive: " + capBytes);
        }
        this.capBytes = capBytes;
    }

    public long capBytes() {
        return capBytes;
    }

    /** Bytes reserved now by all connections. */
    public long usedBytes() {
        return used.get();
    }

    /** How many times a reservation had to reclaim bytes from the connections. */
    public long reclaimRounds() {
        return reclaimRounds.sum();
    }

    /** Bytes freed by reclaiming, in total. */
    public long reclaimedBytes() {
        return reclaimedBytes.sum();
    }

    /** Reserves {@code n} bytes if they fit under the cap. */
    boolean tryReserve(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative: " + n);
        }
        while (true) {
            long u = used.get();
            if (u + n > capBytes) {
                return false;
            }
            if (used.compareAndSet(u, u + n)) {
                return true;
            }
        }
    }

    /** Gives back {@code n} reserved bytes. */
    void release(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative: " + n);
        }
        if (n > 0 && used.addAndGet(-n) < 0) {
            throw new IllegalStateException("released more bytes than were reserved");
        }
    }

    void register(Holder holder) {
        holders.add(holder);
    }

    void unregister(Holder holder) {
        holders.remove(holder);
    }

    /**
     * Asks the holders (the requester included) to free about {@code wanted} bytes, least recently
     * active first, tier by tier. Returns the bytes freed.
     */
    long reclaim(long wanted) {
        reclaimRounds.increment();
        List<Holder> candidates = new ArrayList<>(holders.size());
        for (Holder h : holders) {
            if (h.heldBytes() > 0) {
                candidates.add(h);
            }
        }
        candidates.sort(Comparator.comparingLong(Holder::lastActivityNanos));
        long freed = 0;
        for (EvictionTier tier : EvictionTier.values()) {
            for (Holder h : candidates) {
                if (freed >= wanted) {
                    reclaimedBytes.add(freed);
                    return freed;
                }
                freed += h.evict(wanted - freed, tier);
            }
        }
        reclaimedBytes.add(freed);
        return freed;
    }
}
