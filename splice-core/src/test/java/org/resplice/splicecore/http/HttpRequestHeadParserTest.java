package org.resplice.splicecore.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class HttpRequestHeadParserTest {

    private static final String HEAD = "POST /login?next=%2F HTTP/1.1\r\n"
            + "Host: mail.example.org:8080\r\n"
            + "user-agent: curl/8.0\r\n"
            + "Cookie: theme=dark; SID=\"abc123\" ; lang=en\r\n"
            + "Cookie: sid=lower; SID=second\r\n"
            + "X-Empty:\r\n"
            + "Content-Length: 5\r\n"
            + "\r\n";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void parsesRequestLineHeadersAndHelpers() throws Exception {
        byte[] all = bytes(HEAD + "a=b&c");
        HttpRequestHeadParser p = new HttpRequestHeadParser();
        int n = p.feed(all);
        assertEquals(HEAD.length(), n, "consumes the head and not the body");
        assertTrue(p.isComplete());
        HttpRequestHead h = p.head();
        assertEquals("POST", h.method());
        assertEquals("/login?next=%2F", h.target());
        assertEquals("/login", h.path());
        assertEquals("HTTP/1.1", h.version());
        assertEquals(1, h.minorVersion());
        assertEquals(HEAD.length(), h.headLength());
        assertEquals("mail.example.org:8080", h.host());
        assertEquals("curl/8.0", h.header("User-Agent"));
        assertEquals("curl/8.0", h.header("USER-AGENT"));
        assertEquals("", h.header("x-empty"));
        assertNull(h.header("Accept"));
        assertEquals(List.of("Host", "user-agent", "Cookie", "Cookie", "X-Empty", "Content-Length"), h.headerNames());
        assertEquals(List.of("theme=dark; SID=\"abc123\" ; lang=en", "sid=lower; SID=second"), h.headerValues("cookie"));
        assertEquals(6, h.headers().size());
        assertEquals("Content-Length", h.headers().name(5));
        assertEquals("5", h.headers().value(5));
        assertTrue(h.headers().contains("CONTENT-length"));
        assertEquals(0, p.feed(all, n, all.length - n), "nothing more once complete");
    }

    @Test
    void cookieByName() throws Exception {
        HttpRequestHead h = HttpRequestHeadParser.parse(bytes(HEAD));
        assertEquals("abc123", h.cookie("SID"), "first match, quotes removed, spaces around ignored");
        assertEquals("lower", h.cookie("sid"), "names are case-sensitive");
        assertEquals("dark", h.cookie("theme"));
        assertEquals("en", h.cookie("lang"));
        assertNull(h.cookie("the"));
        assertNull(h.cookie("missing"));
        HttpRequestHead none = HttpRequestHeadParser.parse(bytes("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
        assertNull(none.cookie("SID"));
        HttpRequestHead odd = HttpRequestHeadParser.parse(bytes("GET / HTTP/1.1\r\nCookie: novalue; a=; b==x;c=1\r\n\r\n"));
        assertEquals("", odd.cookie("a"));
        assertEquals("=x", odd.cookie("b"));
        assertEquals("1", odd.cookie("c"));
        assertNull(odd.cookie("novalue"));
    }

    @Test
    void summaryHasMethodTargetAndNames() throws Exception {
        HttpRequestSummary s = HttpRequestHeadParser.parse(bytes(HEAD)).summary();
        assertEquals("POST", s.method());
        assertEquals("/login?next=%2F", s.target());
        assertEquals("/login", s.path());
        assertTrue(s.hasHeader("cookie"));
        assertFalse(s.hasHeader("Accept"));
        assertFalse(s.serverInitiated());
        assertEquals(HttpRequestSummary.of("POST", "/login?next=%2F",
                List.of("Host", "user-agent", "Cookie", "Cookie", "X-Empty", "Content-Length")), s);
    }

    @Test
    void commonNamesShareOneString() throws Exception {
        HttpRequestHead a = HttpRequestHeadParser.parse(bytes("GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n"));
        assertSame("GET", a.method());
        assertSame("Host", a.headerNames().get(0));
        assertSame("host", a.headerNames().get(1));
    }

    @Test
    void pathOfEveryTargetForm() throws Exception {
        assertEquals("/a/b", HttpRequestHeadParser.parse(bytes("GET /a/b?x#f HTTP/1.1\r\n\r\n")).path());
        assertEquals("/p", HttpRequestHeadParser.parse(bytes("GET http://h:1/p?q HTTP/1.1\r\n\r\n")).path());
        assertEquals("/", HttpRequestHeadParser.parse(bytes("GET http://h?q HTTP/1.1\r\n\r\n")).path());
        assertEquals("h:443", HttpRequestHeadParser.parse(bytes("CONNECT h:443 HTTP/1.1\r\n\r\n")).path());
        assertEquals("*", HttpRequestHeadParser.parse(bytes("OPTIONS * HTTP/1.0\r\n\r\n")).path());
    }

    @Test
    void byteByByteGivesTheSameHead() throws Exception {
        byte[] all = bytes("\r\n" + HEAD + "tail");
        HttpRequestHeadParser p = new HttpRequestHeadParser();
        int i = 0;
        while (!p.isComplete()) {
            assertEquals(1, p.feed(all, i, 1));
            i++;
        }
        assertEquals(HEAD.length() + 2, i);
        assertEquals(HEAD.length() + 2, p.head().headLength(), "a leading empty line is skipped but counted");
        assertEquals(HttpRequestHeadParser.parse(bytes(HEAD)).toString(), p.head().toString());
    }

    @Property(tries = 200)
    void anySplitGivesTheSameHead(@ForAll @IntRange(min = 0, max = 220) int cut1,
            @ForAll @IntRange(min = 0, max = 220) int cut2) throws Exception {
        byte[] all = bytes(HEAD + "BODY!");
        int a = Math.min(Math.min(cut1, cut2), all.length);
        int b = Math.min(Math.max(cut1, cut2), all.length);
        HttpRequestHeadParser p = new HttpRequestHeadParser();
        int used = p.feed(all, 0, a);
        used += p.feed(all, a, b - a);
        used += p.feed(all, b, all.length - b);
        assertEquals(HEAD.length(), used);
        assertEquals(HttpRequestHeadParser.parse(bytes(HEAD)).toString(), p.head().toString());
    }

    @Test
    void bareLfIsAcceptedAsLineEnd() throws Exception {
        HttpRequestHead h = HttpRequestHeadParser.parse(bytes("GET /x HTTP/1.0\nHost: a\r\nAccept: */*\n\n"));
        assertEquals("HTTP/1.0", h.version());
        assertEquals("a", h.host());
        assertEquals("*/*", h.header("accept"));
        assertEquals(16 + 9 + 12 + 1, h.headLength());
    }

    @Test
    void byteBufferFeedMovesPositionToEndOfHead() throws Exception {
        byte[] all = bytes(HEAD + "a=b&c");
        ByteBuffer heap = ByteBuffer.wrap(all);
        HttpRequestHeadParser p = new HttpRequestHeadParser();
        HttpRequestHead h = p.feed(heap);
        assertEquals("POST", h.method());
        assertEquals(HEAD.length(), heap.position());

        ByteBuffer direct = ByteBuffer.allocateDirect(all.length);
        direct.put(all).flip();
        HttpRequestHeadParser q = new HttpRequestHeadParser();
        ByteBuffer first = direct.duplicate();
        first.limit(10);
        assertNull(q.feed(first));
        assertEquals(10, first.position());
        direct.position(10);
        assertEquals(h.toString(), q.feed(direct).toString());
        assertEquals(HEAD.length(), direct.position());
    }

    @Test
    void resetParsesTheNextHead() throws Exception {
        HttpRequestHeadParser p = new HttpRequestHeadParser();
        p.feed(bytes("GET /1 HTTP/1.1\r\n\r\n"));
        assertEquals("/1", p.head().target());
        p.reset();
        assertFalse(p.isComplete());
        p.feed(bytes("GET /2 HTTP/1.1\r\n\r\n"));
        assertEquals("/2", p.head().target());
    }

    // ------------------------------------------------------------------ errors

    private static String error(String head) {
        return error(new HttpRequestHeadParser(), head);
    }

    private static String error(HttpRequestHeadParser p, String head) {
        HttpParseException e = assertThrows(HttpParseException.class, () -> p.feed(bytes(head)));
        return e.getMessage();
    }

    private static void assertContains(String hay, String needle) {
        assertTrue(hay.contains(needle), () -> "'" + hay + "' should contain '" + needle + "'");
    }

    @Test
    void rejectsMalformedRequestLines() {
        assertContains(error("GET  / HTTP/1.1\r\n\r\n"), "empty request target");
        assertContains(error("GET /\r\n\r\n"), "HTTP/0.9 is not supported");
        assertContains(error("GET\r\n\r\n"), "no request target");
        assertContains(error("GET / HTTP/2.0\r\n\r\n"), "is not HTTP/1.x");
        assertContains(error("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), "is not HTTP/1.x");
        assertContains(error("GET / HTTP/1.1 \r\n\r\n"), "bad HTTP version");
        assertContains(error("GET / http/1.1\r\n\r\n"), "bad HTTP version");
        assertContains(error("G(T / HTTP/1.1\r\n\r\n"), "invalid character '(' in method");
        assertContains(error(" GET / HTTP/1.1\r\n\r\n"), "method expected");
        assertContains(error("GET /a\tb HTTP/1.1\r\n\r\n"), "control character 0x09 in request target");
    }

    @Test
    void rejectsMalformedFields() {
        assertContains(error("GET / HTTP/1.1\r\nHost : a\r\n\r\n"), "whitespace between its name and ':'");
        assertContains(error("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n"), "obsolete line folding");
        assertContains(error("GET / HTTP/1.1\r\n Host: a\r\n\r\n"), "obsolete line folding");
        assertContains(error("GET / HTTP/1.1\r\nNoColon\r\n\r\n"), "has no ':'");
        assertContains(error("GET / HTTP/1.1\r\n: v\r\n\r\n"), "empty field name");
        assertContains(error("GET / HTTP/1.1\r\nX: a\u0000b\r\n\r\n"), "control character 0x00 in value");
        assertContains(error("GET / HTTP/1.1\r\nX: a\u007Fb\r\n\r\n"), "control character 0x7F in value");
        assertContains(error("GET / HTTP/1.1\r\nX\"Y: a\r\n\r\n"), "invalid character");
    }

    @Test
    void rejectsBareCr() {
        assertContains(error("GET / HTTP/1.1\rHost: a\r\n\r\n"), "bare CR");
        assertContains(error("GET / HTTP/1.1\r\nHost: a\r\n\r\r\n"), "bare CR");
    }

    @Test
    void enforcesSizeLimitExactly() throws Exception {
        String head = "GET / HTTP/1.1\r\nX: " + "a".repeat(100) + "\r\n\r\n";
        assertEquals(123, head.length());
        HttpRequestHeadParser exact = new HttpRequestHeadParser(123, 100);
        exact.feed(bytes(head));
        assertTrue(exact.isComplete());
        assertContains(error(new HttpRequestHeadParser(122, 100), head), "longer than 122 bytes");
        // Leading empty lines count too, and an endless stream of them is stopped.
        assertContains(error(new HttpRequestHeadParser(130, 100), "\r\n".repeat(100)), "longer than 130 bytes");
        // The default is 64 KiB.
        String big = "GET / HTTP/1.1\r\nX: " + "a".repeat(64 * 1024) + "\r\n\r\n";
        assertContains(error(big), "longer than 65536 bytes");
    }

    @Test
    void enforcesHeaderCount() throws Exception {
        StringBuilder sb = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i < 100; i++) {
            sb.append("X-").append(i).append(": v\r\n");
        }
        HttpRequestHeadParser ok = new HttpRequestHeadParser();
        ok.feed(bytes(sb + "\r\n"));
        assertEquals(100, ok.head().headers().size());
        sb.append("X-100: v\r\n\r\n");
        assertContains(error(sb.toString()), "more than 100 header fields");
    }

    @Test
    void staysFailedUntilReset() throws Exception {
        HttpRequestHeadParser p = new HttpRequestHeadParser();
        error(p, "GET / HTTP/9.9\r\n\r\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.feed(bytes("GET / HTTP/1.1\r\n\r\n")));
        assertContains(e.getMessage(), "reset");
        p.reset();
        p.feed(bytes("GET / HTTP/1.1\r\n\r\n"));
        assertTrue(p.isComplete());
    }

    @Test
    void parseOfIncompleteHeadFails() {
        HttpParseException e = assertThrows(HttpParseException.class,
                () -> HttpRequestHeadParser.parse(bytes("GET / HTTP/1.1\r\nHost: a\r\n")));
        assertContains(e.getMessage(), "incomplete");
    }
}
