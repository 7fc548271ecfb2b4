package org.resplice.loggernode.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.resplice.splicecore.txn.Protocol;

class CaptureGapTest {

    private static final String GET = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";

    private final LogFixture f = new LogFixture();

    @Test
    void aGapInsideAResponseMarksItAndEndsRecoverability() {
        Wire w = f.open(Protocol.HTTP);
        w.c(GET);
        w.s(OK);
        w.ackAll();
        w.c(GET);
        long[] head = w.s("HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\nabc");
        f.clock.advanceMillis(3);
        w.serverGap(100);
        w.s("more bytes after the gap are accepted and ignored");

        RecoveryView v = w.c.recoveryView();
        assertFalse(v.isRecoverable());
        assertEquals("server capture gap [" + head[1] + "," + (head[1] + 100)
                + "): the framer cannot skip lost bytes", v.getUnrecoverableReason());
        assertTrue(v.getTransactions().get(0).isRecoverable(), "complete before the gap");
        assertEquals(0, v.getLastLoggedOrdinal());
        RecoveryView.TransactionEntry hit = v.getTransactions().get(1);
        assertEquals("response bytes lost to server capture gap [" + head[1] + "," + (head[1] + 100) + ")",
                hit.getUnrecoverableReason());
        assertEquals(w.server, v.getLastServerByteOffset());
        assertNull(v.getUnackedServerBytes().getBytes());
        assertEquals(0, w.c.heldBytes());
        LogCounters counters = f.store.counters();
        assertEquals(1, counters.getGaps());
        assertEquals(100, counters.getGapBytes());
        assertEquals(1, counters.getUnrecoverableConnections());
        assertEquals(1, counters.getUnrecoverableTransactions());
        assertEquals(List.of("unrecoverable " + v.getUnrecoverableReason() + " @3"),
                f.listener.only("unrecoverable"));
    }

    @Test
    void aGapInsideARequestMarksTheRequest() {
        Wire w = f.open(Protocol.HTTP);
        long[] q = w.c("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\npart");
        w.clientGap(200);
        RecoveryView v = w.c.recoveryView();
        RecoveryView.TransactionEntry e = v.getTransactions().get(0);
        assertEquals("request bytes lost to client capture gap [" + q[1] + "," + (q[1] + 200) + ")",
                e.getUnrecoverableReason());
        assertFalse(v.isRecoverable());
        assertTrue(v.getUnrecoverableReason().startsWith("client capture gap"));
        assertEquals(-1, v.getLastLoggedOrdinal());
    }

    @Test
    void aGapBetweenTransactionsMarksNoTransactionButTheConnection() {
        Wire w = f.open(Protocol.HTTP);
        w.c(GET);
        w.s(OK);
        w.ackAll();
        w.clientGap(50);
        RecoveryView v = w.c.recoveryView();
        assertFalse(v.isRecoverable());
        assertEquals(1, v.getTransactions().size());
        assertTrue(v.getTransactions().get(0).isRecoverable());
        assertEquals(0, v.getLastLoggedOrdinal());
        assertEquals(0, f.store.counters().getUnrecoverableTransactions());
        assertEquals(50, f.store.counters().getGapBytes());
    }

    @Test
    void requestsInFlightWhenTheServerStreamLosesBytesAreMarkedToo() {
        Wire w = f.open(Protocol.HTTP);
        w.c(GET + GET);
        w.s(OK.substring(0, 10));
        w.serverGap(7);
        RecoveryView v = w.c.recoveryView();
        assertTrue(v.getTransactions().get(0).getUnrecoverableReason().startsWith("response bytes lost"));
        assertTrue(v.getTransactions().get(1).getUnrecoverableReason().startsWith("response bytes lost"),
                "its response would have come after the gap");
        assertEquals(2, f.store.counters().getUnrecoverableTransactions());
    }

    @Test
    void anEmptyGapIsNotAGap() {
        Wire w = f.open(Protocol.HTTP);
        w.c(GET);
        w.c.serverGap(0, 0);
        assertTrue(w.c.isRecoverable());
        assertEquals(0, f.store.counters().getGaps());
    }
}
