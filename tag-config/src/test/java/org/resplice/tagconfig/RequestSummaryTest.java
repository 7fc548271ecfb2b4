package org.resplice.tagconfig;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestSummaryTest {

    @Test
    void httpPathIsTheTargetWithoutQueryOrFragment() {
        assertEquals("/a/b", HttpRequestHead.of("GET", "/a/b").path());
        assertEquals("/a/b", HttpRequestHead.of("GET", "/a/b?x=1&y").path());
        assertEquals("/a", HttpRequestHead.of("GET", "/a#frag").path());
        assertEquals("/", HttpRequestHead.of("GET", "/?").path());
        assertEquals("/p", HttpRequestHead.of("GET", "http://h:8080/p?q").path());
        assertEquals("/", HttpRequestHead.of("GET", "https://h").path());
        assertEquals("/", HttpRequestHead.of("GET", "http://h?q=/x").path());
        assertEquals("*", HttpRequestHead.of("OPTIONS", "*").path());
        assertEquals("h:443", HttpRequestHead.of("CONNECT", "h:443").path());
        assertEquals("/%7Euser", HttpRequestHead.of("GET", "/%7Euser").path());
    }

    @Test
    void httpHeaderPresenceIgnoresAsciiCaseOnly() {
        HttpRequestHead r = HttpRequestHead.of("GET", "/", List.of("Content-Type", "cookie"));
        assertTrue(r.hasHeader("content-type"));
        assertTrue(r.hasHeader("COOKIE"));
        assertFalse(r.hasHeader("Cookie2"));
        assertFalse(r.hasHeader("Content_Type"));
        assertEquals(List.of("Content-Type", "cookie"), r.headerNames());
        // Unicode case folding must not apply: U+017F (long s) upper-cases to 'S' in Java.
        assertFalse(HttpRequestHead.of("GET", "/", "\u017Fet-cookie").hasHeader("Set-Cookie"));
    }

    @Test
    void imapCommandIsNormalized() {
        assertEquals("UID FETCH", ImapCommand.of(" uid\tfetch ").command());
        assertEquals("FETCH", ImapCommand.of("FETCH").command());
        assertEquals("UID FETCH", ImapCommand.fromRequestLine("A003 uid fetch 1:2 (FLAGS)\r\n").command());
        assertEquals("UID", ImapCommand.fromRequestLine("A003 UID").command());
        assertEquals("NOOP", ImapCommand.fromRequestLine("A004 noop").command());
        assertEquals("", ImapCommand.fromRequestLine("A005").command());
        assertEquals(ImapCommand.of("select"), ImapCommand.of("SELECT"));
    }

    @Test
    void lineCommandIsTheFirstWord() {
        assertEquals("ls", LineCommand.fromLine("ls -l").command());
        assertEquals("rm", LineCommand.fromLine("\t rm\tx").command());
        assertEquals("", LineCommand.fromLine("   ").command());
        assertEquals("Ls", LineCommand.of("Ls").command());
    }
}
