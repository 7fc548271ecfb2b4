package org.resplice.splicecore.line;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.resplice.splicecore.txn.Feed;
import org.resplice.splicecore.txn.Feed.Script;
import org.resplice.splicecore.txn.Recorder;
import org.resplice.splicecore.txn.Transaction;
import org.resplice.splicecore.txn.TransactionId;

class LineFramerTest {

    static final int IP = 0x0A000003;
    static final int PORT = 2222;

    private static Recorder play(Script s, boolean closeClient, boolean closeServer) {
        Recorder r = new Recorder();
        LineFramer f = new LineFramer(IP, PORT, r);
        s.play(f);
        if (closeClient) {
            f.clientClosed();
        }
        if (closeServer) {
            f.serverClosed();
        }
        assertNull(r.reason());
        return r;
    }

    @Test
    void bannerThenCommandsDelimitedByTheNextCommand() {
        Script s = new Script().server("$ ").client("ls -l\n").server("a b c\n$ ").client("echo hi\r\n").server("hi\n$ ");
        Recorder r = play(s, true, true);
        assertEquals(List.of(
                "#0 req[0,0) resp[0,2) banner",
                "#1 req[0,6) resp[2,10) 'ls'",
                "#2 req[6,15) resp[10,15) 'echo'"), r.lines());
        assertTrue(r.get(0).summary().serverInitiated());
        assertEquals("echo", ((LineRequestSummary) r.get(2).summary()).firstWord());
        assertEquals(TransactionId.of(IP, PORT, 2), r.get(2).id());
    }

    @Test
    void theLastResponseCompletesOnlyAtServerClose() {
        Script s = new Script().client("a\n").server("1\n").client("b\n").client("c\n").server("3\n");
        Recorder r = play(s, true, false);
        assertEquals(List.of(
                "#0 req[0,2) resp[0,2) 'a'",
                "#1 req[2,4) resp[2,2) 'b'",
                "#2 req[4,6) resp[2,?) 'c'"), r.lines());
        Recorder closed = play(s, false, true);
        assertEquals("#2 req[4,6) resp[2,4) 'c'", closed.lines().get(2));
    }

    @Test
    void theNextLinesFirstByteCompletesTheResponse() {
        Recorder r = new Recorder();
        LineFramer f = new LineFramer(IP, PORT, r);
        f.clientData(Feed.ascii("a\n"));
        f.serverData(Feed.ascii("out"));
        Transaction a = r.get(0);
        assertTrue(a.isRequestComplete());
        assertTrue(a.isResponseStarted());
        assertFalse(a.isResponseComplete());
        f.clientData(Feed.ascii("b"));
        assertTrue(a.isResponseComplete());
        assertEquals(3, a.responseEnd());
        assertEquals(1, r.all.size(), "b is not a request until its line ends");
        f.clientData(Feed.ascii("\n"));
        assertEquals(2, r.all.size());
        assertEquals(List.of("start#0", "req#0", "resp>#0", "resp#0", "start#1", "req#1"), r.events);
    }

    @Test
    void serverBytesWhileALineIsTypedBelongToThatLine() {
        Script s = new Script().client("ec").server("ec").client("ho x\n").server("x\n");
        Recorder r = play(s, true, true);
        assertEquals(List.of("#0 req[0,7) resp[0,4) 'echo'"), r.lines());
    }

    @Test
    void anUnterminatedLastLineEndsAtClientClose() {
        Recorder r = new Recorder();
        LineFramer f = new LineFramer(IP, PORT, r);
        f.clientData(Feed.ascii("a\n"));
        f.serverData(Feed.ascii("A"));
        f.clientData(Feed.ascii("b"));
        f.clientClosed();
        f.serverData(Feed.ascii("B"));
        f.serverClosed();
        assertEquals(List.of("#0 req[0,2) resp[0,1) 'a'", "#1 req[2,3) resp[1,2) 'b'"), r.lines());
        assertTrue(f.inFlight().isEmpty());
    }

    @Test
    void serverCloseBeforeALineEnds() {
        Recorder r = new Recorder();
        LineFramer f = new LineFramer(IP, PORT, r);
        f.clientData(Feed.ascii("exit"));
        f.serverClosed();
        f.clientData(Feed.ascii("\n"));
        assertEquals(List.of("#0 req[0,5) resp[0,0) 'exit'"), r.lines());
        assertTrue(r.get(0).isComplete());
    }

    @Test
    void firstWords() {
        String text = "  \tgrep -r x\n\n\r\n\u00fcber alles\nselect\t*\r\n" + "w".repeat(300) + " tail\n";
        Recorder r = play(new Script().client(new String(text.getBytes(StandardCharsets.UTF_8),
                StandardCharsets.ISO_8859_1)), true, true);
        List<String> words = new ArrayList<>();
        for (Transaction t : r.all) {
            words.add(((LineRequestSummary) t.summary()).firstWord());
        }
        assertEquals(List.of("grep", "", "", "\u00fcber", "select", "w".repeat(LineFramer.PREFIX)), words);
        assertEquals(LineRequestSummary.of("grep"), r.get(0).summary());
    }

    @Test
    void ordinalCapMakesTheConnectionUnrecoverable() {
        Recorder r = new Recorder();
        LineFramer f = new LineFramer(IP, PORT, r);
        byte[] lines = Feed.ascii("x\n".repeat(TransactionId.MAX_ORDINAL + 1));
        f.clientData(lines);
        assertNull(r.reason());
        assertEquals(65536, f.transactionCount());
        assertEquals(TransactionId.of(IP, PORT, 65535), r.get(65535).id());
        f.clientData(Feed.ascii("y\n"));
        assertTrue(f.isUnrecoverable());
        assertEquals("more than 65536 transactions on one connection: the 16-bit ordinal of the transaction id would wrap",
                r.reason());
        assertEquals(65536, f.transactionCount());
        f.clientData(Feed.ascii("z\n"));
        assertEquals(65536, r.all.size());
    }

    // ------------------------------------------------------------------ property

    /** A random session: whole client lines and arbitrary server output, in capture order. */
    static Script session(Random rnd, List<String> expected, boolean[] closes) {
        Script s = new Script();
        long client = 0;
        long server = 0;
        List<long[]> lines = new ArrayList<>();
        List<String> words = new ArrayList<>();
        List<Long> boundaries = new ArrayList<>();
        boolean banner = rnd.nextBoolean();
        if (banner) {
            String b = "welcome\r\n$ ";
            s.server(b);
            server += b.length();
        }
        int segments = 1 + rnd.nextInt(10);
        for (int i = 0; i < segments; i++) {
            if (rnd.nextBoolean()) {
                StringBuilder seg = new StringBuilder();
                for (int l = 0; l < 1 + rnd.nextInt(3); l++) {
                    String w = rnd.nextInt(5) == 0 ? "" : "cmd" + rnd.nextInt(9);
                    boolean arg = rnd.nextBoolean();
                    String line = (rnd.nextBoolean() ? " " : "") + w + (arg ? " arg" : "")
                            + (rnd.nextBoolean() ? "\r\n" : "\n");
                    lines.add(new long[] {client, client + line.length()});
                    words.add(w.isEmpty() && arg ? "arg" : w);
                    boundaries.add(server);
                    client += line.length();
                    seg.append(line);
                }
                s.client(seg.toString());
            } else {
                StringBuilder out = new StringBuilder();
                for (int k = rnd.nextInt(40); k >= 0; k--) {
                    out.append("ab\n\r $".charAt(rnd.nextInt(6)));
                }
                s.server(out.toString());
                server += out.length();
            }
        }
        closes[0] = rnd.nextBoolean();
        closes[1] = rnd.nextBoolean();
        int ordinal = 0;
        if (banner || !lines.isEmpty() && boundaries.get(0) > 0 || lines.isEmpty() && server > 0) {
            long end = lines.isEmpty() ? (closes[1] ? server : -1) : boundaries.get(0);
            expected.add("#0 req[0,0) resp[0," + (end < 0 ? "?" : end) + ") banner");
            ordinal = 1;
        }
        for (int i = 0; i < lines.size(); i++) {
            long start = boundaries.get(i);
            long end = i + 1 < lines.size() ? boundaries.get(i + 1) : closes[1] ? server : -1;
            boolean started = end >= 0 || server > start;
            expected.add("#" + (ordinal + i) + " req[" + lines.get(i)[0] + "," + lines.get(i)[1] + ") resp["
                    + (started ? start : "?") + "," + (end < 0 ? "?" : end) + ") '" + words.get(i) + "'");
        }
        return s;
    }

    @Property(tries = 300)
    void anyChunkingThatKeepsTheOrderGivesTheSameTransactions(@ForAll long seed) {
        Random rnd = new Random(seed);
        List<String> expected = new ArrayList<>();
        boolean[] closes = new boolean[2];
        Script s = session(rnd, expected, closes);
        for (int mode = 0; mode < 2; mode++) {
            Recorder r = new Recorder();
            LineFramer f = new LineFramer(IP, PORT, r);
            if (mode == 0) {
                s.play(f);
            } else {
                s.playChunked(f, rnd);
            }
            if (closes[0]) {
                f.clientClosed();
            }
            if (closes[1]) {
                f.serverClosed();
            }
            assertNull(r.reason());
            assertEquals(expected, r.lines(), "mode " + mode);
        }
    }
}
