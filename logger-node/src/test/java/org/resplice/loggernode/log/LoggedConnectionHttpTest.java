package org.resplice.loggernode.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.resplice.loggernode.tag.TestTables;
import org.resplice.splicecore.txn.Protocol;
import org.resplice.splicecore.txn.TransactionId;
import org.resplice.tagconfig.TagSet;

class LoggedConnectionHttpTest {

    private static final String GET_STATIC = "GET /static/a.css HTTP/1.1\r\nHost: x\r\n\r\n";
    private static final String OK_HELLO = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";

    private final LogFixture f = new LogFixture();

    private static RecoveryView.TransactionEntry entry(RecoveryView v, int ordinal) {
        for (RecoveryView.TransactionEntry e : v.getTransactions()) {
            if (e.getOrdinal() == ordinal) {
                return e;
            }
        }
        throw new AssertionError("no transaction #" + ordinal + " in the view");
    }

    @Test
    void keepAliveContentLengthGivesTlPAndAckCl() {
        f.tagger.install(TestTables.webmail("/static/"));
        Wire w = f.open(Protocol.HTTP);
        long[] q0 = w.c(GET_STATIC);
        long[] r0 = w.s(OK_HELLO);

        RecoveryView v = w.c.recoveryView();
        assertEquals(0, v.getLastLoggedOrdinal());
        assertEquals(r0[1], v.getLastLoggedResponseEnd());
        assertEquals(0, v.getLoggedPrefixBytes());
        assertEquals(0, v.getAckClientOffset());
        assertEquals(5001, v.getAckClientSequence(), "backendIsn + 1 + offset");
        assertEquals(r0[1], v.getLastServerByteOffset());
        RecoveryView.TransactionEntry e0 = entry(v, 0);
        assertEquals(TransactionId.of(LogFixture.CLIENT_IP, LogFixture.CLIENT_PORT, 0), e0.getId());
        assertEquals("10.0.0.1:40000#0", e0.getIdText());
        assertEquals("GET", e0.getKind());
        assertEquals(List.of("deterministic", "read-only", "idempotent"), e0.getTags());
        assertEquals(q0[0], e0.getRequestStart());
        assertEquals(q0[1], e0.getRequestEnd());
        assertEquals(GET_STATIC, Wire.text(e0.getRequestBytes()));
        assertEquals(r0[0], e0.getResponseStart());
        assertEquals(r0[1], e0.getResponseEnd());
        assertEquals("COMPLETE", e0.getState());
        assertTrue(e0.isLogged());
        assertTrue(e0.isRecoverable());
        assertEquals(OK_HELLO, Wire.text(v.getUnackedServerBytes().getBytes()), "nothing acknowledged yet");

        w.c.clientAck(20);
        v = w.c.recoveryView();
        assertEquals(20, v.getAckClientOffset());
        assertEquals(5021, v.getAckClientSequence());
        assertEquals(OK_HELLO.substring(20), Wire.text(v.getUnackedServerBytes().getBytes()));

        w.ackAll();
        String post = "POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\na=b";
        long[] q1 = w.c(post);
        long[] head = w.s("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01");
        v = w.c.recoveryView();
        assertEquals(0, v.getLastLoggedOrdinal());
        assertEquals(head[1] - head[0], v.getLoggedPrefixBytes(), "p: the head and two body bytes");
        assertEquals(head[0], v.getNextResponsePrefix().getStart());
        assertEquals(1, v.getNextResponsePrefix().getOrdinal());
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01", Wire.text(v.getNextResponsePrefix().getBytes()));
        assertEquals(v.getLastLoggedResponseEnd() + v.getLoggedPrefixBytes(), v.getLastServerByteOffset(),
                "Ack_TL + p is the last server byte");
        RecoveryView.TransactionEntry e1 = entry(v, 1);
        assertEquals(TagSet.CONSERVATIVE.tags().size(), e1.getTags().size());
        assertEquals(List.of("non-deterministic", "update", "non-idempotent"), e1.getTags());
        assertEquals(post, Wire.text(e1.getRequestBytes()));
        assertEquals(q1[1], e1.getRequestEnd());
        assertEquals("RESPONSE", e1.getState());
        assertEquals(-1, e1.getResponseEnd());
        assertEquals(GET_STATIC, Wire.text(entry(v, 0).getRequestBytes()), "kept for replay");

        w.s("23456789");
        v = w.c.recoveryView();
        assertEquals(1, v.getLastLoggedOrdinal());
        assertEquals(0, v.getLoggedPrefixBytes());
        assertEquals(2, v.getNextResponsePrefix().getOrdinal());
        assertArrayEquals(new byte[0], v.getNextResponsePrefix().getBytes());
    }

    @Test
    void chunkedResponseIsLoggedOnlyAfterItsLastChunk() {
        Wire w = f.open(Protocol.HTTP);
        w.c("GET /feed HTTP/1.1\r\nHost: x\r\n\r\n");
        long[] a = w.s("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel");
        w.s("lo\r\n");
        assertEquals(-1, w.c.lastLoggedOrdinal());
        assertEquals(w.server - a[0], w.c.recoveryView().getLoggedPrefixBytes());
        w.s("0\r\n\r\n");
        assertEquals(0, w.c.lastLoggedOrdinal());
        RecoveryView.TransactionEntry e = entry(w.c.recoveryView(), 0);
        assertEquals(w.server, e.getResponseEnd());
        assertNull(e.getResponseSha256(), "small responses are not hashed");
    }

    @Test
    void closeDelimitedResponseEndsAtServerFin() {
        Wire w = f.open(Protocol.HTTP);
        w.c("GET /old HTTP/1.0\r\n\r\n");
        w.s("HTTP/1.0 200 OK\r\n\r\nuntil close");
        assertEquals(-1, w.c.lastLoggedOrdinal());
        assertEquals(w.server, w.c.recoveryView().getLoggedPrefixBytes());
        w.serverFin();
        RecoveryView v = w.c.recoveryView();
        assertEquals(0, v.getLastLoggedOrdinal());
        assertEquals(w.server, entry(v, 0).getResponseEnd());
        assertEquals("SERVER_FIN", v.getCloseCause());
        assertTrue(v.isServerFinished());
        assertEquals(List.of("responseLogged #0 @0", "closed SERVER_FIN @0"),
                f.listener.only("responseLogged", "closed"), "the response completes before the close is judged");
    }

    @Test
    void pipelinedRequestsGetConsecutiveOrdinalsAndIds() {
        Wire w = f.open(Protocol.HTTP);
        String q = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
        w.c(q + q.replace("/a", "/b") + q.replace("/a", "/c"));
        RecoveryView v = w.c.recoveryView();
        assertEquals(3, v.getTransactions().size());
        for (int i = 0; i < 3; i++) {
            RecoveryView.TransactionEntry e = v.getTransactions().get(i);
            assertEquals(i, e.getOrdinal());
            assertEquals(TransactionId.of(LogFixture.CLIENT_IP, LogFixture.CLIENT_PORT, i), e.getId());
            assertEquals("AWAITING_RESPONSE", e.getState());
            assertEquals((long) i * q.length(), e.getRequestStart());
        }
        assertEquals(-1, v.getLastLoggedOrdinal());
        w.s(OK_HELLO + OK_HELLO);
        assertEquals(1, w.c.lastLoggedOrdinal());
        w.s(OK_HELLO.substring(0, 10));
        v = w.c.recoveryView();
        assertEquals(1, v.getLastLoggedOrdinal());
        assertEquals(10, v.getLoggedPrefixBytes());
        assertEquals(2L * OK_HELLO.length(), v.getNextResponsePrefix().getStart());
        w.s(OK_HELLO.substring(10));
        assertEquals(2, w.c.lastLoggedOrdinal());
        assertEquals(List.of("responseLogged #0 @0", "responseLogged #1 @0", "responseLogged #2 @0"),
                f.listener.only("responseLogged"));
    }

    @Test
    void aTableSwappedAtRuntimeTagsOnlyNewTransactions() {
        f.tagger.install(TestTables.webmail("/static/"));
        Wire w = f.open(Protocol.HTTP);
        w.c("GET /assets/x.js HTTP/1.1\r\nHost: x\r\n\r\n");
        f.tagger.install(TestTables.webmail("/assets/"));
        w.s(OK_HELLO);
        w.c("GET /assets/x.js HTTP/1.1\r\nHost: x\r\n\r\n");
        RecoveryView v = w.c.recoveryView();
        assertEquals(List.of("deterministic", "update", "idempotent"), entry(v, 0).getTags(),
                "the tags it got when its head was parsed");
        assertEquals(List.of("deterministic", "read-only", "idempotent"), entry(v, 1).getTags());
        assertTrue(entry(v, 1).isReadOnly());
    }

    @Test
    void listenerHearsEachStepInOrderWithTheClocksTime() {
        Wire w = f.open(Protocol.HTTP);
        w.c("GET /x HTTP/1.1\r\nHost: x\r\n");
        f.clock.advanceMillis(1);
        w.c("\r\n");
        f.clock.advanceMillis(4);
        w.s("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123");
        f.clock.advanceMillis(2);
        w.s("456789");
        f.clock.advanceMillis(3);
        w.c("GET /y HTTP/1.1\r\nHost: x\r\n\r\n");
        f.clock.advanceMillis(1);
        w.serverFin();
        int head = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n".length();
        assertEquals(List.of(
                "requestComplete #0 GET @1",
                "responseStarted #0 @5",
                "responseBytes #0 " + (head + 4) + " @5",
                "responseBytes #0 " + (head + 10) + " @7",
                "responseLogged #0 @7",
                "requestComplete #1 GET @10",
                "closed SERVER_FIN mid-transaction @11"), f.listener.events);
    }

    @Test
    void ackClSequenceWrapsAroundTheBackendsIsn() {
        Wire w = new Wire(f.store.open(LogFixture.KEY, Protocol.HTTP, 1, 0xFFFF_FFF0));
        w.c(GET_STATIC);
        w.s(OK_HELLO);
        w.ackAll();
        RecoveryView v = w.c.recoveryView();
        assertEquals(0xFFFF_FFF0L, v.getBackendIsn());
        assertEquals((0xFFFF_FFF0L + 1 + OK_HELLO.length()) & 0xFFFF_FFFFL, v.getAckClientSequence());
        assertEquals(OK_HELLO.length(), v.getAckClientOffset());
        assertEquals(0, v.getUnackedServerBytes().getLength());
        assertTrue(v.getUnackedServerBytes().isComplete());
    }

    @Test
    void onlyTheLastCompleteRequestsAreKeptForReplay() {
        LogFixture g = new LogFixture(LogConfig.builder().retainedCompleteRequests(2).build(), 1 << 20);
        Wire w = g.open(Protocol.HTTP);
        for (int i = 0; i < 5; i++) {
            w.c("GET /" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");
            w.s(OK_HELLO);
            w.ackAll();
        }
        String next = "GET /5 HTTP/1.1\r\nHost: x\r\n\r\n";
        w.c(next);
        RecoveryView v = w.c.recoveryView();
        assertEquals(4, v.getLastLoggedOrdinal());
        assertEquals(List.of(3, 4, 5), v.getTransactions().stream().map(RecoveryView.TransactionEntry::getOrdinal)
                .toList());
        assertEquals("GET /3 HTTP/1.1\r\nHost: x\r\n\r\n", Wire.text(entry(v, 3).getRequestBytes()));
        long requests = 3L * next.length();
        assertEquals(requests, w.c.heldBytes(), "acknowledged responses and older requests are released");
        assertEquals(requests, g.budget.usedBytes());
        assertEquals(requests, g.store.counters().getBytesHeld());
    }

    @Test
    void aServerResetMidTransactionKeepsTheLogForRecovery() {
        Wire w = f.open(Protocol.HTTP);
        w.c(GET_STATIC);
        w.s(OK_HELLO);
        w.ackAll();
        w.c("POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nx");
        w.c.reset(true);
        assertEquals(List.of("closed SERVER_RESET mid-transaction @0"), f.listener.only("closed"));
        RecoveryView v = w.c.recoveryView();
        assertEquals("SERVER_RESET", v.getCloseCause());
        assertTrue(v.isRecoverable());
        assertNotNull(entry(v, 1).getRequestBytes());
        w.s("late");
        assertEquals(1, f.store.counters().getAfterReset(), "a stray after the reset is counted, not logged");
        assertEquals("SERVER_RESET", w.c.recoveryView().getCloseCause());
    }

    @Test
    void dataMustContinueWhereTheStreamEnded() {
        Wire w = f.open(Protocol.HTTP);
        w.c(GET_STATIC);
        byte[] b = Wire.bytes("x");
        assertThrows(IllegalArgumentException.class, () -> w.c.clientData(5, b, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> w.c.serverData(1, b, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> w.c.clientGap(w.client, w.client - 1));
    }

    @Test
    void framingAmbiguityMakesTheConnectionUnrecoverable() {
        Wire w = f.open(Protocol.HTTP);
        w.c(GET_STATIC);
        w.s("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n");
        RecoveryView v = w.c.recoveryView();
        assertFalse(v.isRecoverable());
        assertTrue(v.getUnrecoverableReason().startsWith("framing failed: "), v.getUnrecoverableReason());
        assertFalse(entry(v, 0).isRecoverable());
        assertEquals(0, w.c.heldBytes(), "an unrecoverable connection keeps no bytes");
        assertNull(v.getUnackedServerBytes().getBytes());
        assertEquals(1, f.store.counters().getUnrecoverableConnections());
        assertEquals(1, f.listener.only("unrecoverable").size());
    }
}
