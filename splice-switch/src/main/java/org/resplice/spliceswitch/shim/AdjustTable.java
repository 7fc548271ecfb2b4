package org.resplice.spliceswitch.shim;

import org.resplice.splicecore.adjust.TcpAdjustment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The adjustments of the splice flows the switch holds, and the queue of XDP map changes not yet
 * made. Changes are made in batches: at every BARRIER_REQUEST (so a barrier reply means the XDP map
 * holds the rule too) and shortly after a removal.
 */
final class AdjustTable {

    /** One XDP map change; {@code adjustment} is null for a removal. */
    static final class Op {
        final int ifindex;
        final SpliceMatch match;
        final TcpAdjustment adjustment;
        /** The FLOW_MOD that asked for it, to answer with an error if the map refuses it. */
        final byte[] flowMod;

        Op(int ifindex, SpliceMatch match, TcpAdjustment adjustment, byte[] flowMod) {
            this.ifindex = ifindex;
            this.match = match;
            this.adjustment = adjustment;
            this.flowMod = flowMod;
        }

        boolean isPut() {
            return adjustment != null;
        }
    }

    /** Where the changes go: the XDP map (or a test's list). */
    interface Datapath {
        /** Makes every change or throws; on failure the caller reports the puts as failed. */
        void apply(List<Op> ops) throws Exception;
    }

    private final Map<SpliceMatch, TcpAdjustment> adjustments = new ConcurrentHashMap<>();
    private final Map<SpliceMatch, Integer> ifindexes = new ConcurrentHashMap<>();
    private final List<Op> pending = new ArrayList<>();

    synchronized void flowAdded(SpliceMatch match, int ifindex, TcpAdjustment adjustment, byte[] flowMod) {
        adjustments.put(match, adjustment);
        ifindexes.put(match, ifindex);
        pending.add(new Op(ifindex, match, adjustment, flowMod));
    }

    /** The flow is gone from the switch (deleted, expired, or replaced without an adjustment). */
    synchronized void flowGone(SpliceMatch match) {
        if (adjustments.remove(match) != null) {
            pending.add(new Op(ifindexes.remove(match), match, null, null));
        }
    }

    int size() {
        return adjustments.size();
    }

    synchronized boolean hasPending() {
        return !pending.isEmpty();
    }

    /** Takes the queued changes, oldest first. */
    synchronized List<Op> drain() {
        List<Op> ops = new ArrayList<>(pending);
        pending.clear();
        return ops;
    }

    /** A put the map refused: forget it, so stats and later deletes do not pretend it is there. */
    synchronized void putFailed(Op op) {
        adjustments.remove(op.match, op.adjustment);
    }
}
