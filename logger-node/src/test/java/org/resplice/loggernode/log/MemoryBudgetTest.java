package org.resplice.loggernode.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

    /** A holder that frees what it has at the tiers it was given. */
    private static final class FakeHolder implements MemoryBudget.Holder {
        final String name;
        final long activity;
        final MemoryBudget budget;
        final List<String> calls;
        long held;
        final EvictionTier tier;

        FakeHolder(String name, long activity, long held, EvictionTier tier, MemoryBudget budget, List<String> calls) {
            this.name = name;
            this.activity = activity;
            this.held = held;
            this.tier = tier;
            this.budget = budget;
            this.calls = calls;
            assertTrue(budget.tryReserve(held));
        }

        @Override
        public long lastActivityNanos() {
            return activity;
        }

        @Override
        public long heldBytes() {
            return held;
        }

        @Override
        public long evict(long wanted, EvictionTier maxTier) {
            calls.add(name + ":" + maxTier);
            if (maxTier != tier) {
                return 0;
            }
            long n = Math.min(wanted, held);
            held -= n;
            budget.release(n);
            return n;
        }
    }

    @Test
    void reservesUpToTheCap() {
        MemoryBudget b = new MemoryBudget(100);
        assertTrue(b.tryReserve(60));
        assertFalse(b.tryReserve(41));
        assertTrue(b.tryReserve(40));
        b.release(100);
        assertEquals(0, b.usedBytes());
        assertThrows(IllegalStateException.class, () -> b.release(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MemoryBudget(0));
        assertTrue(e.getMessage().contains("capBytes"));
    }

    @Test
    void reclaimsTierByTierLeastRecentlyActiveFirst() {
        MemoryBudget b = new MemoryBudget(1000);
        List<String> calls = new ArrayList<>();
        FakeHolder recentHistory = new FakeHolder("recent", 20, 300, EvictionTier.REPLAY_HISTORY, b, calls);
        FakeHolder oldNeeded = new FakeHolder("old", 10, 300, EvictionTier.NEEDED, b, calls);
        b.register(recentHistory);
        b.register(oldNeeded);
        assertEquals(200, b.reclaim(200));
        assertEquals(List.of("old:LOSSLESS", "recent:LOSSLESS", "old:REPLAY_HISTORY", "recent:REPLAY_HISTORY"), calls,
                "replay history of a recent connection goes before bytes an old one needs");
        assertEquals(100, recentHistory.held);
        assertEquals(300, oldNeeded.held);
        assertEquals(400, b.usedBytes());

        calls.clear();
        assertEquals(400, b.reclaim(1000));
        assertEquals(0, b.usedBytes());
        assertEquals(2, b.reclaimRounds());
        assertEquals(600, b.reclaimedBytes());
    }
}
