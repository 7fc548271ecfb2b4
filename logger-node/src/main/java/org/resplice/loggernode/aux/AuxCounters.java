package org.resplice.loggernode.aux;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the aux logger has counted, for the operator and for tests. The capture's parse thread
 * counts what it follows and logs; HTTP threads count lookups. Counts only grow. Thread-safe; a
 * read while others count may be a moment old.
 */
public final class AuxCounters {

    private final LongAdder commandsLogged = new LongAdder();
    private final LongAdder commandsIndexed = new LongAdder();
    private final LongAdder commandsUnindexed = new LongAdder();
    private final LongAdder commandsIncomplete = new LongAdder();
    private final LongAdder commandsReplaced = new LongAdder();
    private final LongAdder served = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder mismatches = new LongAdder();
    private final LongAdder invalidLookups = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder connectionsFollowed = new LongAdder();
    private final LongAdder connectionsWithoutHandshake = new LongAdder();
    private final LongAdder connectionsRefused = new LongAdder();
    private final LongAdder connectionsIdleExpired = new LongAdder();
    private final LongAdder connectionsFramingLost = new LongAdder();
    private final LongAdder segmentsIgnored = new LongAdder();
    private final LongAdder internalErrors = new LongAdder();

    /** Aux commands the sinks finished with, complete or not, tag following the convention or not. */
    public long commandsLogged() {
        return commandsLogged.sum();
    }

    /** Logged commands whose tag follows {@link AuxTag}, put into the cache's index. */
    public long commandsIndexed() {
        return commandsIndexed.sum();
    }

    /** Logged commands with a tag that does not follow {@link AuxTag}: counted, not indexed. */
    public long commandsUnindexed() {
        return commandsUnindexed.sum();
    }

    /** Logged commands that are incomplete (capture gap, connection end, interleaved responses). */
    public long commandsIncomplete() {
        return commandsIncomplete.sum();
    }

    /**
     * Indexed commands that replaced an earlier one with the same transaction id and sequence number
     * (a later client connection reusing the address and port reuses the ids).
     */
    public long commandsReplaced() {
        return commandsReplaced.sum();
    }

    /** Lookups answered with a logged response. */
    public long served() {
        return served.sum();
    }

    /** Lookups not answered: nothing logged (or evicted), logged incomplete, or ambiguous. */
    public long misses() {
        return misses.sum();
    }

    /** Lookups whose request differs from the logged one: the replay diverged. */
    public long mismatches() {
        return mismatches.sum();
    }

    /** Lookups whose request's tag does not follow the convention or names another transaction. */
    public long invalidLookups() {
        return invalidLookups.sum();
    }

    /** Indexed commands dropped to keep the cache within its byte cap. */
    public long evictions() {
        return evictions.sum();
    }

    /** Aux connections whose handshake was seen and that were followed. */
    public long connectionsFollowed() {
        return connectionsFollowed.sum();
    }

    /** Aux connections first seen after their handshake: ignored, because their ISNs are unknown. */
    public long connectionsWithoutHandshake() {
        return connectionsWithoutHandshake.sum();
    }

    /** Aux connections not followed because the follower already followed its maximum. */
    public long connectionsRefused() {
        return connectionsRefused.sum();
    }

    /** Aux connections ended by the idle timeout. */
    public long connectionsIdleExpired() {
        return connectionsIdleExpired.sum();
    }

    /**
     * Aux connections whose IMAP framing was lost (capture gap, unparseable IMAP, STARTTLS, buffer
     * cap): their later commands are not logged.
     */
    public long connectionsFramingLost() {
        return connectionsFramingLost.sum();
    }

    /** Aux segments of connections not followed (no handshake seen, ended, refused). */
    public long segmentsIgnored() {
        return segmentsIgnored.sum();
    }

    /** Unexpected exceptions while following a connection; each ended that connection. */
    public long internalErrors() {
        return internalErrors.sum();
    }

    /** Every counter by name, in a stable order, for a status page. */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("commandsLogged", commandsLogged());
        m.put("commandsIndexed", commandsIndexed());
        m.put("commandsUnindexed", commandsUnindexed());
        m.put("commandsIncomplete", commandsIncomplete());
        m.put("commandsReplaced", commandsReplaced());
        m.put("served", served());
        m.put("misses", misses());
        m.put("mismatches", mismatches());
        m.put("invalidLookups", invalidLookups());
        m.put("evictions", evictions());
        m.put("connectionsFollowed", connectionsFollowed());
        m.put("connectionsWithoutHandshake", connectionsWithoutHandshake());
        m.put("connectionsRefused", connectionsRefused());
        m.put("connectionsIdleExpired", connectionsIdleExpired());
        m.put("connectionsFramingLost", connectionsFramingLost());
        m.put("segmentsIgnored", segmentsIgnored());
        m.put("internalErrors", internalErrors());
        return m;
    }

    void countCommandLogged(AuxCommand c) {
        commandsLogged.increment();
        if (!c.isComplete()) {
            commandsIncomplete.increment();
        }
    }

    void countCommandIndexed() {
        commandsIndexed.increment();
    }

    void countCommandUnindexed() {
        commandsUnindexed.increment();
    }

    void countCommandReplaced() {
        commandsReplaced.increment();
    }

    void countServed() {
        served.increment();
    }

    void countMiss() {
        misses.increment();
    }

    void countMismatch() {
        mismatches.increment();
    }

    void countInvalidLookup() {
        invalidLookups.increment();
    }

    void countEviction() {
        evictions.increment();
    }

    void countConnectionFollowed() {
        connectionsFollowed.increment();
    }

    void countConnectionWithoutHandshake() {
        connectionsWithoutHandshake.increment();
    }

    void countConnectionRefused() {
        connectionsRefused.increment();
    }

    void countConnectionIdleExpired() {
        connectionsIdleExpired.increment();
    }

    void countConnectionFramingLost() {
        connectionsFramingLost.increment();
    }

    void countSegmentIgnored() {
        segmentsIgnored.increment();
    }

    void countInternalError() {
        internalErrors.increment();
    }
}
