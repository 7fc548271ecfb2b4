package org.resplice.controller.openflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;

/**
 * The requests of one connection that wait for an answer, by xid: barriers (with the xids of the
 * messages they close) and flow-stats multiparts (with the entries gathered so far). Registration
 * may come from any thread; answers come from the connection's event loop.
 */
final class PendingRequests {

    private static final class Barrier {
        final long xid;
        final Set<Long> coveredXids;
        final CompletableFuture<Void> future;
        volatile Future<?> timer;

        Barrier(long xid, Set<Long> coveredXids, CompletableFuture<Void> future) {
            this.xid = xid;
            this.coveredXids = coveredXids;
            this.future = future;
        }
    }

    private static final class FlowStats {
        final List<OFFlowStatsEntry> entries = new ArrayList<>();
        final CompletableFuture<List<OFFlowStatsEntry>> future;
        volatile Future<?> timer;

        FlowStats(CompletableFuture<List<OFFlowStatsEntry>> future) {
            this.future = future;
        }
    }

    private final Map<Long, Barrier> barriers = new ConcurrentHashMap<>();
    private final Map<Long, FlowStats> flowStats = new ConcurrentHashMap<>();

    void addBarrier(long barrierXid, Set<Long> coveredXids, CompletableFuture<Void> future) {
        barriers.put(barrierXid, new Barrier(barrierXid, coveredXids, future));
    }

    void addFlowStats(long xid, CompletableFuture<List<OFFlowStatsEntry>> future) {
        flowStats.put(xid, new FlowStats(future));
    }

    /** Attaches the timeout task of a request so that its answer can cancel it. */
    void setTimer(long xid, Future<?> timer) {
        Barrier b = barriers.get(xid);
        if (b != null) {
            b.timer = timer;
        }
        FlowStats s = flowStats.get(xid);
        if (s != null) {
            s.timer = timer;
        }
    }

    /** @return whether a pending barrier had this xid */
    boolean barrierReply(long xid) {
        Barrier b = barriers.remove(xid);
        if (b == null) {
            return false;
        }
        cancel(b.timer);
        b.future.complete(null); // no effect if an error already failed it
        return true;
    }

    /** @return whether a pending flow-stats request had this reply's xid */
    boolean flowStatsReply(OFFlowStatsReply reply) {
        long xid = reply.getXid();
        FlowStats s = flowStats.get(xid);
        if (s == null) {
            return false;
        }
        s.entries.addAll(reply.getEntries());
        if (!reply.getFlags().contains(OFStatsReplyFlags.REPLY_MORE)) {
            flowStats.remove(xid);
            cancel(s.timer);
            s.future.complete(List.copyOf(s.entries));
        }
        return true;
    }

    /**
     * Fails every pending request the error answers. A barrier stays registered until its reply
     * (or timeout) so that later errors for its messages are claimed too.
     *
     * @return whether any pending request claimed the error
     */
    boolean error(OFErrorMsg error) {
        long xid = error.getXid();
        boolean claimed = false;
        for (Barrier b : barriers.values()) {
            if (b.xid == xid || b.coveredXids.contains(xid)) {
                b.future.completeExceptionally(new OpenFlowErrorException(error));
                claimed = true;
            }
        }
        FlowStats s = flowStats.remove(xid);
        if (s != null) {
            cancel(s.timer);
            s.future.completeExceptionally(new OpenFlowErrorException(error));
            claimed = true;
        }
        return claimed;
    }

    /** Fails the request with this xid, if still pending. @return whether it was pending */
    boolean fail(long xid, Throwable cause) {
        boolean found = false;
        Barrier b = barriers.remove(xid);
        if (b != null) {
            cancel(b.timer);
            found |= b.future.completeExceptionally(cause);
        }
        FlowStats s = flowStats.remove(xid);
        if (s != null) {
            cancel(s.timer);
            found |= s.future.completeExceptionally(cause);
        }
        return found;
    }

    void failAll(Throwable cause) {
        for (Long xid : List.copyOf(barriers.keySet())) {
            fail(xid, cause);
        }
        for (Long xid : List.copyOf(flowStats.keySet())) {
            fail(xid, cause);
        }
    }

    boolean isPending(long xid) {
        return barriers.containsKey(xid) || flowStats.containsKey(xid);
    }

    int size() {
        return barriers.size() + flowStats.size();
    }

    private static void cancel(Future<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
