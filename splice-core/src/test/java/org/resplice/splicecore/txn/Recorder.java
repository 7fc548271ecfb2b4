package org.resplice.splicecore.txn;

import java.util.ArrayList;
import java.util.List;

/** A listener that keeps every transaction and every event, for tests. */
public final class Recorder implements TransactionListener {

    public final List<Transaction> all = new ArrayList<>();
    public final List<String> events = new ArrayList<>();
    public final List<String> reasons = new ArrayList<>();

    @Override
    public void requestStarted(Transaction t) {
        // Indexed by ordinal; IMAP's greeting (ordinal 0) may start after ordinal 1.
        while (all.size() <= t.ordinal()) {
            all.add(null);
        }
        if (all.get(t.ordinal()) != null) {
            throw new AssertionError("ordinal " + t.ordinal() + " started twice");
        }
        all.set(t.ordinal(), t);
        events.add("start#" + t.ordinal());
    }

    @Override
    public void requestComplete(Transaction t) {
        events.add("req#" + t.ordinal());
    }

    @Override
    public void responseStarted(Transaction t) {
        events.add("resp>#" + t.ordinal());
    }

    @Override
    public void responseComplete(Transaction t) {
        if (!t.isResponseStarted()) {
            throw new AssertionError("response complete before started: " + t);
        }
        events.add("resp#" + t.ordinal());
    }

    @Override
    public void unrecoverable(String reason) {
        reasons.add(reason);
        events.add("unrecoverable");
    }

    /** Transaction.toString of every transaction, in ordinal order. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        for (Transaction t : all) {
            out.add(String.valueOf(t));
        }
        return out;
    }

    public String reason() {
        return reasons.isEmpty() ? null : reasons.get(0);
    }

    public Transaction get(int ordinal) {
        return all.get(ordinal);
    }
}
