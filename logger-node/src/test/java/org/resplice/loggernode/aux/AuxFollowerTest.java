package org.resplice.loggernode.aux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.resplice.loggernode.aux.AuxTraffic.bytes;
import static org.resplice.loggernode.aux.AuxTraffic.text;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.resplice.loggernode.capture.MirroredSegment;
import org.resplice.splicecore.packet.Ip4Address;
import org.resplice.splicecore.txn.TransactionId;

class AuxFollowerTest {

    private static final long T1 = TransactionId.of(0x0A000001, 40001, 3);
    private static final long T2 = TransactionId.of(0x0A000002, 40002, 7);
    private static final String GREETING = "* OK IMAP4rev1 ready\r\n";

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final AuxCache cache = new AuxCache(1 << 20, new AuxCounters());
    private final AuxFollower follower = new AuxFollower(
            AuxFollowerConfig.defaults().withAuxServer(Ip4Address.valueOf(AuxTraffic.AUX_IP), AuxTraffic.AUX_PORT)
                    .withIdleTimeout(Duration.ofSeconds(60)),
            cache, clock::get);
    private final AuxCounters counters = cache.counters();

    private static String tag(long id, int seq) {
        return AuxTag.of(id, seq).text();
    }

    private void deliver(MirroredSegment... segments) {
        for (MirroredSegment s : segments) {
            follower.segment(s);
        }
    }

    /** Handshake and greeting. */
    private AuxTraffic open(int port, int backendIsn, int auxIsn) {
        AuxTraffic c = new AuxTraffic(port, backendIsn, auxIsn);
        deliver(c.syn(), c.synAck(), c.backendAck(), c.fromAux(GREETING), c.backendAck());
        return c;
    }

    /** One command and its response, each in one segment. */
    private void exchange(AuxTraffic c, String request, String response) {
        deliver(c.fromBackend(request), c.fromAux(response), c.backendAck());
    }

    private AuxCommand only(long id, int seq) {
        String t = tag(id, seq);
        List<AuxCommand> matches = cache.commandsOf(id).stream().filter(x -> x.tag().equals(t)).toList();
        assertEquals(1, matches.size(), "commands tagged " + t + ": " + cache.commandsOf(id));
        return matches.get(0);
    }

    private void assertLogged(long id, int seq, String request, String response) {
        AuxCommand c = only(id, seq);
        assertTrue(c.isComplete(), c::toString);
        assertEquals(request, text(c.request().orElseThrow()));
        assertEquals(response, text(c.response().orElseThrow()));
        AuxLookup served = cache.lookup(id, bytes(request));
        assertTrue(served.isServed(), served::toString);
        assertEquals(response, text(served.response().orElseThrow()));
    }

    @Test
    void learnsTheIsnsFromTheHandshakeAndLogsALoginSelectFetchAppendSession() {
        // ISNs just below the 2^32 wrap, so that the streams cross it.
        AuxTraffic c = open(40100, 0xFFFF_FFF0, 0xFFFF_FF00);
        String login = tag(T1, 0) + " LOGIN alice secret\r\n";
        String loginOk = tag(T1, 0) + " OK LOGIN completed\r\n";
        String select = tag(T1, 1) + " SELECT INBOX\r\n";
        String selectOk = "* 2 EXISTS\r\n* OK [UIDVALIDITY 42] UIDs valid\r\n" + tag(T1, 1)
                + " OK [READ-WRITE] SELECT completed\r\n";
        String fetch = tag(T1, 2) + " FETCH 1 BODY[]\r\n";
        // The literal holds a line that looks like the command's completion: framing must skip it.
        String body = "Subject: x\r\n" + tag(T1, 2) + " OK not really\r\n";
        String fetchOk = "* 1 FETCH (BODY[] {" + body.length() + "}\r\n" + body + ")\r\n" + tag(T1, 2)
                + " OK FETCH completed\r\n";
        exchange(c, login, loginOk);
        exchange(c, select, selectOk);
        exchange(c, fetch, fetchOk);
        // APPEND with a synchronising literal: the backend waits for the continuation request.
        String appendLine = tag(T1, 3) + " APPEND INBOX {5}\r\n";
        deliver(c.fromBackend(appendLine), c.fromAux("+ Ready for literal data\r\n"), c.fromBackend("hello\r\n"),
                c.fromAux(tag(T1, 3) + " OK APPEND completed\r\n"), c.backendAck());

        assertLogged(T1, 0, login, loginOk);
        assertLogged(T1, 1, select, selectOk);
        assertLogged(T1, 2, fetch, fetchOk);
        assertLogged(T1, 3, appendLine + "hello\r\n", "+ Ready for literal data\r\n" + tag(T1, 3)
                + " OK APPEND completed\r\n");
        assertEquals(List.of(0, 1, 2, 3), cache.viewsOf(T1).stream().map(AuxRequestView::getSequence).toList());
        assertEquals(4, counters.commandsIndexed());
        assertEquals(1, counters.connectionsFollowed());
        assertEquals(0, counters.connectionsWithoutHandshake());
    }

    @Test
    void indexesTwoTransactionsInterleavingOnOneConnection() {
        AuxTraffic c = open(40101, 1000, 2000);
        exchange(c, tag(T1, 0) + " SELECT INBOX\r\n", tag(T1, 0) + " OK done\r\n");
        exchange(c, tag(T2, 0) + " SELECT Sent\r\n", tag(T2, 0) + " OK done\r\n");
        exchange(c, tag(T1, 1) + " NOOP\r\n", "* 3 EXISTS\r\n" + tag(T1, 1) + " OK done\r\n");
        // Pipelined, completed out of order: T2's bare completion lies inside T1's response span.
        deliver(c.fromBackend(tag(T1, 2) + " SEARCH ALL\r\n" + tag(T2, 1) + " NOOP\r\n"),
                c.fromAux("* SEARCH 1 2 3\r\n" + tag(T2, 1) + " OK noop\r\n" + tag(T1, 2) + " OK search\r\n"),
                c.backendAck());

        assertLogged(T1, 0, tag(T1, 0) + " SELECT INBOX\r\n", tag(T1, 0) + " OK done\r\n");
        assertLogged(T1, 1, tag(T1, 1) + " NOOP\r\n", "* 3 EXISTS\r\n" + tag(T1, 1) + " OK done\r\n");
        assertLogged(T1, 2, tag(T1, 2) + " SEARCH ALL\r\n", "* SEARCH 1 2 3\r\n" + tag(T1, 2) + " OK search\r\n");
        assertLogged(T2, 0, tag(T2, 0) + " SELECT Sent\r\n", tag(T2, 0) + " OK done\r\n");
        assertLogged(T2, 1, tag(T2, 1) + " NOOP\r\n", tag(T2, 1) + " OK noop\r\n");
        assertEquals(3, cache.commandsOf(T1).size());
        assertEquals(2, cache.commandsOf(T2).size());
    }

    @Test
    void refusesResponsesWhoseUntaggedDataInterleaves() {
        AuxTraffic c = open(40102, 5, 6);
        // NOOP and APPEND pipelined; the continuation goes to the APPEND, the EXISTS to the NOOP,
        // inside the APPEND's span: which lines belong to which is not the logger's to guess.
        deliver(c.fromBackend(tag(T1, 0) + " NOOP\r\n" + tag(T1, 1) + " APPEND INBOX {3}\r\n"),
                c.fromAux("+ go\r\n* 5 EXISTS\r\n" + tag(T1, 0) + " OK noop\r\n"), c.fromBackend("abc\r\n"),
                c.fromAux(tag(T1, 1) + " OK append\r\n"), c.backendAck());
        for (int seq = 0; seq <= 1; seq++) {
            AuxCommand cmd = only(T1, seq);
            assertFalse(cmd.isComplete(), cmd::toString);
            assertTrue(cmd.incompleteReason().contains("interleaves"), cmd.incompleteReason());
        }
        assertEquals(AuxLookup.Outcome.INCOMPLETE, cache.lookup(T1, bytes(tag(T1, 0) + " NOOP\r\n")).outcome());
    }

    @Test
    void countsButDoesNotIndexForeignTags() {
        AuxTraffic c = open(40103, 77, 88);
        exchange(c, "a001 LOGIN bob pw\r\n", "a001 OK hi\r\n");
        exchange(c, "RS0A00000104000003.1 NOOP\r\n", "RS0A00000104000003.1 OK\r\n");
        exchange(c, tag(T1, 0) + " NOOP\r\n", tag(T1, 0) + " OK\r\n");
        assertEquals(3, counters.commandsLogged());
        assertEquals(2, counters.commandsUnindexed());
        assertEquals(1, counters.commandsIndexed());
        assertEquals(1, cache.size());
    }

    @Test
    void rebuildsReorderedAndDuplicatedSegments() {
        AuxTraffic c = open(40104, 0x7FFF_FFF0, 0x1234);
        String fetch = tag(T1, 0) + " FETCH 1 (FLAGS BODY[])\r\n";
        String response = "* 1 FETCH (FLAGS (\\Seen) BODY[] {6}\r\nab\r\ncd)\r\n" + tag(T1, 0) + " OK done\r\n";
        MirroredSegment req1 = c.fromBackend(fetch.substring(0, 9));
        MirroredSegment req2 = c.fromBackend(fetch.substring(9));
        MirroredSegment r1 = c.fromAux(response.substring(0, 20));
        MirroredSegment r2 = c.fromAux(response.substring(20, 40));
        MirroredSegment r3 = c.fromAux(response.substring(40));
        deliver(req2, req1, req2, req1, r3, r1, r1, r2, r3, c.backendAck());
        assertLogged(T1, 0, fetch, response);
        assertEquals(1, counters.commandsLogged());
    }

    @Test
    void aCaptureGapMakesTheAffectedCommandIncompleteAndStopsLoggingTheConnection() {
        AuxTraffic c = open(40105, 10, 20);
        exchange(c, tag(T1, 0) + " SELECT INBOX\r\n", tag(T1, 0) + " OK done\r\n");
        String fetch = tag(T1, 1) + " FETCH 1 BODY[]\r\n";
        deliver(c.fromBackend(fetch));
        c.fromAux("* 1 FETCH (BODY[] {4}\r\n"); // built, never captured
        // The rest arrives, and the backend's ACK proves the lost bytes were sent: a gap.
        deliver(c.fromAux("abcd)\r\n" + tag(T1, 1) + " OK done\r\n"), c.backendAck());
        exchange(c, tag(T1, 2) + " NOOP\r\n", tag(T1, 2) + " OK\r\n");

        AuxCommand lost = only(T1, 1);
        assertFalse(lost.isComplete());
        assertTrue(lost.incompleteReason().contains("capture lost aux→backend bytes"), lost.incompleteReason());
        assertEquals(fetch, text(lost.request().orElseThrow()), "the request was fully captured");
        assertTrue(lost.response().isEmpty());
        AuxLookup l = cache.lookup(T1, bytes(fetch));
        assertEquals(AuxLookup.Outcome.INCOMPLETE, l.outcome());
        assertTrue(l.response().isEmpty());
        assertEquals(1, counters.connectionsFramingLost());
        assertEquals(2, cache.commandsOf(T1).size(), "nothing framed after the gap");
        assertTrue(cache.lookup(T1, bytes(tag(T1, 0) + " SELECT INBOX\r\n")).isServed(), "before the gap");
    }

    @Test
    void ignoresAndCountsAConnectionSeenWithoutItsHandshake() {
        AuxTraffic c = new AuxTraffic(40106, 100, 200);
        c.syn();
        c.synAck(); // neither captured
        deliver(c.fromBackend(tag(T1, 0) + " NOOP\r\n"), c.fromAux(tag(T1, 0) + " OK\r\n"), c.backendAck());
        assertEquals(1, counters.connectionsWithoutHandshake());
        assertEquals(3, counters.segmentsIgnored());
        assertEquals(0, counters.commandsLogged());
        assertEquals(0, follower.connections());

        // A SYN whose SYN-ACK was not captured: also not followed, also counted once.
        AuxTraffic d = new AuxTraffic(40107, 300, 400);
        deliver(d.syn());
        d.synAck();
        deliver(d.backendAck(), d.fromBackend(tag(T1, 1) + " NOOP\r\n"));
        assertEquals(2, counters.connectionsWithoutHandshake());
        assertEquals(0, counters.commandsLogged());
    }

    @Test
    void aResetEndsTheConnectionAndANewSynStartsANewOne() {
        AuxTraffic c = open(40108, 1, 2);
        deliver(c.fromBackend(tag(T1, 0) + " FETCH 1 BODY[]\r\n"), c.fromAux("* 1 FETCH (FLAGS ())\r\n"), c.auxRst());
        AuxCommand cut = only(T1, 0);
        assertFalse(cut.isComplete());
        assertTrue(cut.incompleteReason().contains("reset by the aux server"), cut.incompleteReason());
        assertEquals(0, follower.connections());

        deliver(c.backendAck()); // a late segment of the ended connection is not a new one
        assertEquals(0, counters.connectionsWithoutHandshake());

        AuxTraffic again = open(40108, 5000, 6000); // same 4-tuple, new ISNs
        exchange(again, tag(T1, 0) + " FETCH 1 BODY[]\r\n", tag(T1, 0) + " OK\r\n");
        assertLogged(T1, 0, tag(T1, 0) + " FETCH 1 BODY[]\r\n", tag(T1, 0) + " OK\r\n");
        assertEquals(1, counters.commandsReplaced(), "the later connection's command replaces the cut one");
        assertEquals(2, counters.connectionsFollowed());
    }

    @Test
    void aNewSynOnTheSameAddressesEndsTheOldConnection() {
        AuxTraffic c = open(40109, 1, 2);
        deliver(c.fromBackend(tag(T1, 0) + " NOOP\r\n"));
        open(40109, 999, 888);
        AuxCommand cut = only(T1, 0);
        assertTrue(cut.incompleteReason().contains("new connection"), cut.incompleteReason());
        assertEquals(1, follower.connections());
    }

    @Test
    void aFinPairEndsTheConnection() {
        AuxTraffic c = open(40110, 1, 2);
        exchange(c, tag(T1, 0) + " LOGOUT\r\n", "* BYE bye\r\n" + tag(T1, 0) + " OK LOGOUT completed\r\n");
        deliver(c.auxFin(), c.backendFin(), c.backendAck());
        assertEquals(0, follower.connections());
        assertTrue(only(T1, 0).isComplete());
        assertEquals(0, counters.connectionsFramingLost());
    }

    @Test
    void anIdleConnectionExpiresAndItsOpenCommandIsIncomplete() {
        AuxTraffic c = open(40111, 1, 2);
        deliver(c.fromBackend(tag(T1, 0) + " IDLE\r\n"), c.fromAux("+ idling\r\n"));
        clock.addAndGet(Duration.ofSeconds(59).toNanos());
        assertEquals(0, follower.expireIdle());
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        assertEquals(1, follower.expireIdle());
        assertEquals(0, follower.connections());
        AuxCommand cut = only(T1, 0);
        assertTrue(cut.incompleteReason().contains("idle"), cut.incompleteReason());
        assertNull(cut.request().orElse(null), "IDLE's request ends with DONE, never sent");
        assertEquals(1, counters.connectionsIdleExpired());
    }

    @Test
    void ignoresTrafficThatIsNotAuxTraffic() {
        deliver(AuxTraffic.segment("10.0.0.99", 5555, "10.0.0.11", 80, 1, 0, 2, ""));
        assertEquals(0, follower.connections());
        assertEquals(0, counters.segmentsIgnored());
        assertEquals(0, counters.connectionsWithoutHandshake());
    }
}
