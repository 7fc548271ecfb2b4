package org.resplice.loggernode.tag;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.resplice.splicecore.txn.Protocol;
import org.resplice.splicecore.txn.RequestSummary;
import org.resplice.tagconfig.TagMatcher;
import org.resplice.tagconfig.TagSet;
import org.resplice.tagconfig.TagTable;
import org.resplice.tagconfig.TagTableListener;
import org.resplice.tagconfig.TagTableStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tags new transactions with the current tag table of their protocol (design §4.3).
 *
 * <p>Holds one compiled {@link TagMatcher} per protocol and swaps it atomically when a table is
 * installed or removed, so a table edited over REST applies to the next request head parsed,
 * without a restart. A transaction keeps the tags it got when its request head was parsed: the
 * caller asks once and stores the answer. A protocol without a table, and a server-initiated
 * pseudo-transaction (which has no request), get {@link TagSet#CONSERVATIVE}.
 *
 * <p>One table per protocol: the logger serves one application per protocol. When a store holds
 * tables of several applications for the same protocol, the most recently stored one wins (and a
 * warning is logged). Thread-safe; {@link #tagsFor} is lock-free.
 */
public final class Tagger implements TagTableListener {

    private static final Logger LOG = LoggerFactory.getLogger(Tagger.class);

    private final AtomicReferenceArray<TagMatcher> matchers = new AtomicReferenceArray<>(Protocol.values().length);

    /** A tagger with no tables: everything is conservative until a table is installed. */
    public Tagger() {
    }

    /**
     * A tagger holding the tables {@code store} holds now and following its changes from now on
     * (it registers itself as a listener of the store).
     */
    public static Tagger following(TagTableStore store) {
        Objects.requireNonNull(store, "store");
        Tagger tagger = new Tagger();
        // Listen first, then load: a change racing with the load is applied after it, not lost.
        store.addListener(tagger);
        for (TagTable table : store.list()) {
            tagger.install(table);
        }
        return tagger;
    }

    /**
     * The tags of a request of the current table of its protocol; conservative when there is none
     * or the request is a server-initiated pseudo-request.
     */
    public TagSet tagsFor(RequestSummary summary) {
        Objects.requireNonNull(summary, "summary");
        TagMatcher matcher = matchers.get(summary.protocol().ordinal());
        if (matcher == null || summary.serverInitiated()) {
            return TagSet.CONSERVATIVE;
        }
        return matcher.tagsFor(RequestSummaryAdapter.toTagRequest(summary));
    }

    /** Makes {@code table} the table of its protocol, for transactions whose requests are parsed from now on. */
    public void install(TagTable table) {
        Objects.requireNonNull(table, "table");
        TagMatcher previous = matchers.getAndSet(index(table.protocol()), TagMatcher.compile(table));
        if (previous != null && !previous.table().application().equals(table.application())) {
            LOG.warn("tag table of {} replaces the table of {} for protocol {}: one table per protocol",
                    table.application(), previous.table().application(), table.protocol());
        }
    }

    /** Drops the table of {@code protocol}: its new transactions become conservative. False if there was none. */
    public boolean remove(org.resplice.tagconfig.Protocol protocol) {
        Objects.requireNonNull(protocol, "protocol");
        return matchers.getAndSet(index(protocol), null) != null;
    }

    /** The table used for {@code protocol} now, if any. */
    public Optional<TagTable> table(Protocol protocol) {
        Objects.requireNonNull(protocol, "protocol");
        TagMatcher matcher = matchers.get(protocol.ordinal());
        return matcher == null ? Optional.empty() : Optional.of(matcher.table());
    }

    /** The tables in use, by protocol. */
    public Map<Protocol, TagTable> tables() {
        Map<Protocol, TagTable> result = new EnumMap<>(Protocol.class);
        for (Protocol p : Protocol.values()) {
            table(p).ifPresent(t -> result.put(p, t));
        }
        return result;
    }

    /**
     * Follows a {@link TagTableStore}: a stored table is installed; a removed table is dropped only
     * if it is the one in use for its protocol (removing another application's table leaves the
     * table in use alone).
     */
    @Override
    public void tableChanged(String application, TagTable table) {
        if (table != null) {
            install(table);
            return;
        }
        for (int i = 0; i < matchers.length(); i++) {
            TagMatcher current = matchers.get(i);
            if (current != null && current.table().application().equals(application)) {
                // Only clear if nobody installed another table in between.
                matchers.compareAndSet(i, current, null);
            }
        }
    }

    private static int index(org.resplice.tagconfig.Protocol protocol) {
        switch (protocol) {
            case HTTP:
                return Protocol.HTTP.ordinal();
            case IMAP:
                return Protocol.IMAP.ordinal();
            case LINE:
                return Protocol.LINE.ordinal();
            default:
                throw new AssertionError(protocol);
        }
    }
}
