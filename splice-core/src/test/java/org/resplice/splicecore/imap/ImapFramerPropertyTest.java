package org.resplice.splicecore.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.resplice.splicecore.imap.ImapFramerTest.Conv;
import org.resplice.splicecore.txn.Feed;
import org.resplice.splicecore.txn.Recorder;

/**
 * Random IMAP sessions with every command shape (literals of both kinds in commands, literals in
 * untagged data, refused literals, IDLE, AUTHENTICATE, unsolicited data at close), fed in random
 * chunkings and interleavings: the framer must find exactly the transactions the generator wrote.
 */
class ImapFramerPropertyTest {

    static final class Session {
        final Conv conv = new Conv();
        final List<String> expected = new ArrayList<>();
        final StringBuilder description = new StringBuilder();

        @Override
        public String toString() {
            return description.toString();
        }
    }

    @Provide
    Arbitrary<Session> sessions() {
        return Arbitraries.randomValue(ImapFramerPropertyTest::generate);
    }

    static Session generate(Random rnd) {
        Session k = new Session();
        Conv c = k.conv;
        long[] g = c.s(rnd.nextBoolean() ? "* OK [CAPABILITY IMAP4rev1] ready\r\n" : "* PREAUTH logged in\r\n");
        k.expected.add(ImapFramerTest.tx(0, 0, 0, g[0], g[1], "greeting"));
        int n = 1 + rnd.nextInt(7);
        for (int i = 1; i <= n; i++) {
            String tag = (rnd.nextBoolean() ? "a" : "Tag.") + i;
            long reqStart = c.client.length();
            long respStart = -1;
            String name;
            if (rnd.nextInt(8) == 0) {
                c.c(rnd.nextBoolean() ? "\r\n" : "\n");
            }
            int kind = rnd.nextInt(9);
            switch (kind) {
                case 0: {
                    name = "NOOP";
                    c.c(tag + " noop\r\n");
                    respStart = untagged(c, rnd, -1);
                    break;
                }
                case 1: {
                    name = "LOGIN";
                    String user = literal(rnd);
                    String pass = literal(rnd);
                    c.c(tag + " LOGIN {" + user.length() + "}\r\n");
                    respStart = c.s("+ Ready for literal\r\n")[0];
                    c.c(user + " {" + pass.length() + "}\r\n");
                    c.s("+ go on\r\n");
                    c.c(pass + "\r\n");
                    untagged(c, rnd, respStart);
                    break;
                }
                case 2: {
                    name = "APPEND";
                    String msg = literal(rnd);
                    c.c(tag + " APPEND INBOX (\\Seen) {" + msg.length() + "+}\r\n" + msg + "\r\n");
                    respStart = untagged(c, rnd, -1);
                    break;
                }
                case 3: {
                    name = "FETCH";
                    c.c(tag + " FETCH 1:2 (BODY[])\r\n");
                    for (int m = 1; m <= 1 + rnd.nextInt(2); m++) {
                        String body = literal(rnd);
                        long s = c.s("* " + m + " FETCH (BODY[] {" + body.length() + "}\r\n" + body + " FLAGS ())\r\n")[0];
                        if (respStart < 0) {
                            respStart = s;
                        }
                    }
                    break;
                }
                case 4: {
                    name = "IDLE";
                    c.c(tag + " IDLE\r\n");
                    respStart = c.s("+ idling\r\n")[0];
                    untagged(c, rnd, respStart);
                    c.c(rnd.nextBoolean() ? "DONE\r\n" : "done\n");
                    break;
                }
                case 5: {
                    name = "AUTHENTICATE";
                    int steps = rnd.nextInt(3);
                    c.c(tag + " AUTHENTICATE " + (steps == 0 ? "PLAIN AGFsaWNlAHNlY3JldA==" : "X-TEST") + "\r\n");
                    for (int st = 0; st < steps; st++) {
                        long s = c.s("+ " + (st == 0 ? "" : "Y2hhbGxlbmdl") + "\r\n")[0];
                        if (respStart < 0) {
                            respStart = s;
                        }
                        c.c(rnd.nextInt(4) == 0 ? "\r\n" : "QW5zd2Vy+/" + st + "=\r\n");
                    }
                    break;
                }
                case 6: {
                    name = "APPEND";
                    c.c(tag + " APPEND INBOX {" + (100000 + rnd.nextInt(1000)) + "}\r\n");
                    break;
                }
                case 7: {
                    name = "UID STORE";
                    c.c(tag + " uid store 1:* +FLAGS (\\Deleted)\r\n");
                    respStart = untagged(c, rnd, -1);
                    break;
                }
                default: {
                    name = "IDLE";
                    c.c(tag + " IDLE\r\n");
                    break;
                }
            }
            long reqEnd = c.client.length();
            String status = kind == 6 ? " NO [TOOBIG] too big" : kind == 8 ? " BAD no" : " OK done";
            long[] t = c.s(tag + status + "\r\n");
            if (respStart < 0) {
                respStart = t[0];
            }
            k.expected.add(ImapFramerTest.tx(i, reqStart, reqEnd, respStart, t[1], tag + " " + name));
            k.description.append(name).append(kind == 6 ? "(refused)" : kind == 8 ? "(rejected)" : "").append(' ');
        }
        if (rnd.nextInt(3) == 0) {
            long[] u = c.s("* BYE Autologout\r\n");
            long end = c.client.length();
            k.expected.add(ImapFramerTest.tx(n + 1, end, end, u[0], u[1], "unsolicited"));
            k.description.append("BYE");
        }
        return k;
    }

    /** 0–2 untagged lines; returns the first one's offset, or {@code first} if there is none or first ≥ 0. */
    private static long untagged(Conv c, Random rnd, long first) {
        int lines = rnd.nextInt(3);
        for (int l = 0; l < lines; l++) {
            long s = c.s(rnd.nextBoolean() ? "* " + rnd.nextInt(50) + " EXISTS\r\n" : "* OK [ALERT] {5} is text\r\n")[0];
            if (first < 0) {
                first = s;
            }
        }
        return first;
    }

    /** Literal content that looks like protocol lines. */
    private static String literal(Random rnd) {
        String[] parts = {"a1 OK done\r\n", "+ go\r\n", "* BYE\r\n", "{12}\r\n", "DONE\r\n", "x", "\r\n", "\n", "\u0000",
            "Tag.3 NO\r\n", "{3+}"};
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(6);
        for (int i = 0; i < n; i++) {
            sb.append(parts[rnd.nextInt(parts.length)]);
        }
        return sb.toString();
    }

    @Property(tries = 400)
    void anyChunkingAndInterleavingGivesTheSameTransactions(@ForAll("sessions") Session k, @ForAll long feedSeed) {
        Recorder r = new Recorder();
        ImapFramer f = new ImapFramer(0x7F000001, 143, r);
        Feed.shuffled(f, k.conv.cb(), k.conv.sb(), new Random(feedSeed), true);
        assertNull(r.reason(), k.toString());
        assertEquals(k.expected, r.lines(), k.toString());
        assertTrue(f.inFlight().isEmpty());
        assertEquals(0, f.clientWaitingBytes());
        assertEquals(0, f.serverWaitingBytes());
    }

    @Property(tries = 100)
    void oneShotAndByteByByteAgree(@ForAll("sessions") Session k) {
        Recorder a = new Recorder();
        Feed.clientFirst(new ImapFramer(1, 2, a), k.conv.cb(), k.conv.sb(), true);
        Recorder b = new Recorder();
        Feed.byteByByte(new ImapFramer(1, 2, b), k.conv.cb(), k.conv.sb(), true);
        Recorder c = new Recorder();
        Feed.serverFirst(new ImapFramer(1, 2, c), k.conv.cb(), k.conv.sb(), true);
        assertNull(a.reason(), k.toString());
        assertNull(b.reason(), k.toString());
        assertNull(c.reason(), k.toString());
        assertEquals(k.expected, a.lines(), k.toString());
        assertEquals(k.expected, b.lines(), k.toString());
        assertEquals(k.expected, c.lines(), k.toString());
    }
}
