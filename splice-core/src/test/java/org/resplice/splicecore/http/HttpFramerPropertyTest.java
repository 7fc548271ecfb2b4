package org.resplice.splicecore.http;

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
import org.resplice.splicecore.http.HttpFramerTest.Conv;
import org.resplice.splicecore.txn.Feed;
import org.resplice.splicecore.txn.Recorder;

/**
 * Random conversations of every framing kind, fed in random chunkings and interleavings: the
 * framer must find exactly the transactions the generator wrote.
 */
class HttpFramerPropertyTest {

    /** A generated conversation: the two streams, whether the server closes, the expected transactions. */
    static final class Case {
        final Conv conv = new Conv();
        final List<String> expected = new ArrayList<>();
        /** The same while the server has not closed: a close-delimited last response is not complete. */
        final List<String> expectedOpen = new ArrayList<>();
        boolean close;
        final StringBuilder description = new StringBuilder();

        @Override
        public String toString() {
            return description + " (" + conv.client.length() + "+" + conv.server.length() + " bytes)";
        }
    }

    @Provide
    Arbitrary<Case> conversations() {
        return Arbitraries.randomValue(HttpFramerPropertyTest::generate);
    }

    static Case generate(Random rnd) {
        Case k = new Case();
        int n = 1 + rnd.nextInt(6);
        List<long[]> reqs = new ArrayList<>();
        List<String> summaries = new ArrayList<>();
        List<String> methods = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String eol = rnd.nextInt(5) == 0 ? "\n" : "\r\n";
            StringBuilder sb = new StringBuilder();
            if (rnd.nextInt(6) == 0) {
                sb.append(eol);
            }
            int kind = rnd.nextInt(5);
            String method;
            List<String> names = new ArrayList<>();
            String target = "/r" + i + (rnd.nextBoolean() ? "?q=" + rnd.nextInt(100) : "");
            String body = "";
            switch (kind) {
                case 0:
                    method = "GET";
                    break;
                case 1:
                    method = "HEAD";
                    break;
                case 2: {
                    method = "POST";
                    int len = rnd.nextInt(300);
                    body = text(rnd, len);
                    names.add("Content-Length");
                    break;
                }
                case 3: {
                    method = "PUT";
                    names.add("Transfer-Encoding");
                    body = chunkedBody(rnd, eol);
                    break;
                }
                default: {
                    method = "POST";
                    names.add("Expect");
                    names.add("Content-Length");
                    body = text(rnd, 1 + rnd.nextInt(50));
                    break;
                }
            }
            if (rnd.nextBoolean()) {
                names.add(0, "Host");
            }
            sb.append(method).append(' ').append(target).append(" HTTP/1.1").append(eol);
            for (String name : names) {
                sb.append(name).append(": ");
                switch (name) {
                    case "Content-Length":
                        sb.append(body.length());
                        break;
                    case "Transfer-Encoding":
                        sb.append(rnd.nextBoolean() ? "chunked" : "gzip, chunked");
                        break;
                    case "Expect":
                        sb.append("100-continue");
                        break;
                    default:
                        sb.append("example.org");
                        break;
                }
                sb.append(eol);
            }
            sb.append(eol).append(body);
            reqs.add(k.conv.req(sb.toString()));
            summaries.add(method + " " + target + " " + names);
            methods.add(method);
            k.description.append(method).append(kind == 3 ? "(chunked)" : "").append(' ');
        }
        k.description.append("| ");
        for (int i = 0; i < n; i++) {
            String eol = rnd.nextInt(5) == 0 ? "\n" : "\r\n";
            boolean last = i == n - 1;
            StringBuilder sb = new StringBuilder();
            int interim = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(2) : 0;
            for (int j = 0; j < interim; j++) {
                sb.append(rnd.nextBoolean() ? "HTTP/1.1 100 Continue" + eol + eol
                        : "HTTP/1.1 103 Early Hints" + eol + "Link: </a.css>; rel=preload" + eol + eol);
            }
            boolean head = methods.get(i).equals("HEAD");
            int kind = rnd.nextInt(last ? 6 : 5);
            String connectionClose = last && rnd.nextInt(3) == 0 ? "Connection: close" + eol : "";
            boolean untilClose = false;
            switch (kind) {
                case 0: {
                    String body = text(rnd, rnd.nextInt(400));
                    sb.append("HTTP/1.1 200 OK").append(eol).append(connectionClose).append("Content-Length: ")
                            .append(body.length()).append(eol).append(eol).append(head ? "" : body);
                    k.description.append("CL ");
                    break;
                }
                case 1:
                    sb.append("HTTP/1.1 200 OK").append(eol).append("Transfer-Encoding: chunked").append(eol)
                            .append(connectionClose).append(eol).append(head ? "" : chunkedBody(rnd, eol));
                    k.description.append("chunked ");
                    break;
                case 2:
                    sb.append("HTTP/1.1 204 No Content").append(eol).append(connectionClose).append(eol);
                    k.description.append("204 ");
                    break;
                case 3:
                    sb.append("HTTP/1.1 304 Not Modified").append(eol).append("Content-Length: 99").append(eol)
                            .append(eol);
                    k.description.append("304 ");
                    break;
                case 4: {
                    String body = text(rnd, rnd.nextInt(100));
                    sb.append("HTTP/1.1 404 Not Found").append(eol).append("Content-Length: ").append(body.length())
                            .append(eol).append("X-A: b").append(eol).append(eol).append(head ? "" : body);
                    k.description.append("404 ");
                    break;
                }
                default:
                    sb.append("HTTP/1.1 200 OK").append(eol).append("Content-Type: text/plain").append(eol).append(eol)
                            .append(head ? "" : text(rnd, rnd.nextInt(300)));
                    k.description.append(head ? "HEAD-no-length " : "until-close ");
                    untilClose = !head;
                    break;
            }
            long[] p = k.conv.resp(sb.toString());
            k.expected.add(HttpFramerTest.tx(i, reqs.get(i), p, summaries.get(i)));
            k.expectedOpen.add(HttpFramerTest.tx(i, reqs.get(i), untilClose ? new long[] {p[0], -1} : p,
                    summaries.get(i)));
        }
        k.close = rnd.nextBoolean();
        return k;
    }

    private static String text(Random rnd, int len) {
        StringBuilder sb = new StringBuilder(len);
        String alphabet = "abcXYZ0129 \r\n:;{}+*HTTP/1.1 200\u0000\u00ff";
        for (int i = 0; i < len; i++) {
            sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static String chunkedBody(Random rnd, String eol) {
        StringBuilder sb = new StringBuilder();
        int chunks = rnd.nextInt(4);
        for (int c = 0; c < chunks; c++) {
            String data = text(rnd, 1 + rnd.nextInt(120));
            String size = Integer.toHexString(data.length());
            sb.append(rnd.nextBoolean() ? size : size.toUpperCase());
            if (rnd.nextInt(3) == 0) {
                sb.append(rnd.nextBoolean() ? ";ext=1" : " ;name=\"quoted value\"");
            }
            sb.append(eol).append(data).append(eol);
        }
        sb.append(rnd.nextInt(4) == 0 ? "000" : "0").append(eol);
        if (rnd.nextInt(3) == 0) {
            sb.append("X-Trailer: ").append(rnd.nextInt()).append(eol);
            if (rnd.nextBoolean()) {
                sb.append("Server-Timing: db;dur=53").append(eol);
            }
        }
        sb.append(eol);
        return sb.toString();
    }

    @Property(tries = 400)
    void anyChunkingAndInterleavingGivesTheSameTransactions(@ForAll("conversations") Case k,
            @ForAll long feedSeed) {
        Recorder r = new Recorder();
        HttpFramer f = new HttpFramer(0x7F000001, 1234, r);
        Feed.shuffled(f, k.conv.c(), k.conv.s(), new Random(feedSeed), k.close);
        assertNull(r.reason(), k.toString());
        assertEquals(k.close ? k.expected : k.expectedOpen, r.lines(), k.toString());
        if (k.close) {
            assertTrue(f.inFlight().isEmpty(), k.toString());
        }
        assertEquals(0, f.clientWaitingBytes());
        assertEquals(0, f.serverWaitingBytes());
    }

    @Property(tries = 100)
    void oneShotAndByteByByteAgree(@ForAll("conversations") Case k) {
        Recorder a = new Recorder();
        Feed.clientFirst(new HttpFramer(1, 2, a), k.conv.c(), k.conv.s(), true);
        Recorder b = new Recorder();
        Feed.byteByByte(new HttpFramer(1, 2, b), k.conv.c(), k.conv.s(), true);
        Recorder c = new Recorder();
        Feed.serverFirst(new HttpFramer(1, 2, c), k.conv.c(), k.conv.s(), true);
        assertEquals(k.expected, a.lines(), k.toString());
        assertEquals(a.lines(), b.lines());
        assertEquals(a.lines(), c.lines());
    }

    @Property(tries = 200)
    void anAmbiguousRequestIsUnrecoverableWithTheSameReasonForAnyFeeding(@ForAll("conversations") Case k,
            @ForAll long feedSeed) {
        // Append an ambiguous request after the conversation's requests.
        k.conv.req("POST /smuggle HTTP/1.1\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nX");
        Recorder r = new Recorder();
        HttpFramer f = new HttpFramer(1, 2, r);
        Feed.shuffled(f, k.conv.c(), k.conv.s(), new Random(feedSeed), false);
        int n = k.expected.size();
        assertEquals("request #" + n + " (POST /smuggle): both Content-Length and Transfer-Encoding (ambiguous framing)",
                r.reason(), k.toString());
        assertEquals(n, f.transactionCount());
    }
}
