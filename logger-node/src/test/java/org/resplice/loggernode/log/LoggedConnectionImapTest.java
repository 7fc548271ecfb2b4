package org.resplice.loggernode.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.resplice.loggernode.tag.TestTables;
import org.resplice.splicecore.txn.Protocol;

class LoggedConnectionImapTest {

    private final LogFixture f = new LogFixture();

    @Test
    void commandsWithLiteralsAreWholeTransactions() {
        f.tagger.install(TestTables.mail());
        Wire w = f.open(Protocol.IMAP);
        long[] g = w.s("* OK IMAP4rev1 ready\r\n");
        long[] q = w.c("A1 LOGIN {5}\r\n");
        long[] p = w.s("+ Ready for literal\r\n");
        long[] qe = w.c("alice secret\r\n");
        RecoveryView v = w.c.recoveryView();
        assertEquals(0, v.getLastLoggedOrdinal(), "the greeting is transaction 0");
        assertEquals(p[1] - p[0], v.getLoggedPrefixBytes(), "the continuation request belongs to LOGIN's response");

        long[] pe = w.s("A1 OK LOGIN completed\r\n");
        w.ackAll();
        long[] q2 = w.c("a2 UID FETCH 1:* (FLAGS)\r\n");
        w.s("* 1 FETCH (UID 7 FLAGS (\\Seen))\r\n");
        v = w.c.recoveryView();

        assertEquals(1, v.getLastLoggedOrdinal());
        RecoveryView.TransactionEntry greeting = v.getTransactions().get(0);
        assertEquals("GREETING", greeting.getKind());
        assertTrue(greeting.isServerInitiated());
        assertEquals(g[0], greeting.getResponseStart());
        assertEquals(g[1], greeting.getResponseEnd());
        assertEquals(List.of("non-deterministic", "update", "non-idempotent"), greeting.getTags());

        RecoveryView.TransactionEntry login = v.getTransactions().get(1);
        assertEquals("LOGIN", login.getKind());
        assertEquals(q[0], login.getRequestStart());
        assertEquals(qe[1], login.getRequestEnd());
        assertEquals("A1 LOGIN {5}\r\nalice secret\r\n", Wire.text(login.getRequestBytes()));
        assertEquals(p[0], login.getResponseStart());
        assertEquals(pe[1], login.getResponseEnd());

        RecoveryView.TransactionEntry fetch = v.getTransactions().get(2);
        assertEquals("UID FETCH", fetch.getKind());
        assertEquals(List.of("deterministic", "read-only", "idempotent"), fetch.getTags());
        assertEquals(q2[0], fetch.getRequestStart());
        assertEquals("RESPONSE", fetch.getState());
        assertEquals("* 1 FETCH (UID 7 FLAGS (\\Seen))\r\n", Wire.text(v.getNextResponsePrefix().getBytes()));

        assertEquals(List.of("requestComplete #1 LOGIN @0", "requestComplete #2 UID FETCH @0"),
                f.listener.only("requestComplete"), "no requestComplete for the greeting");
    }

    @Test
    void pipelinedCommandsCompletedOutOfOrderAreLoggedInOrdinalOrder() {
        Wire w = f.open(Protocol.IMAP);
        w.s("* OK ready\r\n");
        w.c("a1 NOOP\r\na2 NOOP\r\n");
        w.s("a2 OK done\r\n");
        assertEquals(0, w.c.lastLoggedOrdinal(), "a2 is complete but a1 is not");
        w.s("a1 OK done\r\n");
        assertEquals(2, w.c.lastLoggedOrdinal());
        assertEquals(List.of("responseLogged #0 @0", "responseLogged #1 @0", "responseLogged #2 @0"),
                f.listener.only("responseLogged"));
    }
}
