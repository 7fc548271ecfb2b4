package org.resplice.splicecore.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.resplice.splicecore.txn.Feed.ascii;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.resplice.splicecore.txn.Feed;
import org.resplice.splicecore.txn.Recorder;
import org.resplice.splicecore.txn.Transaction;
import org.resplice.splicecore.txn.TransactionId;

class ImapFramerTest {

    static final int IP = 0x0A000002;
    static final int PORT = 40143;
    static final String GREETING = "* OK [CAPABILITY IMAP4rev1 LITERAL+ IDLE] ready\r\n";

    /** The two streams, and where each piece went. */
    static final class Conv {
        final StringBuilder client = new StringBuilder();
        final StringBuilder server = new StringBuilder();

        long[] c(String s) {
            long a = client.length();
            client.append(s);
            return new long[] {a, client.length()};
        }

        long[] s(String s) {
            long a = server.length();
            server.append(s);
            return new long[] {a, server.length()};
        }

        byte[] cb() {
            return ascii(client.toString());
        }

        byte[] sb() {
            return ascii(server.toString());
        }
    }

    static String tx(int ordinal, long reqStart, long reqEnd, long respStart, long respEnd, String summary) {
        return "#" + ordinal + " req[" + reqStart + "," + (reqEnd < 0 ? "?" : reqEnd) + ") resp["
                + (respStart < 0 ? "?" : respStart) + "," + (respEnd < 0 ? "?" : respEnd) + ") " + summary;
    }

    static Recorder run(Conv conv, boolean close, int mode, long seed) {
        Recorder r = new Recorder();
        ImapFramer f = new ImapFramer(IP, PORT, r);
        switch (mode) {
            case 0:
                Feed.clientFirst(f, conv.cb(), conv.sb(), close);
                break;
            case 1:
                Feed.serverFirst(f, conv.cb(), conv.sb(), close);
                break;
            case 2:
                Feed.byteByByte(f, conv.cb(), conv.sb(), close);
                break;
            default:
                Feed.shuffled(f, conv.cb(), conv.sb(), new Random(seed), close);
                break;
        }
        if (r.reason() == null) {
            assertEquals(0, f.clientWaitingBytes(), "mode " + mode);
            assertEquals(0, f.serverWaitingBytes(), "mode " + mode);
        } else {
            assertEquals(r.reason(), f.unrecoverableReason());
            assertEquals(1, r.reasons.size());
        }
        return r;
    }

    static Recorder assertFrames(Conv conv, boolean close, String... expected) {
        Recorder first = null;
        for (int mode = 0; mode < 34; mode++) {
            Recorder r = run(conv, close, mode, mode * 31337L);
            assertNull(r.reason(), "mode " + mode);
            assertEquals(List.of(expected), r.lines(), "mode " + mode);
            if (first == null) {
                first = r;
            }
        }
        return first;
    }

    static String assertUnrecoverable(Conv conv, boolean close, String reasonPart) {
        String reason = null;
        for (int mode = 0; mode < 34; mode++) {
            Recorder r = run(conv, close, mode, mode * 7L);
            assertNotNull(r.reason(), "mode " + mode + ": " + r.lines());
            assertTrue(r.reason().contains(reasonPart), () -> "'" + r.reason() + "' lacks '" + reasonPart + "'");
            if (reason == null) {
                reason = r.reason();
            }
            assertEquals(reason, r.reason(), "mode " + mode);
        }
        return reason;
    }

    static String greeting(long[] g) {
        return tx(0, 0, 0, g[0], g[1], "greeting");
    }

    @Test
    void greetingIsOrdinalZeroAndCommandsFollow() {
        Conv c = new Conv();
        long[] g = c.s(GREETING);
        long[] q1 = c.c("a001 LOGIN alice secret\r\n");
        long[] p1 = c.s("a001 OK LOGIN completed\r\n");
        long[] q2 = c.c("a002 select INBOX\r\n");
        long[] p2 = c.s("* 18 EXISTS\r\n* FLAGS (\\Seen)\r\n* OK [UIDVALIDITY 3857529045] UIDs valid\r\n"
                + "a002 OK [READ-WRITE] SELECT completed\r\n");
        long[] q3 = c.c("a003 UID fetch 1:* (FLAGS)\r\n");
        long[] p3 = c.s("* 1 FETCH (UID 4 FLAGS ())\r\na003 OK done\r\n");
        long[] q4 = c.c("a004 LOGOUT\r\n");
        long[] p4 = c.s("* BYE bye\r\na004 OK LOGOUT completed\r\n");
        Recorder r = assertFrames(c, true,
                greeting(g),
                tx(1, q1[0], q1[1], p1[0], p1[1], "a001 LOGIN"),
                tx(2, q2[0], q2[1], p2[0], p2[1], "a002 SELECT"),
                tx(3, q3[0], q3[1], p3[0], p3[1], "a003 UID FETCH"),
                tx(4, q4[0], q4[1], p4[0], p4[1], "a004 LOGOUT"));
        ImapRequestSummary s0 = (ImapRequestSummary) r.get(0).summary();
        assertEquals(ImapRequestSummary.Kind.GREETING, s0.kind());
        assertTrue(s0.serverInitiated());
        assertNull(s0.tag());
        ImapRequestSummary s3 = (ImapRequestSummary) r.get(3).summary();
        assertEquals("a003", s3.tag());
        assertEquals("UID FETCH", s3.command());
        assertEquals(TransactionId.of(IP, PORT, 3), r.get(3).id());
    }

    @Test
    void synchronisingLiteralsWaitForTheContinuation() {
        Conv c = new Conv();
        long[] g = c.s(GREETING);
        long[] q = c.c("A1 LOGIN {5}\r\n");
        long[] p = c.s("+ Ready for literal\r\n");
        c.c("alice {12}\r\n");
        c.s("+ go\r\n");
        long[] qe = c.c("a\r\nA9 NOOP\r\n\r\n");
        long[] pe = c.s("A1 OK LOGIN completed\r\n");
        assertFrames(c, true, greeting(g), tx(1, q[0], qe[1], p[0], pe[1], "A1 LOGIN"));
    }

    @Test
    void nonSynchronisingLiteralsDoNotWait() {
        Conv c = new Conv();
        long[] g = c.s(GREETING);
        long[] q1 = c.c("a APPEND INBOX (\\Seen) {12+}\r\nHello\r\nWorld {0+}\r\n\r\n");
        long[] q2 = c.c("b NOOP\r\n");
        long[] p1 = c.s("a OK [APPENDUID 1 2] APPEND completed\r\n");
        long[] p2 = c.s("b OK\r\n");
        Recorder r = new Recorder();
        ImapFramer f = new ImapFramer(IP, PORT, r);
        f.clientData(c.cb());
        assertEquals(0, f.clientWaitingBytes(), "nothing waits for the server");
        assertEquals(3, f.transactionCount());
        assertTrue(r.get(2).isRequestComplete());
        assertFrames(c, true, greeting(g), tx(1, q1[0], q1[1], p1[0], p1[1], "a APPEND"),
                tx(2, q2[0], q2[1], p2[0], p2[1], "b NOOP"));
    }

    @Test
    void refusedLiteralEndsTheCommandAtItsLine() {
        Conv c = new Conv();
        long[] g = c.s(GREETING);
        long[] q1 = c.c("a1 APPEND INBOX {99999999}\r\n");
        long[] p1 = c.s("a1 NO [TOOBIG] message too large\r\n");
        long[] q2 = c.c("a2 NOOP\r\n");
        long[] p2 = c.s("a2 OK\r\n");
        assertFrames(c, true, greeting(g), tx(1, q1[0], q1[1], p1[0], p1[1], "a1 APPEND"),
                tx(2, q2[0], q2[1], p2[0], p2[1], "a2 NOOP"));
        // Until the server has answered, the bytes after the literal marker wait.
        Recorder r = new Recorder();
        ImapFramer f = new ImapFramer(IP, PORT, r);
        f.clientData(c.cb());
        assertEquals(9, f.clientWaitingBytes());
        assertEquals(2, f.transactionCount(), "ordinal 0 is reserved for the greeting");
        assertNull(r.all.get(0));
        f.serverData(ascii(GREETING + "a1 NO [TOOBIG] message too large\r\n"));
        assertEquals(0, f.clientWaitingBytes());
        assertEquals(3, r.all.size());
        assertEquals("greeting", r.get(0).summary().toString());
        assertEquals("a2 NOOP", r.get(2).summary().toString());
    }

    @Test
    void literalsInUntaggedResponsesMayContainAnything() {
        Conv c = new Conv();
        long[] g = c.s(GREETING);
        long[] q = c.c("f1 FETCH 1 BODY[]\r\n");
        String body = "a2 OK fake\r\n* BYE fake\r\n{5}\r\n";
        long[] p = c.s("* 1 FETCH (FLAGS (\\Seen) BODY[] {" + body.length() + "}\r\n" + body
                + " BODY[HEADER] ~{3}\r\nabc)\r\n* LIST () \"/\" {5}\r\nINBOX\r\nf1 OK FETCH completed\r\n");
        assertFrames(c, true, greeting(g), tx(1, q[0], q[1], p[0], p[1], "f1 FETCH"));
    }

    @Test
    void clientLiteralsMayContainCommandLookalikes() {
        Conv c = new Conv();
        long[] g = c.s(GREETING);
        String msg = "From: x\r\n\r\nz1 LOGOUT\r\n{7}\r\n";
        long[] q = c.c("z0 APPEND INBOX {" + msg.length() + "+}\r\n" + msg + "\r\n");
        long[] p = c.s("z0 OK\r\n");
        assertFrames(c, true, greeting(g), tx(1, q[0], q[1], p[0], p[1], "z0 APPEND"));
    }

    @Test
    void pipelinedCommandsMatchByTagEvenOutOfOrder() {
        Conv c = new Conv();
        long[] g = c.s(GREETING);
        long[] q1 = c.c("a1 FETCH 1 (FLAGS)\r\n");
        long[] q2 = c.c("a2 FETCH 2 (FLAGS)\r\n");
        long[] q3 = c.c("a3 NOOP\r\n");
        long[] u1 = c.s("* 1 FETCH (FLAGS ())\r\n");
        long[] t2 = c.s("a2 OK done second first\r\n");
        c.s("* 2 FETCH (FLAGS ())\r\n");
        long[] t1 = c.s("a1 OK\r\n");
        long[] t3 = c.s("a3 OK\r\n");
        assertFrames(c, true, greeting(g),
                tx(1, q1[0], q1[1], u1[0], t1[1], "a1 FETCH"),
                tx(2, q2[0], q2[1], t2[0], t2[1], "a2 FETCH"),
                tx(3, q3[0], q3[1], t3[0], t3[1], "a3 NOOP"));
    }

    @Test
    void taggedCompletionWaitsForItsCommand() {
        Recorder r = new Recorder();
        ImapFramer f = new ImapFramer(IP, PORT, r);
        f.serverData(ascii(GREETING + "* 3 EXISTS\r\nx1 OK done\r\n"));
        assertEquals(1, r.all.size());
        int waiting = f.serverWaitingBytes();
        assertTrue(waiting > 20, "the untagged line's rest and the tagged line wait: " + waiting);
        f.clientData(ascii("x1 NO"));
        assertEquals(waiting, f.serverWaitingBytes());
        f.clientData(ascii("OP\r\n"));
        assertEquals(0, f.serverWaitingBytes());
        // Untagged data that arrived with no command outstanding joins the next command.
        assertEquals(tx(1, 0, 9, GREETING.length(), GREETING.length() + 24, "x1 NOOP"), r.get(1).toString());
    }

    @Test
    void idleIncludesDoneAndItsUpdates() {
        Conv c = new Conv();
        long[] g = c.s(GREETING);
        long[] q = c.c("i1 IDLE\r\n");
        long[] p = c.s("+ idling\r\n* 4 EXISTS\r\n* 1 EXPUNGE\r\n");
        long[] d = c.c("DONE\r\n");
        long[] pe = c.s("i1 OK IDLE terminated\r\n");
        long[] q2 = c.c("i2 IDLE\r\n");
        long[] p2 = c.s("i2 BAD no IDLE for you\r\n");
        long[] q3 = c.c("i3 CHECK\r\n");
        long[] p3 = c.s("i3 OK\r\n");
        Recorder r = assertFrames(c, true, greeting(g),
                tx(1, q[0], d[1], p[0], pe[1], "i1 IDLE"),
                tx(2, q2[0], q2[1], p2[0], p2[1], "i2 IDLE"),
                tx(3, q3[0], q3[1], p3[0], p3[1], "i3 CHECK"));
        assertEquals(q2[0], r.get(1).requestEnd());
    }

    @Test
    void idleRequestIsOpenUntilDone() {
        Recorder r = new Recorder();
        ImapFramer f = new ImapFramer(IP, PORT, r);
        f.serverData(ascii(GREETING));
        f.clientData(ascii("i1 IDLE\r\n"));
        f.serverData(ascii("+ idling\r\n* 1 EXISTS\r\n"));
        Transaction t = r.get(1);
        assertFalse(t.isRequestComplete());
        assertTrue(t.isResponseStarted());
        f.clientData(ascii("done\r\n"));
        assertEquals(15, t.requestEnd());
        assertFalse(t.isResponseComplete());
    }

    @Test
    void authenticateIncludesTheClientAnswers() {
        Conv c = new Conv();
        long[] g = c.s(GREETING);
        long[] q = c.c("a AUTHENTICATE GSSAPI\r\n");
        long[] p = c.s("+ \r\n");
        c.c("YIIB+wYJKoZIhvcSAQICAQBuggHqMIIB5qADAgEFoQMCAQ6iBwMFACAAAACjggEmYYIBIjCCAR6gAwIBBaESGxB\r\n");
        c.s("+ YGgGCSqGSIb3EgECAgIAb1kwV6ADAgEFoQMCAQ+iSzBJoAMCAQGiQgRAtHTEuOP2BXb9sBYFR4SJlDZxmg39IxmRBOhXRKdDA0uHTCOT9Bq3OsUTXUlk0CsFLoa8j+gvGDlgHuqzWHPSQg==\r\n");
        c.c("\r\n");
        c.s("+ YDMGCSqGSIb3EgECAgIBAAD/////6jcyG4GE3KkTzBeBiVHeceP2CWY0SR0fAQAgAAQEBAQ=\r\n");
        long[] qe = c.c("YDMGCSqGSIb3EgECAgIBAAD/////3LQBHXTpFfZgrejpLlLImPwkhbfa2QteAQAgAG1yYwE=\r\n");
        long[] pe = c.s("a OK GSSAPI authentication successful\r\n");
        long[] q2 = c.c("b AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==\r\n");
        long[] p2 = c.s("b NO bad password\r\n");
        long[] q3 = c.c("c AUTHENTICATE PLAIN\r\n");
        long[] p3 = c.s("+ \r\n");
        long[] qe3 = c.c("*\r\n");
        long[] pe3 = c.s("c BAD cancelled\r\n");
        long[] q4 = c.c("d CAPABILITY\r\n");
        long[] p4 = c.s("* CAPABILITY IMAP4rev1\r\nd OK\r\n");
        assertFrames(c, true, greeting(g),
                tx(1, q[0], qe[1], p[0], pe[1], "a AUTHENTICATE"),
                tx(2, q2[0], q2[1], p2[0], p2[1], "b AUTHENTICATE"),
                tx(3, q3[0], qe3[1], p3[0], pe3[1], "c AUTHENTICATE"),
                tx(4, q4[0], q4[1], p4[0], p4[1], "d CAPABILITY"));
    }

    @Test
    void emptyLinesAndBareLfBelongToTheNextCommand() {
        Conv c = new Conv();
        long[] g = c.s("* PREAUTH hi\n");
        long[] q = c.c("\r\n\na NOOP\n");
        long[] p = c.s("a OK\n");
        assertFrames(c, true, greeting(g), tx(1, q[0], q[1], p[0], p[1], "a NOOP"));
    }

    @Test
    void unsolicitedDataAtCloseIsAServerInitiatedTransaction() {
        Conv c = new Conv();
        long[] g = c.s(GREETING);
        long[] q = c.c("a NOOP\r\n");
        long[] p = c.s("a OK\r\n");
        long[] u1 = c.s("* BYE Autologout; idle for too long\r\n");
        long[] u2 = c.s("* 1 FETCH (BODY[] {4}\r\nbody)\r\n");
        Recorder r = assertFrames(c, true, greeting(g), tx(1, q[0], q[1], p[0], p[1], "a NOOP"),
                tx(2, q[1], q[1], u1[0], u1[1], "unsolicited"),
                tx(3, q[1], q[1], u2[0], u2[1], "unsolicited"));
        assertEquals(ImapRequestSummary.Kind.UNSOLICITED, ((ImapRequestSummary) r.get(3).summary()).kind());
        // Before the close, the data waits for a command.
        Recorder open = new Recorder();
        ImapFramer f = new ImapFramer(IP, PORT, open);
        Feed.clientFirst(f, c.cb(), c.sb(), false);
        assertEquals(2, open.all.size());
        assertNull(open.reason());
        assertTrue(f.serverWaitingBytes() > 0);
        f.clientClosed();
        assertEquals(2, open.all.size(), "the server may still send a command's completion");
        f.serverClosed();
        assertEquals(4, open.all.size());
        assertEquals(0, f.serverWaitingBytes());
    }

    @Test
    void startTlsAndCompressLeaveImap() {
        Conv c = new Conv();
        c.s(GREETING);
        c.c("s STARTTLS\r\n");
        c.s("s OK Begin TLS negotiation now\r\n\u0016\u0003\u0003");
        assertEquals("STARTTLS (tag s) succeeded: the stream is no longer plain IMAP",
                assertUnrecoverable(c, false, "STARTTLS"));
        Conv d = new Conv();
        d.s(GREETING);
        d.c("z COMPRESS DEFLATE\r\n");
        d.s("z OK DEFLATE active\r\nxx");
        assertUnrecoverable(d, false, "COMPRESS (tag z) succeeded");
        Conv e = new Conv();
        long[] g = e.s(GREETING);
        long[] q = e.c("s STARTTLS\r\n");
        long[] p = e.s("s NO not now\r\n");
        assertFrames(e, true, greeting(g), tx(1, q[0], q[1], p[0], p[1], "s STARTTLS"));
    }

    @Test
    void brokenStreamsAreUnrecoverable() {
        Conv noGreeting = new Conv();
        noGreeting.c("a NOOP\r\n");
        noGreeting.s("a OK\r\n");
        assertEquals("server did not greet: its first line 'a ' is not untagged",
                assertUnrecoverable(noGreeting, false, "did not greet"));

        Conv noTag = new Conv();
        noTag.s(GREETING);
        noTag.c("NOOP\r\n");
        assertUnrecoverable(noTag, false, "client line 'NOOP' is not an IMAP command");

        Conv badTag = new Conv();
        badTag.s(GREETING);
        badTag.c("a* NOOP\r\n");
        assertUnrecoverable(badTag, false, "invalid tag (character '*')");

        Conv noCommand = new Conv();
        noCommand.s(GREETING);
        noCommand.c("a1 \r\n");
        assertUnrecoverable(noCommand, false, "client command with tag a1 has no command name");

        Conv badStatus = new Conv();
        badStatus.s(GREETING);
        badStatus.c("a1 NOOP\r\n");
        badStatus.s("a1 MAYBE\r\n");
        assertUnrecoverable(badStatus, false, "tagged server line 'a1 MAYBE' is not OK, NO or BAD");

        Conv idle = new Conv();
        idle.s(GREETING);
        idle.c("i IDLE\r\n");
        idle.s("+ idling\r\n");
        idle.c("STOP\r\n");
        assertUnrecoverable(idle, false, "only DONE may end it");

        Conv strayTag = new Conv();
        strayTag.s(GREETING + "zz OK what\r\n");
        assertUnrecoverable(strayTag, true, "server completed tag 'zz', which no command has");

        Conv strayPlus = new Conv();
        strayPlus.s(GREETING + "+ go ahead\r\n");
        assertUnrecoverable(strayPlus, true, "continuation request");

        Conv emptyServerLine = new Conv();
        emptyServerLine.s(GREETING + "\r\n");
        assertUnrecoverable(emptyServerLine, false, "server sent an empty line");
    }

    @Test
    void tooLongTokensAreUnrecoverable() {
        Conv c = new Conv();
        c.s(GREETING);
        c.c("x".repeat(ImapFramer.PREFIX + 1) + " NOOP\r\n");
        assertUnrecoverable(c, false, "has no tag of at most 512 bytes");
        Conv d = new Conv();
        d.s(GREETING);
        d.c("x".repeat(ImapFramer.PREFIX) + " NOOP\r\n");
        assertUnrecoverable(d, false, "has a tag longer than 510 bytes");
        Conv e = new Conv();
        e.s(GREETING + "y".repeat(ImapFramer.PREFIX + 1) + "\r\n");
        assertUnrecoverable(e, false, "does not start with a tag");
    }

    @Test
    void longAuthenticateAnswersAreFine() {
        Conv c = new Conv();
        long[] g = c.s(GREETING);
        long[] q = c.c("a AUTHENTICATE X\r\n");
        long[] p = c.s("+ \r\n");
        long[] qe = c.c("Q".repeat(5000) + "\r\n");
        long[] pe = c.s("a OK\r\n");
        assertFrames(c, true, greeting(g), tx(1, q[0], qe[1], p[0], pe[1], "a AUTHENTICATE"));
    }
}
