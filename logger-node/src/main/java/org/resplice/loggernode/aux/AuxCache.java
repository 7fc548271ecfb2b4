package org.resplice.loggernode.aux;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.resplice.splicecore.txn.TransactionId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aux log: logged aux commands indexed by the transaction id in their {@link AuxTag}, so that
 * when recovery replays a transaction on the alternate backend, its aux requests are answered from
 * the log instead of reaching the aux server a second time (paper §"aux requests", design §4.6
 * step 4).
 *
 * <p><b>Memory</b> is bounded by a global byte cap over every command's request and response bytes
 * plus a fixed {@link #ENTRY_OVERHEAD_BYTES} per command (so many tiny commands are bounded too).
 * When a new command would exceed it, the oldest recorded commands are evicted first, and counted.
 * A command larger than the whole cap is kept without its bytes, as incomplete.
 *
 * <p><b>Lookup</b> never serves what was not fully logged, and never serves a response to a
 * different request: the replayed request's bytes must equal the logged ones exactly.
 *
 * <p>Thread-safe: the capture's parse thread records, HTTP threads look up and list.
 */
public final class AuxCache {

    /** What one command costs beyond its bytes: object headers, the index entry, the tag. */
    public static final int ENTRY_OVERHEAD_BYTES = 160;

    private static final Logger LOG = LoggerFactory.getLogger(AuxCache.class);

    private final long maxBytes;
    private final AuxCounters counters;
    private final Object lock = new Object();
    /** Indexed commands by transaction id, each list in sequence order (untagged sequences last). */
    private final Map<Long, List<AuxCommand>> byTransaction = new HashMap<>();
    /** Every indexed command, oldest recorded first (identity: AuxCommand keeps Object.equals). */
    private final LinkedHashSet<AuxCommand> byAge = new LinkedHashSet<>();
    private long bytes;

    /**
     * @param maxBytes the global byte cap, at least {@link #ENTRY_OVERHEAD_BYTES}
     * @param counters where recording and lookups are counted (shared with the follower)
     */
    public AuxCache(long maxBytes, AuxCounters counters) {
        if (maxBytes < ENTRY_OVERHEAD_BYTES) {
            throw new IllegalArgumentException("maxBytes must be at least " + ENTRY_OVERHEAD_BYTES + ", not "
                    + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.counters = Objects.requireNonNull(counters, "counters");
    }

    public AuxCounters counters() {
        return counters;
    }

    /** Bytes the indexed commands cost now, by the measure of the cap. */
    public long bytes() {
        synchronized (lock) {
            return bytes;
        }
    }

    /** Indexed commands held now. */
    public int size() {
        synchronized (lock) {
            return byAge.size();
        }
    }

    /**
     * Records a finished aux command: counts it, and indexes it if its tag follows {@link AuxTag}.
     * A later command with the same transaction id and sequence number replaces the earlier one
     * (ids are reused when a later client connection has the same address and port, and recovery
     * concerns the latest). Meant for {@link AuxSink}'s recorder.
     */
    public void record(AuxCommand command) {
        Objects.requireNonNull(command, "command");
        counters.countCommandLogged(command);
        Optional<AuxTag> tag = command.auxTag();
        if (tag.isEmpty()) {
            counters.countCommandUnindexed();
            LOG.debug("aux command not indexed, its tag does not follow the aux tag convention: {} on {}", command,
                    command.connection());
            return;
        }
        AuxCommand kept = command;
        if (cost(command) > maxBytes) {
            kept = AuxCommand.incomplete(command.connection(), command.ordinal(), command.tag(), command.command(),
                    null, "request and response (" + command.payloadBytes() + " B) exceed the aux cache's cap of "
                            + maxBytes + " B");
        }
        synchronized (lock) {
            List<AuxCommand> list = byTransaction.computeIfAbsent(tag.get().transactionId(), k -> new ArrayList<>());
            if (tag.get().hasSequence()) {
                removeSameTag(list, kept.tag());
            }
            insertInSequenceOrder(list, kept, tag.get().sequence());
            byAge.add(kept);
            bytes += cost(kept);
            counters.countCommandIndexed();
            evictToCap();
        }
    }

    /**
     * Answers an aux request of a replayed transaction from the log.
     *
     * @param transactionId the replayed transaction's id
     * @param request       the exact bytes of the command the replay sends (tag, command line and
     *                      literals, up to and including the final CRLF), whose tag must carry
     *                      {@code transactionId} and the same sequence number as the original
     * @return the logged response if the logged request is byte for byte the same and was fully
     *         logged with its response; otherwise why not
     */
    public AuxLookup lookup(long transactionId, byte[] request) {
        Objects.requireNonNull(request, "request");
        String tagText = AuxTag.tagText(request);
        Optional<AuxTag> tag = AuxTag.parse(tagText);
        if (tag.isEmpty()) {
            counters.countInvalidLookup();
            return AuxLookup.refused(AuxLookup.Outcome.INVALID_REQUEST, "the request does not start with a tag "
                    + "following the aux tag convention (rs + 16 lowercase hex digits [. sequence]) and a space");
        }
        if (tag.get().transactionId() != transactionId) {
            counters.countInvalidLookup();
            return AuxLookup.refused(AuxLookup.Outcome.INVALID_REQUEST, "the request's tag " + tagText
                    + " names transaction " + TransactionId.toString(tag.get().transactionId()) + ", not "
                    + TransactionId.toString(transactionId));
        }
        synchronized (lock) {
            List<AuxCommand> matches = new ArrayList<>(1);
            for (AuxCommand c : byTransaction.getOrDefault(transactionId, List.of())) {
                if (c.tag().equals(tagText)) {
                    matches.add(c);
                }
            }
            if (matches.isEmpty()) {
                counters.countMiss();
                return AuxLookup.refused(AuxLookup.Outcome.NOT_LOGGED, "no aux request with tag " + tagText
                        + " is in the log (never sent, not captured, or evicted)");
            }
            if (matches.size() > 1) {
                counters.countMiss();
                return AuxLookup.refused(AuxLookup.Outcome.AMBIGUOUS, matches.size()
                        + " aux requests were logged with tag " + tagText + ", which has no sequence number");
            }
            AuxCommand logged = matches.get(0);
            byte[] loggedRequest = logged.requestBytes();
            if (loggedRequest != null && !Arrays.equals(loggedRequest, request)) {
                counters.countMismatch();
                return AuxLookup.refused(AuxLookup.Outcome.MISMATCH, describeMismatch(logged, request));
            }
            if (!logged.isComplete()) {
                counters.countMiss();
                return AuxLookup.refused(AuxLookup.Outcome.INCOMPLETE, "aux request " + tagText
                        + " was not fully logged: " + logged.incompleteReason());
            }
            counters.countServed();
            return AuxLookup.served(logged.responseBytes());
        }
    }

    /** The indexed commands of a transaction, in sequence order; empty if none. */
    public List<AuxCommand> commandsOf(long transactionId) {
        synchronized (lock) {
            return List.copyOf(byTransaction.getOrDefault(transactionId, List.of()));
        }
    }

    /** {@link #commandsOf} as the REST answer lists them. */
    public List<AuxRequestView> viewsOf(long transactionId) {
        List<AuxCommand> commands = commandsOf(transactionId);
        List<AuxRequestView> views = new ArrayList<>(commands.size());
        for (AuxCommand c : commands) {
            views.add(AuxRequestView.of(c));
        }
        return views;
    }

    private static long cost(AuxCommand c) {
        return (long) c.payloadBytes() + ENTRY_OVERHEAD_BYTES + 2L * c.tag().length();
    }

    private void removeSameTag(List<AuxCommand> list, String tag) {
        for (Iterator<AuxCommand> it = list.iterator(); it.hasNext();) {
            AuxCommand old = it.next();
            if (old.tag().equals(tag)) {
                it.remove();
                byAge.remove(old);
                bytes -= cost(old);
                counters.countCommandReplaced();
            }
        }
    }

    /** After every command with a sequence number not above {@code sequence}; no sequence goes last. */
    private static void insertInSequenceOrder(List<AuxCommand> list, AuxCommand c, int sequence) {
        if (sequence == AuxTag.NO_SEQUENCE) {
            list.add(c);
            return;
        }
        int at = list.size();
        while (at > 0 && sequenceOf(list.get(at - 1)) > sequence) {
            at--;
        }
        list.add(at, c);
    }

    /** A command's sequence number; commands without one sort after all others. */
    private static long sequenceOf(AuxCommand c) {
        int s = c.auxTag().map(AuxTag::sequence).orElse(AuxTag.NO_SEQUENCE);
        return s == AuxTag.NO_SEQUENCE ? Long.MAX_VALUE : s;
    }

    private void evictToCap() {
        Iterator<AuxCommand> oldest = byAge.iterator();
        while (bytes > maxBytes && oldest.hasNext()) {
            AuxCommand c = oldest.next();
            oldest.remove();
            bytes -= cost(c);
            long id = c.auxTag().orElseThrow().transactionId();
            List<AuxCommand> list = byTransaction.get(id);
            list.remove(c);
            if (list.isEmpty()) {
                byTransaction.remove(id);
            }
            counters.countEviction();
        }
    }

    private static String describeMismatch(AuxCommand logged, byte[] replayed) {
        byte[] original = logged.requestBytes();
        int n = Math.min(original.length, replayed.length);
        int first = 0;
        while (first < n && original[first] == replayed[first]) {
            first++;
        }
        String replayedName = commandName(replayed);
        return "the replay diverged: aux request " + logged.tag() + " was logged as " + logged.command() + " ("
                + original.length + " B) and replayed as " + replayedName + " (" + replayed.length
                + " B), first different byte at " + first;
    }

    /** The second token of a command line (its name), upper case, for messages; "?" if none. */
    private static String commandName(byte[] command) {
        int limit = Math.min(command.length, 256);
        int s = 0;
        while (s < limit && command[s] != ' ') {
            s++;
        }
        int e = ++s;
        while (e < limit && command[e] > ' ' && command[e] < 0x7F) {
            e++;
        }
        return e > s ? new String(command, s, e - s, StandardCharsets.ISO_8859_1).toUpperCase(java.util.Locale.ROOT)
                : "?";
    }
}
