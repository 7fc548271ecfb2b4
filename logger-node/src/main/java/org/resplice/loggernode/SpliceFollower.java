package org.resplice.loggernode;

import org.resplice.loggernode.capture.Endpoint;
import org.resplice.loggernode.capture.FlowKey;
import org.resplice.loggernode.capture.MirroredSegment;
import org.resplice.loggernode.capture.PendingFlows;
import org.resplice.loggernode.capture.SegmentHandler;
import org.resplice.loggernode.control.SpliceEntry;
import org.resplice.loggernode.control.SpliceListener;
import org.resplice.loggernode.log.ConnectionKey;
import org.resplice.loggernode.log.ConnectionLogStore;
import org.resplice.loggernode.log.LoggedConnection;
import org.resplice.loggernode.stream.ReassemblyLimits;
import org.resplice.loggernode.stream.SplicedConnectionTracker;
import org.resplice.splicecore.tcp.Clock;
import org.resplice.splicecore.txn.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Joins what the controller says (the splice table) with what the mirror shows (segments): each
 * spliced connection gets a stream rebuild feeding its log, and every mirrored segment of it goes
 * there with its sequence numbers moved into backend space.
 *
 * <p>The mirror carries a connection under two address pairs (DESIGN §4.1): the switch copies
 * client→backend segments after rewriting them to proxy→backend, and backend→client segments after
 * rewriting them to VIP→client, with the offset d already added to their sequence numbers; the
 * controller's own handshake and request segments to the backend are mirrored as proxy→backend.
 * So a backend→client copy's sequence number is {@code seq − d}, a client→VIP copy's
 * acknowledgement is {@code ack − d}, and the proxy↔backend pair is in backend space already.
 *
 * <p>Segments of a connection the controller has not announced yet (its splice table entry arrives
 * by polling, after the first packets) wait in {@link PendingFlows} and are replayed, in capture
 * order, when it is. Thread-safe: the capture's parse thread and the controller poller both call in.
 */
public final class SpliceFollower implements SpliceListener, SegmentHandler {

    private static final Logger log = LoggerFactory.getLogger(SpliceFollower.class);

    private final ConnectionLogStore store;
    private final Function<Endpoint, Optional<Protocol>> protocolOfVip;
    private final PendingFlows pending;
    private final ReassemblyLimits limits;
    private final Clock clock;
    private final Map<FlowKey, Route> routes = new HashMap<>();
    private final Map<FlowKey, Followed> byClientFlow = new HashMap<>();
    private final Map<ConnectionKey, SpliceEntry> byLogKey = new HashMap<>();
    private final LongAdder segmentsFollowed = new LongAdder();
    private final LongAdder segmentsReplayed = new LongAdder();
    private final LongAdder splicesFollowed = new LongAdder();
    private final LongAdder splicesUnknownVip = new LongAdder();
    private final LongAdder resplices = new LongAdder();
    private final LongAdder segmentsLost = new LongAdder();

    /** One spliced connection being followed. */
    private static final class Followed {
        final SpliceEntry entry;
        final LoggedConnection log;
        final SplicedConnectionTracker tracker;
        final List<FlowKey> keys = new ArrayList<>(4);

        Followed(SpliceEntry entry, LoggedConnection log, SplicedConnectionTracker tracker) {
            this.entry = entry;
            this.log = log;
            this.tracker = tracker;
        }
    }

    /** Where segments of one address pair go, and how their numbers move into backend space. */
    private static final class Route {
        final Followed connection;
        final boolean fromClient;
        final int seqShift;
        final int ackShift;

        Route(Followed connection, boolean fromClient, int seqShift, int ackShift) {
            this.connection = connection;
            this.fromClient = fromClient;
            this.seqShift = seqShift;
            this.ackShift = ackShift;
        }
    }

    /**
     * @param store         where connections are logged
     * @param protocolOfVip the application protocol behind a VIP (from the config), empty if the VIP is
     *                      not configured
     * @param pending       holds segments of connections not announced yet
     * @param limits        bounds of each direction's out-of-order hold
     * @param clock         the time pending segments are held by
     */
    public SpliceFollower(ConnectionLogStore store, Function<Endpoint, Optional<Protocol>> protocolOfVip,
                          PendingFlows pending, ReassemblyLimits limits, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.protocolOfVip = Objects.requireNonNull(protocolOfVip, "protocolOfVip");
        this.pending = Objects.requireNonNull(pending, "pending");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    // ---------------------------------------------------------------- the controller's table

    @Override
    public synchronized void spliceAdded(SpliceEntry entry) {
        follow(entry);
    }

    @Override
    public synchronized void spliceChanged(SpliceEntry before, SpliceEntry after) {
        Followed f = byClientFlow.get(after.clientFlow());
        if (f == null) {
            follow(after);
        } else if (!f.entry.backend().equals(after.backend()) || f.entry.offset() != after.offset()) {
            // Re-spliced onto another backend (recovery): the old log stays for the recovery
            // service; the new backend connection is a new log from here.
            resplices.increment();
            unfollow(f);
            follow(after);
        }
    }

    @Override
    public synchronized void spliceRemoved(SpliceEntry entry) {
        Followed f = byClientFlow.get(entry.clientFlow());
        if (f != null) {
            unfollow(f);
        }
    }

    private void follow(SpliceEntry e) {
        if (!e.isnsKnown() || e.state() == SpliceEntry.State.CONNECTING) {
            return; // the offset and ISNs come with INSTALLING; until then its segments wait
        }
        Optional<Protocol> protocol = protocolOfVip.apply(e.vip());
        if (protocol.isEmpty()) {
            splicesUnknownVip.increment();
            log.warn("splice of {} is to VIP {}, which the config does not name; not logged", e.client(), e.vip());
            return;
        }
        ConnectionKey key = new ConnectionKey(e.client().ip().toInt(), e.client().port(), e.backend().ip().toString());
        LoggedConnection logged = store.open(key, protocol.get(), (int) e.clientIsn(), (int) e.backendIsn());
        Followed f = new Followed(e, logged, new SplicedConnectionTracker((int) e.clientIsn(), (int) e.backendIsn(),
                logged, limits));
        int d = e.offset();
        route(f, FlowKey.of(e.proxy(), e.backend()), true, 0, 0);
        route(f, FlowKey.of(e.client(), e.vip()), true, 0, d);
        route(f, FlowKey.of(e.vip(), e.client()), false, d, 0);
        route(f, FlowKey.of(e.backend(), e.proxy()), false, 0, 0);
        byClientFlow.put(e.clientFlow(), f);
        byLogKey.put(key, e);
        splicesFollowed.increment();

        List<MirroredSegment> waiting = new ArrayList<>(pending.take(FlowKey.of(e.proxy(), e.backend())));
        waiting.addAll(pending.take(FlowKey.of(e.client(), e.vip())));
        waiting.sort(Comparator.comparingLong(MirroredSegment::timestampNanos));
        for (MirroredSegment s : waiting) {
            segmentsReplayed.increment();
            feed(routes.get(s.flowKey()), s);
        }
    }

    private void route(Followed f, FlowKey key, boolean fromClient, int seqShift, int ackShift) {
        routes.put(key, new Route(f, fromClient, seqShift, ackShift));
        f.keys.add(key);
    }

    private void unfollow(Followed f) {
        f.tracker.flush();
        for (FlowKey k : f.keys) {
            Route r = routes.get(k);
            if (r != null && r.connection == f) {
                routes.remove(k);
            }
        }
        byClientFlow.remove(f.entry.clientFlow(), f);
        byLogKey.remove(f.log.key(), f.entry);
    }

    /** The splice a logged connection belongs to, while it is followed. */
    public synchronized Optional<SpliceEntry> spliceOf(ConnectionKey key) {
        return Optional.ofNullable(byLogKey.get(key));
    }

    // ---------------------------------------------------------------- the mirror

    @Override
    public synchronized void segment(MirroredSegment s) {
        Route r = routes.get(s.flowKey());
        if (r == null) {
            pending.hold(s, clock.nanos());
            return;
        }
        segmentsFollowed.increment();
        feed(r, s);
    }

    private void feed(Route r, MirroredSegment s) {
        int seq = s.seq() - r.seqShift;
        int ack = s.ack() - r.ackShift;
        if (r.fromClient) {
            r.connection.tracker.clientSegment(seq, ack, s.flags(), s.frame(), s.payloadOffset(), s.payloadLength());
        } else {
            r.connection.tracker.serverSegment(seq, ack, s.flags(), s.frame(), s.payloadOffset(), s.payloadLength());
        }
    }

    @Override
    public void segmentsLost(long count, String cause) {
        // Where in which stream the lost frames were is unknown: the affected connections find
        // out through their own gaps (a peer's ACK beyond what was seen), which mark what they lost.
        segmentsLost.add(count);
    }

    /** Held segments older than the pending limit go (called periodically). */
    public void expirePending() {
        pending.expire(clock.nanos());
    }

    /** Counters for the REST API. */
    public synchronized Map<String, Object> counters() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("splicesFollowed", splicesFollowed.sum());
        c.put("connectionsFollowedNow", byClientFlow.size());
        c.put("splicesUnknownVip", splicesUnknownVip.sum());
        c.put("resplices", resplices.sum());
        c.put("segmentsFollowed", segmentsFollowed.sum());
        c.put("segmentsReplayedFromPending", segmentsReplayed.sum());
        c.put("segmentsLostBeforeParsing", segmentsLost.sum());
        c.put("pending", pending.counters());
        return c;
    }
}
