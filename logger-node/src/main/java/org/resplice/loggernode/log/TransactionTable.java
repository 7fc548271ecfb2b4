package org.resplice.loggernode.log;

import java.util.ArrayList;
import java.util.Objects;

/**
 * The retained transactions of one connection, indexed by ordinal. Framers usually create
 * transactions in ordinal order, but not always (an IMAP greeting's ordinal 0 is taken before the
 * first command and used when the greeting line arrives), so a slot may be empty until its
 * transaction appears. The oldest entries are dropped when they leave the retention horizon.
 * Not thread-safe: guarded by the connection's lock.
 */
final class TransactionTable {

    private final ArrayList<LoggedTransaction> slots = new ArrayList<>();
    /** Slots before {@code head} are dropped. */
    private int head;
    /** Ordinal of the slot at index 0 of {@link #slots}. */
    private int baseOrdinal;

    /** Ordinal of the oldest retained slot. */
    int firstOrdinal() {
        return baseOrdinal + head;
    }

    /** One past the highest ordinal with a slot. */
    int endOrdinal() {
        return baseOrdinal + slots.size();
    }

    /** The transaction with this ordinal, or null (not created yet, or dropped). */
    LoggedTransaction get(int ordinal) {
        int i = ordinal - baseOrdinal;
        return i < head || i >= slots.size() ? null : slots.get(i);
    }

    void add(LoggedTransaction t) {
        Objects.requireNonNull(t, "t");
        int i = t.ordinal() - baseOrdinal;
        if (i < head) {
            throw new IllegalStateException("transaction " + t + " is older than the retained table");
        }
        while (slots.size() <= i) {
            slots.add(null);
        }
        if (slots.get(i) != null) {
            throw new IllegalStateException("two transactions with ordinal " + t.ordinal());
        }
        slots.set(i, t);
    }

    /** Drops every slot with an ordinal below {@code ordinal}. */
    void dropBefore(int ordinal) {
        int i = Math.min(ordinal - baseOrdinal, slots.size());
        if (i <= head) {
            return;
        }
        for (int j = head; j < i; j++) {
            slots.set(j, null);
        }
        head = i;
        // Compact now and then so the list does not grow with the connection's lifetime.
        if (head >= 64 && head * 2 >= slots.size()) {
            slots.subList(0, head).clear();
            baseOrdinal += head;
            head = 0;
        }
    }

    /** Retained transactions count, empty slots included. */
    int span() {
        return slots.size() - head;
    }
}
