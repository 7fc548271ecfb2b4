package org.resplice.splicecore.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.resplice.splicecore.txn.Feed.ascii;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.resplice.splicecore.txn.Feed;
import org.resplice.splicecore.txn.Framer;
import org.resplice.splicecore.txn.Protocol;
import org.resplice.splicecore.txn.Recorder;
import org.resplice.splicecore.txn.Transaction;
import org.resplice.splicecore.txn.TransactionId;
import org.resplice.splicecore.txn.TransactionListener;

class HttpFramerTest {

    static final int IP = 0xC0A80A07; // 192.168.10.7
    static final int PORT = 51000;

    /** Builds the two streams and remembers where each message went. */
    static final class Conv {
        final StringBuilder client = new StringBuilder();
        final StringBuilder server = new StringBuilder();

        long[] req(String s) {
            long a = client.length();
            client.append(s);
            return new long[] {a, client.length()};
        }

        long[] resp(String s) {
            long a = server.length();
            server.append(s);
            return new long[] {a, server.length()};
        }

        byte[] c() {
            return ascii(client.toString());
        }

        byte[] s() {
            return ascii(server.toString());
        }
    }

    static String tx(int ordinal, long[] req, long[] resp, String summary) {
        return "#" + ordinal + " req[" + req[0] + "," + (req[1] < 0 ? "?" : req[1]) + ") resp["
                + (resp == null ? "?" : resp[0]) + "," + (resp == null || resp[1] < 0 ? "?" : resp[1]) + ") "
                + summary;
    }

    static Recorder run(byte[] c, byte[] s, boolean close, int mode, long seed) {
        Recorder r = new Recorder();
        HttpFramer f = new HttpFramer(IP, PORT, r);
        switch (mode) {
            case 0:
                Feed.clientFirst(f, c, s, close);
                break;
            case 1:
                Feed.serverFirst(f, c, s, close);
                break;
            case 2:
                Feed.byteByByte(f, c, s, close);
                break;
            default:
                Feed.shuffled(f, c, s, new Random(seed), close);
                break;
        }
        if (r.reason() != null) {
            assertTrue(f.isUnrecoverable());
            assertEquals(r.reason(), f.unrecoverableReason());
            assertEquals(1, r.reasons.size(), "told once");
        }
        return r;
    }

    /** Every way of feeding the streams gives exactly these transactions and no failure. */
    static Recorder assertFrames(Conv conv, boolean close, String... expected) {
        Recorder first = null;
        for (int mode = 0; mode < 4 + 30; mode++) {
            Recorder r = run(conv.c(), conv.s(), close, mode, mode * 7919L);
            assertNull(r.reason(), "mode " + mode);
            assertEquals(List.of(expected), r.lines(), "mode " + mode);
            if (first == null) {
                first = r;
            }
        }
        return first;
    }

    /** Every way of feeding the streams makes the connection unrecoverable with the same reason. */
    static String assertUnrecoverable(Conv conv, boolean close, String reasonPart) {
        String reason = null;
        for (int mode = 0; mode < 4 + 30; mode++) {
            Recorder r = run(conv.c(), conv.s(), close, mode, mode * 104729L);
            assertNotNull(r.reason(), "mode " + mode + " should be unrecoverable: " + r.lines());
            assertTrue(r.reason().contains(reasonPart), () -> "'" + r.reason() + "' lacks '" + reasonPart + "'");
            if (reason == null) {
                reason = r.reason();
            } else {
                assertEquals(reason, r.reason(), "mode " + mode);
            }
        }
        return reason;
    }

    // ------------------------------------------------------------------ framing

    @Test
    void getWithContentLengthResponse() {
        Conv c = new Conv();
        long[] q = c.req("GET /index.html HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n");
        long[] p = c.resp("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        Recorder r = assertFrames(c, false, tx(0, q, p, "GET /index.html [Host, Accept]"));
        Transaction t = r.get(0);
        assertEquals(TransactionId.of(IP, PORT, 0), t.id());
        assertTrue(t.isComplete());
        assertEquals(Protocol.HTTP, t.protocol());
        assertEquals(List.of("start#0", "req#0", "resp>#0", "resp#0"), r.events);
    }

    @Test
    void pipelinedRequestsMatchResponsesInOrder() {
        Conv c = new Conv();
        long[] q0 = c.req("GET /a HTTP/1.1\r\nHost: h\r\n\r\n");
        long[] q1 = c.req("POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world");
        long[] q2 = c.req("\r\nGET /c HTTP/1.1\r\n\r\n");
        long[] p0 = c.resp("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nA!");
        long[] p1 = c.resp("HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
        long[] p2 = c.resp("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        Recorder r = assertFrames(c, false,
                tx(0, q0, p0, "GET /a [Host]"),
                tx(1, q1, p1, "POST /b [Host, Content-Length]"),
                tx(2, q2, p2, "GET /c []"));
        assertEquals(q2[0], q1[1], "a stray empty line belongs to the next request");
        assertEquals(TransactionId.of(IP, PORT, 2), r.get(2).id());
    }

    @Test
    void allRequestsBeforeAnyResponseIsNotRequired() {
        // One framer, fed in a realistic order: request, response, request, response.
        Recorder r = new Recorder();
        HttpFramer f = new HttpFramer(IP, PORT, r);
        f.clientData(ascii("GET /1 HTTP/1.1\r\n\r\n"));
        assertEquals(1, f.inFlight().size());
        assertTrue(f.inFlight().get(0).isRequestComplete());
        assertFalse(f.inFlight().get(0).isResponseStarted());
        f.serverData(ascii("HTTP/1.1 200 OK\r\nContent-"));
        assertTrue(r.get(0).isResponseStarted());
        assertFalse(r.get(0).isResponseComplete());
        f.serverData(ascii("Length: 0\r\n\r\n"));
        assertTrue(r.get(0).isComplete());
        assertTrue(f.inFlight().isEmpty());
        f.clientData(ascii("GET /2 HTTP/1.1\r\n\r\n"));
        assertEquals(2, f.transactionCount());
        assertEquals(19, r.get(1).requestStart());
    }

    @Test
    void chunkedRequestWithExtensionsAndTrailers() {
        Conv c = new Conv();
        long[] q = c.req("POST /up HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                + "5;name=value;q=\"a b\"\r\nhello\r\n"
                + "A ; ext\r\n0123456789\r\n"
                + "000\r\nX-Checksum: abc\r\nX-Other:\tv\r\n\r\n");
        long[] p = c.resp("HTTP/1.1 204 No Content\r\n\r\n");
        assertFrames(c, false, tx(0, q, p, "POST /up [Transfer-Encoding]"));
    }

    @Test
    void chunkedResponseWithTrailersAndBareLf() {
        Conv c = new Conv();
        long[] q = c.req("GET /s HTTP/1.1\n\n");
        long[] p = c.resp("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\nTrailer: Expires\n\n"
                + "1a\r\nabcdefghijklmnopqrstuvwxyz\r\n10\nABCDEFGHIJKLMNOP\n0\nExpires: never\n\n");
        long[] q2 = c.req("GET /t HTTP/1.1\r\n\r\n");
        long[] p2 = c.resp("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx");
        assertFrames(c, false, tx(0, q, p, "GET /s []"), tx(1, q2, p2, "GET /t []"));
    }

    @Test
    void interimResponsesBelongToTheFinalOne() {
        Conv c = new Conv();
        long[] q = c.req("PUT /f HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\nDATA");
        long[] p = c.resp("HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n"
                + "HTTP/1.1 102 Processing\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok!");
        long[] q2 = c.req("GET / HTTP/1.1\r\n\r\n");
        long[] p2 = c.resp("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertFrames(c, false, tx(0, q, p, "PUT /f [Expect, Content-Length]"), tx(1, q2, p2, "GET / []"));
    }

    @Test
    void headAnd204And304HaveNoBody() {
        Conv c = new Conv();
        long[] q0 = c.req("HEAD /big HTTP/1.1\r\n\r\n");
        long[] q1 = c.req("DELETE /x HTTP/1.1\r\n\r\n");
        long[] q2 = c.req("GET /cached HTTP/1.1\r\nIf-None-Match: \"e\"\r\n\r\n");
        long[] q3 = c.req("HEAD /chunky HTTP/1.1\r\n\r\n");
        long[] q4 = c.req("GET /last HTTP/1.1\r\n\r\n");
        long[] p0 = c.resp("HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n");
        long[] p1 = c.resp("HTTP/1.1 204 No Content\r\n\r\n");
        long[] p2 = c.resp("HTTP/1.1 304 Not Modified\r\nContent-Length: 1234\r\nETag: \"e\"\r\n\r\n");
        long[] p3 = c.resp("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        long[] p4 = c.resp("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nlast");
        assertFrames(c, false,
                tx(0, q0, p0, "HEAD /big []"),
                tx(1, q1, p1, "DELETE /x []"),
                tx(2, q2, p2, "GET /cached [If-None-Match]"),
                tx(3, q3, p3, "HEAD /chunky []"),
                tx(4, q4, p4, "GET /last []"));
    }

    @Test
    void closeDelimitedResponseEndsWhenTheServerCloses() {
        Conv c = new Conv();
        long[] q = c.req("GET /stream HTTP/1.1\r\n\r\n");
        long[] p = c.resp("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end\r\n\r\nHTTP/1.1 200 OK\r\n");
        assertFrames(c, true, tx(0, q, p, "GET /stream []"));
        // Without the close the response never completes.
        Recorder r = run(c.c(), c.s(), false, 0, 0);
        assertEquals(tx(0, q, new long[] {p[0], -1}, "GET /stream []"), r.lines().get(0));
    }

    @Test
    void http10ResponseWithoutLengthIsCloseDelimited() {
        Conv c = new Conv();
        long[] q = c.req("GET / HTTP/1.0\r\n\r\n");
        long[] p = c.resp("HTTP/1.0 200 OK\r\n\r\n<html>...</html>");
        assertFrames(c, true, tx(0, q, p, "GET / []"));
    }

    @Test
    void nonChunkedTransferCodingInResponseIsCloseDelimited() {
        Conv c = new Conv();
        long[] q = c.req("GET /z HTTP/1.1\r\n\r\n");
        long[] p = c.resp("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n\u001f\u008b compressed...");
        assertFrames(c, true, tx(0, q, p, "GET /z []"));
    }

    @Test
    void connectionCloseEndsTheConnection() {
        Conv c = new Conv();
        long[] q0 = c.req("GET /1 HTTP/1.1\r\n\r\n");
        long[] q1 = c.req("GET /2 HTTP/1.1\r\n\r\n");
        long[] p0 = c.resp("HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 2\r\n\r\nhi");
        // The server answers request 0 and closes: request 1 stays unanswered.
        Recorder r = assertFrames(c, true, tx(0, q0, p0, "GET /1 []"), tx(1, q1, null, "GET /2 []"));
        assertFalse(r.get(1).isResponseStarted());
        // Any server byte after that response cannot be framed.
        c.resp("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        String reason = assertUnrecoverable(c, false, "after the response to request #0");
        assertTrue(reason.contains("Connection: close"), reason);
    }

    @Test
    void earlyResponseBeforeTheRequestBodyEnds() {
        Recorder r = new Recorder();
        HttpFramer f = new HttpFramer(IP, PORT, r);
        f.clientData(ascii("POST /big HTTP/1.1\r\nContent-Length: 1000\r\n\r\npartial"));
        f.serverData(ascii("HTTP/1.1 413 Content Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"));
        Transaction t = r.get(0);
        assertTrue(t.isResponseComplete());
        assertFalse(t.isRequestComplete());
        assertEquals(List.of("start#0", "resp>#0", "resp#0"), r.events);
        assertEquals(1, f.inFlight().size());
        f.serverClosed();
        f.clientClosed();
        assertNull(r.reason());
        assertEquals(-1, t.requestEnd());
    }

    @Test
    void serverBytesWaitForTheirRequest() {
        Recorder r = new Recorder();
        HttpFramer f = new HttpFramer(IP, PORT, r);
        byte[] resp = ascii("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc");
        f.serverData(resp);
        assertEquals(resp.length, f.serverWaitingBytes());
        assertEquals(resp.length, f.serverOffset());
        assertTrue(r.all.isEmpty());
        f.clientData(ascii("HEAD / HTTP/1.1\r\n"));
        assertEquals(resp.length, f.serverWaitingBytes());
        f.clientData(ascii("\r\n"));
        // A response to HEAD has no body: the 3 bytes are the start of the next response, which waits.
        assertEquals(3, f.serverWaitingBytes());
        assertEquals("#0 req[0,19) resp[0,38) HEAD / []", r.get(0).toString());
        f.clientData(ascii("GET / HTTP/1.1\r\n\r\n"));
        assertEquals(0, f.serverWaitingBytes());
        assertTrue(r.get(1).isResponseStarted());
        assertEquals("#1 req[19,37) resp[38,?) GET / []", r.get(1).toString());
        assertNull(r.reason(), "'abc' is only a head in progress");
    }

    @Test
    void serverBytesThatNoRequestExplainsAreReportedAtClose() {
        Recorder r = new Recorder();
        HttpFramer f = new HttpFramer(IP, PORT, r);
        f.serverData(ascii("HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n"));
        f.serverClosed();
        assertFalse(f.isUnrecoverable(), "the client may still send the request");
        f.clientClosed();
        assertTrue(f.isUnrecoverable());
        assertTrue(r.reason().contains("bytes that could not be framed"), r.reason());
    }

    @Test
    void tooManyWaitingBytesIsUnrecoverable() {
        Recorder r = new Recorder();
        HttpFramer f = new HttpFramer(IP, PORT, r);
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < 16; i++) {
            f.serverData(chunk);
        }
        assertFalse(f.isUnrecoverable());
        assertEquals(Framer.MAX_WAITING_BYTES, f.serverWaitingBytes());
        f.serverData(new byte[1]);
        assertTrue(f.isUnrecoverable());
        assertTrue(r.reason().contains("server bytes waiting for client bytes"), r.reason());
        assertEquals(0, f.serverWaitingBytes());
        assertEquals(Framer.MAX_WAITING_BYTES + 1, f.serverOffset());
    }

    // ------------------------------------------------------------------ unrecoverable

    @Test
    void contentLengthAndTransferEncodingInRequest() {
        Conv c = new Conv();
        c.req("GET /ok HTTP/1.1\r\n\r\n");
        c.req("POST /x HTTP/1.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        c.resp("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        String reason = assertUnrecoverable(c, false, "both Content-Length and Transfer-Encoding");
        assertTrue(reason.startsWith("request #1 (POST /x)"), reason);
        Recorder r = run(c.c(), c.s(), false, 0, 0);
        assertEquals(1, r.all.size(), "no transaction for the ambiguous request");
    }

    @Test
    void contentLengthAndTransferEncodingInResponse() {
        Conv c = new Conv();
        c.req("GET / HTTP/1.1\r\n\r\n");
        c.resp("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n");
        String reason = assertUnrecoverable(c, false, "both Content-Length and Transfer-Encoding");
        assertTrue(reason.startsWith("response to request #0 (GET /)"), reason);
    }

    @Test
    void conflictingContentLengths() {
        assertUnrecoverable(request("Content-Length: 5\r\nContent-Length: 6\r\n"), false,
                "conflicting Content-Length values 5 and 6");
        assertUnrecoverable(request("Content-Length: 5, 6\r\n"), false, "conflicting Content-Length values 5 and 6");
        Conv c = new Conv();
        c.req("GET / HTTP/1.1\r\n\r\n");
        c.resp("HTTP/1.1 200 OK\r\nContent-Length: 1\r\ncontent-length: 2\r\n\r\nab");
        assertUnrecoverable(c, false, "conflicting Content-Length values 1 and 2");
    }

    @Test
    void identicalRepeatedContentLengthsAreAccepted() {
        Conv c = new Conv();
        long[] q = c.req("POST / HTTP/1.1\r\nContent-Length: 3, 3\r\nContent-Length: 3\r\n\r\nabc");
        long[] p = c.resp("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertFrames(c, false, tx(0, q, p, "POST / [Content-Length, Content-Length]"));
    }

    @Test
    void invalidContentLengths() {
        assertUnrecoverable(request("Content-Length: abc\r\n"), false, "invalid Content-Length 'abc'");
        assertUnrecoverable(request("Content-Length: -1\r\n"), false, "invalid Content-Length");
        assertUnrecoverable(request("Content-Length: +5\r\n"), false, "invalid Content-Length");
        assertUnrecoverable(request("Content-Length: 0x10\r\n"), false, "invalid Content-Length");
        assertUnrecoverable(request("Content-Length: 5 5\r\n"), false, "invalid Content-Length");
        assertUnrecoverable(request("Content-Length:\r\n"), false, "empty Content-Length");
        assertUnrecoverable(request("Content-Length: 1234567890123456789\r\n"), false, "too large");
    }

    @Test
    void badChunkedBodies() {
        assertUnrecoverable(chunked("zz\r\n"), false, "bad chunk size: expected a hex digit, found 'z'");
        assertUnrecoverable(chunked("\r\n"), false, "bad chunk size");
        assertUnrecoverable(chunked("-1\r\n"), false, "bad chunk size");
        assertUnrecoverable(chunked("5x\r\nhello\r\n0\r\n\r\n"), false, "bad chunk size: invalid character 'x'");
        assertUnrecoverable(chunked("5 \r\nhello\r\n0\r\n\r\n"), false, "whitespace after the size");
        assertUnrecoverable(chunked("1000000000000000\r\n"), false, "more than 15 significant hex digits");
        assertUnrecoverable(chunked("5\r\nhelloX\r\n0\r\n\r\n"), false, "chunk data not followed by CRLF");
        assertUnrecoverable(chunked("5\rhello\r\n0\r\n\r\n"), false, "bare CR in chunk size line");
        assertUnrecoverable(chunked("5;a\u0001b\r\nhello\r\n0\r\n\r\n"), false, "control character 0x01 in chunk extension");
        assertUnrecoverable(chunked("0\r\nBad Trailer: x\r\n\r\n"), false, "trailer field name");
        assertUnrecoverable(chunked("0\r\n folded\r\n\r\n"), false, "obsolete line folding");
        // In a response too.
        Conv c = new Conv();
        c.req("GET / HTTP/1.1\r\n\r\n");
        c.resp("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nq\r\n");
        assertTrue(assertUnrecoverable(c, false, "bad chunk size").startsWith("response to request #0 (GET /)"));
    }

    @Test
    void longChunkSizeWithLeadingZerosIsFine() {
        Conv c = new Conv();
        long[] q = c.req("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n00000000000000000000003\r\nabc\r\n0\r\n\r\n");
        long[] p = c.resp("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertFrames(c, false, tx(0, q, p, "POST / [Transfer-Encoding]"));
    }

    @Test
    void requestTransferCodingMustEndInChunked() {
        assertUnrecoverable(request("Transfer-Encoding: gzip\r\n"), false, "final transfer coding 'gzip' is not chunked");
        assertUnrecoverable(request("Transfer-Encoding: chunked, gzip\r\n"), false, "not applied exactly once");
        assertUnrecoverable(request("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n"), false,
                "not applied exactly once");
        assertUnrecoverable(request("Transfer-Encoding: chunked, chunked\r\n"), false, "not applied exactly once");
        assertUnrecoverable(request("Transfer-Encoding: ,\r\n"), false, "empty Transfer-Encoding");
        assertUnrecoverable(request("Transfer-Encoding: \"chunked\"\r\n"), false, "invalid Transfer-Encoding");
        Conv c = new Conv();
        c.req("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        assertUnrecoverable(c, false, "Transfer-Encoding in an HTTP/1.0 message");
    }

    @Test
    void malformedHeadsAreUnrecoverable() {
        Conv c = new Conv();
        c.req("GET / HTTP/1.1\r\nHost : x\r\n\r\n");
        assertTrue(assertUnrecoverable(c, false, "whitespace between its name").startsWith("request #0: "));
        Conv d = new Conv();
        d.req("GET / HTTP/1.1\r\n\r\n");
        d.resp("HTP/1.1 200 OK\r\n\r\n");
        assertUnrecoverable(d, false, "status line");
        Conv e = new Conv();
        e.req("GET / HTTP/1.1\r\n\r\n");
        e.resp("HTTP/1.1 2000 OK\r\n\r\n");
        assertUnrecoverable(e, false, "status code is not 3 digits");
    }

    @Test
    void switchingProtocolsIsUnrecoverable() {
        Conv c = new Conv();
        c.req("GET /chat HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
        // WebSocket frames right after: the framer must not read them as HTTP before the 101.
        // (a masked text frame whose payload holds line ends, so parsed as HTTP it would be a bad head).
        c.req("\u0081\u0082\u0000\u0000\u0000\u0000\n\n");
        c.resp("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\u0081\u0005hello");
        assertEquals("response to request #0 (GET /chat): 101 Switching Protocols: the connection is not HTTP any more",
                assertUnrecoverable(c, false, "101 Switching Protocols"));
    }

    @Test
    void declinedUpgradeGoesOn() {
        Conv c = new Conv();
        long[] q0 = c.req("GET / HTTP/1.1\r\nUpgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAA\r\n\r\n");
        long[] q1 = c.req("GET /next HTTP/1.1\r\n\r\n");
        long[] p0 = c.resp("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na");
        long[] p1 = c.resp("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb");
        assertFrames(c, false, tx(0, q0, p0, "GET / [Upgrade, Connection, HTTP2-Settings]"), tx(1, q1, p1, "GET /next []"));
    }

    @Test
    void connectTunnelIsUnrecoverableButRefusedConnectGoesOn() {
        Conv c = new Conv();
        c.req("CONNECT mail.example.org:443 HTTP/1.1\r\nHost: mail.example.org:443\r\n\r\n");
        c.req("\u0016\u0003\u0001\u0000\u0006\u0001\r\n\r\n"); // TLS bytes sent optimistically
        c.resp("HTTP/1.1 200 Connection Established\r\n\r\n\u0016\u0003\u0003");
        assertUnrecoverable(c, false, "200 to CONNECT opens a tunnel: the connection is not HTTP any more");

        Conv d = new Conv();
        long[] q0 = d.req("CONNECT h:443 HTTP/1.1\r\n\r\n");
        long[] q1 = d.req("GET http://h/ HTTP/1.1\r\n\r\n");
        long[] p0 = d.resp("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n");
        long[] p1 = d.resp("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertFrames(d, false, tx(0, q0, p0, "CONNECT h:443 []"), tx(1, q1, p1, "GET http://h/ []"));
    }

    @Test
    void nothingMoreAfterUnrecoverable() {
        Recorder r = new Recorder();
        HttpFramer f = new HttpFramer(IP, PORT, r);
        byte[] bad = ascii("GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nx");
        byte[] more = ascii("GET /more HTTP/1.1\r\n\r\n");
        byte[] resp = ascii("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        f.clientData(bad);
        assertTrue(f.isUnrecoverable());
        int events = r.events.size();
        f.clientData(more);
        f.serverData(resp);
        f.clientClosed();
        f.serverClosed();
        assertEquals(events, r.events.size());
        assertEquals(List.of("unrecoverable"), r.events);
        assertEquals(0, f.transactionCount());
        assertEquals(bad.length + more.length, f.clientOffset(), "offsets still count");
        assertEquals(resp.length, f.serverOffset());
    }

    // ------------------------------------------------------------------ framer contract

    @Test
    void feedingAfterCloseOrFromTheListenerIsRefused() {
        HttpFramer f = new HttpFramer(IP, PORT, null);
        f.clientClosed();
        assertThrows(IllegalStateException.class, () -> f.clientData(new byte[1]));
        HttpFramer[] self = new HttpFramer[1];
        self[0] = new HttpFramer(IP, PORT, new TransactionListener() {
            @Override
            public void requestStarted(Transaction t) {
                self[0].serverData(new byte[1]);
            }
        });
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> self[0].clientData(ascii("GET / HTTP/1.1\r\n\r\n")));
        assertTrue(e.getMessage().contains("must not feed"));
        assertThrows(IllegalArgumentException.class, () -> new HttpFramer(IP, 70000, null));
        assertThrows(IndexOutOfBoundsException.class, () -> f.serverData(new byte[2], 1, 2));
    }

    @Test
    void headLimitsApplyToRequestsAndResponses() {
        Recorder r = new Recorder();
        HttpFramer f = new HttpFramer(IP, PORT, r, 64, 2);
        f.clientData(ascii("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"));
        assertEquals("request #0: request head has more than 2 header fields", r.reason());
        Recorder r2 = new Recorder();
        HttpFramer g = new HttpFramer(IP, PORT, r2, 64, 2);
        g.clientData(ascii("GET / HTTP/1.1\r\n\r\n"));
        g.serverData(ascii("HTTP/1.1 200 OK\r\nX-Long: " + "x".repeat(60) + "\r\n\r\n"));
        assertEquals("response to request #0 (GET /): response head is longer than 64 bytes", r2.reason());
    }

    private static Conv request(String fields) {
        Conv c = new Conv();
        c.req("GET /fine HTTP/1.1\r\n\r\n");
        c.req("POST /x HTTP/1.1\r\n" + fields + "\r\nabcdef");
        c.resp("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        return c;
    }

    private static Conv chunked(String body) {
        Conv c = new Conv();
        c.req("POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
        return c;
    }
}
