package org.resplice.loggernode.aux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.resplice.loggernode.aux.AuxTraffic.bytes;
import static org.resplice.loggernode.aux.AuxTraffic.text;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.resplice.loggernode.capture.FlowKey;
import org.resplice.splicecore.txn.TransactionId;

class AuxCacheTest {

    private static final FlowKey CONNECTION = new FlowKey(0x0A00000B, 40000, 0x0A000105, 143);
    private static final long T1 = TransactionId.of(0x0A000001, 40001, 3);
    private static final long T2 = TransactionId.of(0x0A000001, 40001, 4);

    private final AuxCounters counters = new AuxCounters();

    private static String request(long id, int seq, String command) {
        return AuxTag.of(id, seq).text() + " " + command + "\r\n";
    }

    private static AuxCommand complete(long id, int seq, String command, String response) {
        String tag = AuxTag.of(id, seq).text();
        return AuxCommand.complete(CONNECTION, seq + 1, tag, command.split(" ")[0],
                bytes(request(id, seq, command)), bytes(tag + " " + response + "\r\n"));
    }

    @Test
    void servesOnlyAByteIdenticalFullyLoggedRequest() {
        AuxCache cache = new AuxCache(1 << 20, counters);
        cache.record(complete(T1, 0, "FETCH 1 BODY[]", "OK done"));
        AuxLookup hit = cache.lookup(T1, bytes(request(T1, 0, "FETCH 1 BODY[]")));
        assertTrue(hit.isServed(), hit::toString);
        assertEquals(AuxTag.of(T1, 0).text() + " OK done\r\n", text(hit.response().orElseThrow()));
        assertNull(hit.reason());

        AuxLookup diverged = cache.lookup(T1, bytes(request(T1, 0, "STORE 1 +FLAGS (\\Deleted)")));
        assertEquals(AuxLookup.Outcome.MISMATCH, diverged.outcome());
        assertTrue(diverged.reason().contains("logged as FETCH") && diverged.reason().contains("replayed as STORE"),
                diverged.reason());
        assertTrue(diverged.response().isEmpty());

        AuxLookup subtle = cache.lookup(T1, bytes(request(T1, 0, "FETCH 2 BODY[]")));
        assertEquals(AuxLookup.Outcome.MISMATCH, subtle.outcome(), "same command name, other argument");

        assertEquals(AuxLookup.Outcome.NOT_LOGGED, cache.lookup(T1, bytes(request(T1, 1, "NOOP"))).outcome());
        assertEquals(AuxLookup.Outcome.INVALID_REQUEST,
                cache.lookup(T2, bytes(request(T1, 0, "FETCH 1 BODY[]"))).outcome(), "tag names another transaction");
        assertEquals(AuxLookup.Outcome.INVALID_REQUEST, cache.lookup(T1, bytes("a1 NOOP\r\n")).outcome());

        assertEquals(1, counters.served());
        assertEquals(2, counters.mismatches());
        assertEquals(1, counters.misses());
        assertEquals(2, counters.invalidLookups());
    }

    @Test
    void neverServesAnIncompleteCommand() {
        AuxCache cache = new AuxCache(1 << 20, counters);
        String req = request(T1, 0, "FETCH 1 BODY[]");
        cache.record(AuxCommand.incomplete(CONNECTION, 1, AuxTag.of(T1, 0).text(), "FETCH", bytes(req),
                "capture lost aux→backend bytes [10,20)"));
        AuxLookup l = cache.lookup(T1, bytes(req));
        assertEquals(AuxLookup.Outcome.INCOMPLETE, l.outcome());
        assertTrue(l.reason().contains("capture lost"), l.reason());
        assertFalse(l.isServed());
        assertEquals(1, counters.commandsIncomplete());
        assertEquals(1, counters.misses());
    }

    @Test
    void aTagWithoutSequenceUsedTwiceIsAmbiguous() {
        AuxCache cache = new AuxCache(1 << 20, counters);
        String tag = AuxTag.of(T1).text();
        cache.record(AuxCommand.complete(CONNECTION, 1, tag, "NOOP", bytes(tag + " NOOP\r\n"), bytes(tag + " OK\r\n")));
        assertTrue(cache.lookup(T1, bytes(tag + " NOOP\r\n")).isServed());
        cache.record(AuxCommand.complete(CONNECTION, 2, tag, "NOOP", bytes(tag + " NOOP\r\n"), bytes(tag + " OK\r\n")));
        assertEquals(AuxLookup.Outcome.AMBIGUOUS, cache.lookup(T1, bytes(tag + " NOOP\r\n")).outcome());
    }

    @Test
    void evictsTheOldestCommandsFirstToStayWithinItsCap() {
        AuxCommand probe = complete(T1, 0, "NOOP", "OK");
        long each = probe.payloadBytes() + AuxCache.ENTRY_OVERHEAD_BYTES + 2L * probe.tag().length();
        AuxCache cache = new AuxCache(3 * each, counters);
        for (int seq = 0; seq < 5; seq++) {
            cache.record(complete(seq < 3 ? T1 : T2, seq, "NOOP", "OK"));
        }
        assertEquals(3, cache.size());
        assertEquals(3 * each, cache.bytes());
        assertEquals(2, counters.evictions());
        assertEquals(AuxLookup.Outcome.NOT_LOGGED, cache.lookup(T1, bytes(request(T1, 0, "NOOP"))).outcome());
        assertEquals(AuxLookup.Outcome.NOT_LOGGED, cache.lookup(T1, bytes(request(T1, 1, "NOOP"))).outcome());
        assertTrue(cache.lookup(T1, bytes(request(T1, 2, "NOOP"))).isServed());
        assertEquals(1, cache.commandsOf(T1).size());
        assertEquals(2, cache.commandsOf(T2).size());
    }

    @Test
    void keepsACommandLargerThanTheCapOnlyAsIncomplete() {
        AuxCache cache = new AuxCache(1000, counters);
        String big = "x".repeat(2000);
        cache.record(complete(T1, 0, "APPEND INBOX", big));
        AuxLookup l = cache.lookup(T1, bytes(request(T1, 0, "APPEND INBOX")));
        assertEquals(AuxLookup.Outcome.INCOMPLETE, l.outcome());
        assertTrue(l.reason().contains("cap"), l.reason());
        assertTrue(cache.bytes() <= 1000);
    }

    @Test
    void listsATransactionsRequestsInSequenceOrderForRest() {
        AuxCache cache = new AuxCache(1 << 20, counters);
        cache.record(complete(T1, 1, "SELECT INBOX", "OK"));
        cache.record(complete(T1, 0, "LOGIN a b", "OK"));
        cache.record(AuxCommand.incomplete(CONNECTION, 3, AuxTag.of(T1, 2).text(), "FETCH", null, "reset"));
        List<AuxRequestView> views = cache.viewsOf(T1);
        assertEquals(List.of(0, 1, 2), views.stream().map(AuxRequestView::getSequence).toList());
        AuxRequestView login = views.get(0);
        assertEquals(request(T1, 0, "LOGIN a b"), text(Base64.getDecoder().decode(login.getRequest())));
        assertEquals(AuxTag.of(T1, 0).text() + " OK\r\n", text(Base64.getDecoder().decode(login.getResponse())));
        assertTrue(login.isComplete());
        assertEquals("LOGIN", login.getCommand());
        AuxRequestView fetch = views.get(2);
        assertFalse(fetch.isComplete());
        assertNull(fetch.getRequest());
        assertNull(fetch.getResponse());
        assertEquals("reset", fetch.getIncompleteReason());
        assertTrue(cache.viewsOf(T2).isEmpty());
    }

    @Test
    void theRestViewSerialisesWithJackson() throws Exception {
        AuxCache cache = new AuxCache(1 << 20, counters);
        cache.record(complete(T1, 0, "NOOP", "OK"));
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .valueToTree(cache.viewsOf(T1)).get(0);
        assertEquals(0, json.get("sequence").asInt());
        assertEquals(AuxTag.of(T1, 0).text(), json.get("tag").asText());
        assertTrue(json.get("complete").asBoolean());
        assertEquals(request(T1, 0, "NOOP"), text(Base64.getDecoder().decode(json.get("request").asText())));
        assertTrue(json.has("response") && json.has("incompleteReason") && json.has("command"), json.toString());
    }

    @Test
    void oneWriterAndManyReadersAtOnce() throws Exception {
        AuxCache cache = new AuxCache(64 << 10, counters);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> writer = pool.submit(() -> {
                for (int seq = 0; seq < 5000; seq++) {
                    cache.record(complete(T1, seq, "FETCH " + seq, "OK"));
                }
            });
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    for (int seq = 0; seq < 5000; seq++) {
                        AuxLookup l = cache.lookup(T1, bytes(request(T1, seq, "FETCH " + seq)));
                        if (l.outcome() != AuxLookup.Outcome.SERVED && l.outcome() != AuxLookup.Outcome.NOT_LOGGED) {
                            throw new AssertionError(l.toString());
                        }
                        cache.viewsOf(T1);
                    }
                }));
            }
            writer.get(30, TimeUnit.SECONDS);
            for (Future<?> r : readers) {
                r.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(cache.bytes() <= 64 << 10);
        assertEquals(5000, counters.commandsIndexed());
        assertEquals(5000 - cache.size(), counters.evictions());
        assertEquals(10_000, counters.served() + counters.misses());
    }

    @Test
    void validatesItsArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AuxCache(10, counters));
        assertTrue(e.getMessage().contains("maxBytes"), e.getMessage());
        AuxCache cache = new AuxCache(1 << 20, counters);
        NullPointerException npe = assertThrows(NullPointerException.class, () -> cache.lookup(T1, null));
        assertEquals("request", npe.getMessage());
    }
}
