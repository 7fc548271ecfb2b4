package org.resplice.splicecore.http;

import java.util.ArrayDeque;
import org.resplice.splicecore.txn.Framer;
import org.resplice.splicecore.txn.Protocol;
import org.resplice.splicecore.txn.Transaction;
import org.resplice.splicecore.txn.TransactionListener;

/**
 * Frames HTTP/1.0 and HTTP/1.1 connections (RFC 9112 §6): each request with its response.
 *
 * <p><b>Requests</b> end after their head when they have neither Content-Length nor
 * Transfer-Encoding, after Content-Length bytes, or after the last chunk and trailer section of a
 * chunked body (extensions allowed). Several requests may be sent before any response
 * (pipelining); the n-th response answers the n-th request. Empty lines before a request line
 * belong to that request.
 *
 * <p><b>Responses</b>: 1xx interim responses (100 Continue, 103 Early Hints, …) are part of the
 * response and do not end it; the final response ends after its head if it answers HEAD or is 204
 * or 304; else after Content-Length bytes, or after its chunked body; else (no length, or a
 * Transfer-Encoding not ending in chunked) when the server closes ({@link #serverClosed()}). After
 * a response with {@code Connection: close}, any further server byte is unrecoverable.
 *
 * <p><b>Unrecoverable</b> (never guessed): both Content-Length and Transfer-Encoding; several
 * different Content-Length values (identical repeats, "5, 5", are accepted as RFC 9110 §8.6
 * allows); a Content-Length that is not a decimal number; a bad chunk size or chunk syntax; a
 * request Transfer-Encoding whose final coding is not chunked; chunked applied twice or not last;
 * Transfer-Encoding in an HTTP/1.0 message; a malformed or oversized head (see
 * {@link HttpRequestHeadParser} for the rules, which responses share); 101 Switching Protocols and
 * a 2xx answer to CONNECT (the connection is not HTTP any more). After a request that may switch
 * protocols (CONNECT, or one with an Upgrade field) the framer reads no further client bytes until
 * the response says whether it switched.
 *
 * <p>Header limits: {@code maxHeadBytes} (default 64 KiB) and {@code maxHeaders} (default 100)
 * apply to request and response heads alike.
 */
public final class HttpFramer extends Framer {

    private static final long CHUNKED = -1;
    private static final long UNTIL_CLOSE = -2;
    private static final long FAILED = -3;

    private static final int C_HEAD = 0;
    private static final int C_BODY = 1;
    private static final int C_CHUNKED = 2;
    private static final int C_WAIT_SWITCH = 3;

    private static final int S_IDLE = 0;
    private static final int S_HEAD = 1;
    private static final int S_BODY = 2;
    private static final int S_CHUNKED = 3;
    private static final int S_UNTIL_CLOSE = 4;

    /** A request whose response is not complete yet. */
    private static final class Exchange {
        final Transaction t;
        final boolean head;
        final boolean connect;
        final boolean upgrade;
        boolean decided;

        Exchange(Transaction t, boolean head, boolean connect, boolean upgrade) {
            this.t = t;
            this.head = head;
            this.connect = connect;
            this.upgrade = upgrade;
        }
    }

    private final HeadBuffer requestHead;
    private final HeadBuffer responseHead;
    private final ChunkedScanner requestChunks = new ChunkedScanner();
    private final ChunkedScanner responseChunks = new ChunkedScanner();
    private final ArrayDeque<Exchange> awaitingResponse = new ArrayDeque<>();

    private int clientState = C_HEAD;
    private long requestStart;
    private long requestRemaining;
    private Exchange reading;

    private int serverState = S_IDLE;
    private long responseRemaining;
    private boolean closeAfterResponse;
    private int closingOrdinal = -1;

    public HttpFramer(int clientIpv4, int clientPort, TransactionListener listener) {
        this(clientIpv4, clientPort, listener, HttpRequestHeadParser.DEFAULT_MAX_HEAD_BYTES,
                HttpRequestHeadParser.DEFAULT_MAX_HEADERS);
    }

    public HttpFramer(int clientIpv4, int clientPort, TransactionListener listener, int maxHeadBytes,
            int maxHeaders) {
        super(clientIpv4, clientPort, listener);
        requestHead = new HeadBuffer("request head", maxHeadBytes, maxHeaders);
        responseHead = new HeadBuffer("response head", maxHeadBytes, maxHeaders);
    }

    @Override
    public Protocol protocol() {
        return Protocol.HTTP;
    }

    // ---------------------------------------------------------------- client → server

    @Override
    protected int consumeClient(long offset, byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (!dead()) {
            switch (clientState) {
                case C_HEAD: {
                    if (i == end) {
                        return i - off;
                    }
                    if (requestHead.empty()) {
                        requestStart = offset + (i - off);
                    }
                    try {
                        i += requestHead.scan(b, i, end - i);
                    } catch (HttpParseException e) {
                        fail("request #" + transactionCount() + ": " + e.getMessage());
                        return len;
                    }
                    if (!requestHead.complete()) {
                        return i - off;
                    }
                    onRequestHead(offset + (i - off));
                    break;
                }
                case C_BODY: {
                    if (i == end) {
                        return i - off;
                    }
                    long n = Math.min(requestRemaining, end - i);
                    i += (int) n;
                    requestRemaining -= n;
                    if (requestRemaining == 0) {
                        endRequest(offset + (i - off));
                    }
                    break;
                }
                case C_CHUNKED: {
                    if (i == end) {
                        return i - off;
                    }
                    i += requestChunks.scan(b, i, end - i);
                    if (requestChunks.error() != null) {
                        fail(describe("request", reading.t) + ": " + requestChunks.error());
                        return len;
                    }
                    if (!requestChunks.done()) {
                        return i - off;
                    }
                    endRequest(offset + (i - off));
                    break;
                }
                case C_WAIT_SWITCH:
                    if (!reading.decided) {
                        return i - off;
                    }
                    clientState = C_HEAD;
                    break;
                default:
                    throw new IllegalStateException("client state " + clientState);
            }
        }
        return len;
    }

    private void onRequestHead(long headEnd) {
        String what = "request #" + transactionCount();
        try {
            requestHead.parseRequestLine();
            requestHead.parseFields();
        } catch (HttpParseException e) {
            fail(what + ": " + e.getMessage());
            return;
        }
        what = what + " (" + requestHead.method() + " " + requestHead.target() + ")";
        long framing = bodyFraming(requestHead, true, what);
        if (framing == FAILED) {
            return;
        }
        boolean upgrade = false;
        for (int k = 0; k < requestHead.fieldCount(); k++) {
            if (requestHead.nameIs(k, "upgrade")) {
                upgrade = true;
            }
        }
        Transaction t = newTransaction(requestStart, HttpRequestSummary.from(requestHead));
        if (t == null) {
            return;
        }
        reading = new Exchange(t, requestHead.methodIs("HEAD"), requestHead.methodIs("CONNECT"), upgrade);
        awaitingResponse.add(reading);
        requestHead.reset();
        if (framing == CHUNKED) {
            requestChunks.reset();
            clientState = C_CHUNKED;
        } else if (framing == 0) {
            endRequest(headEnd);
        } else {
            requestRemaining = framing;
            clientState = C_BODY;
        }
    }

    private void endRequest(long end) {
        completeRequest(reading.t, end);
        clientState = (reading.connect || reading.upgrade) && !reading.decided ? C_WAIT_SWITCH : C_HEAD;
    }

    // ---------------------------------------------------------------- server → client

    @Override
    protected int consumeServer(long offset, byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (!dead()) {
            switch (serverState) {
                case S_IDLE: {
                    if (i == end) {
                        return i - off;
                    }
                    if (closeAfterResponse) {
                        fail("server sent bytes after the response to request #" + closingOrdinal
                                + ", which had Connection: close");
                        return len;
                    }
                    Exchange x = awaitingResponse.peekFirst();
                    if (x == null) {
                        return i - off;
                    }
                    startResponse(x.t, offset + (i - off));
                    responseHead.reset();
                    serverState = S_HEAD;
                    break;
                }
                case S_HEAD: {
                    if (i == end) {
                        return i - off;
                    }
                    try {
                        i += responseHead.scan(b, i, end - i);
                    } catch (HttpParseException e) {
                        fail(describe("response to request", awaitingResponse.peekFirst().t) + ": " + e.getMessage());
                        return len;
                    }
                    if (!responseHead.complete()) {
                        return i - off;
                    }
                    onResponseHead(offset + (i - off));
                    break;
                }
                case S_BODY: {
                    if (i == end) {
                        return i - off;
                    }
                    long n = Math.min(responseRemaining, end - i);
                    i += (int) n;
                    responseRemaining -= n;
                    if (responseRemaining == 0) {
                        endResponse(offset + (i - off));
                    }
                    break;
                }
                case S_CHUNKED: {
                    if (i == end) {
                        return i - off;
                    }
                    i += responseChunks.scan(b, i, end - i);
                    if (responseChunks.error() != null) {
                        fail(describe("response to request", awaitingResponse.peekFirst().t) + ": "
                                + responseChunks.error());
                        return len;
                    }
                    if (!responseChunks.done()) {
                        return i - off;
                    }
                    endResponse(offset + (i - off));
                    break;
                }
                case S_UNTIL_CLOSE:
                    return len;
                default:
                    throw new IllegalStateException("server state " + serverState);
            }
        }
        return len;
    }

    private void onResponseHead(long headEnd) {
        Exchange x = awaitingResponse.peekFirst();
        String what = describe("response to request", x.t);
        try {
            responseHead.parseStatusLine();
            responseHead.parseFields();
        } catch (HttpParseException e) {
            fail(what + ": " + e.getMessage());
            return;
        }
        int status = responseHead.status();
        if (status < 200) {
            if (status == 101) {
                fail(what + ": 101 Switching Protocols: the connection is not HTTP any more");
                return;
            }
            responseHead.reset();
            return;
        }
        if (x.connect && status < 300) {
            fail(what + ": " + status + " to CONNECT opens a tunnel: the connection is not HTTP any more");
            return;
        }
        if (!x.decided) {
            x.decided = true;
            progressed();
        }
        boolean close = hasToken(responseHead, "connection", "close");
        long framing = x.head || status == 204 || status == 304 ? 0 : bodyFraming(responseHead, false, what);
        if (framing == FAILED) {
            return;
        }
        if (close) {
            closeAfterResponse = true;
            closingOrdinal = x.t.ordinal();
        }
        responseHead.reset();
        if (framing == CHUNKED) {
            responseChunks.reset();
            serverState = S_CHUNKED;
        } else if (framing == UNTIL_CLOSE) {
            serverState = S_UNTIL_CLOSE;
        } else if (framing == 0) {
            endResponse(headEnd);
        } else {
            responseRemaining = framing;
            serverState = S_BODY;
        }
    }

    private void endResponse(long end) {
        Exchange x = awaitingResponse.removeFirst();
        completeResponse(x.t, end);
        serverState = S_IDLE;
    }

    @Override
    protected void serverEnded(long offset) {
        if (serverState == S_UNTIL_CLOSE) {
            endResponse(offset);
        }
    }

    // ---------------------------------------------------------------- framing rules

    /**
     * RFC 9112 §6.3 for a message that may have content: the content length, {@link #CHUNKED},
     * {@link #UNTIL_CLOSE}, or {@link #FAILED} after marking the connection unrecoverable.
     */
    private long bodyFraming(HeadBuffer h, boolean request, String what) {
        byte[] buf = h.bytes();
        boolean hasTe = false;
        boolean hasCl = false;
        long length = -1;
        int codings = 0;
        int chunkedCount = 0;
        boolean chunkedLast = false;
        int lastCodingStart = 0;
        int lastCodingEnd = 0;
        for (int k = 0; k < h.fieldCount(); k++) {
            boolean te = h.nameIs(k, "transfer-encoding");
            boolean cl = !te && h.nameIs(k, "content-length");
            if (!te && !cl) {
                continue;
            }
            int ve = h.valueEnd(k);
            int elements = 0;
            int p = h.valueStart(k);
            while (p <= ve) {
                int comma = p;
                while (comma < ve && buf[comma] != ',') {
                    comma++;
                }
                int s = p;
                int e = comma;
                while (s < e && (buf[s] == ' ' || buf[s] == '\t')) {
                    s++;
                }
                while (e > s && (buf[e - 1] == ' ' || buf[e - 1] == '\t')) {
                    e--;
                }
                p = comma + 1;
                if (s == e) {
                    continue;
                }
                elements++;
                if (te) {
                    int ne = s;
                    while (ne < e && HttpSyntax.isTchar(buf[ne])) {
                        ne++;
                    }
                    int rest = ne;
                    while (rest < e && (buf[rest] == ' ' || buf[rest] == '\t')) {
                        rest++;
                    }
                    if (ne == s || rest < e && buf[rest] != ';') {
                        fail(what + ": invalid Transfer-Encoding " + HttpSyntax.show(buf, h.valueStart(k), ve));
                        return FAILED;
                    }
                    codings++;
                    chunkedLast = HttpSyntax.equalsLower(buf, s, ne, "chunked");
                    if (chunkedLast) {
                        chunkedCount++;
                    }
                    lastCodingStart = s;
                    lastCodingEnd = ne;
                } else {
                    long v = 0;
                    if (e - s > 18) {
                        fail(what + ": Content-Length " + HttpSyntax.show(buf, s, e) + " is too large");
                        return FAILED;
                    }
                    for (int j = s; j < e; j++) {
                        int c = buf[j];
                        if (c < '0' || c > '9') {
                            fail(what + ": invalid Content-Length " + HttpSyntax.show(buf, h.valueStart(k), ve));
                            return FAILED;
                        }
                        v = v * 10 + c - '0';
                    }
                    if (length >= 0 && v != length) {
                        fail(what + ": conflicting Content-Length values " + length + " and " + v);
                        return FAILED;
                    }
                    length = v;
                }
            }
            if (cl) {
                hasCl = true;
                if (elements == 0) {
                    fail(what + ": empty Content-Length");
                    return FAILED;
                }
            } else {
                hasTe = true;
            }
        }
        if (hasTe && hasCl) {
            fail(what + ": both Content-Length and Transfer-Encoding (ambiguous framing)");
            return FAILED;
        }
        if (hasTe) {
            if (h.versionMinor() == 0) {
                fail(what + ": Transfer-Encoding in an HTTP/1.0 message (faulty framing, RFC 9112 §6.1)");
                return FAILED;
            }
            if (codings == 0) {
                fail(what + ": empty Transfer-Encoding");
                return FAILED;
            }
            if (chunkedCount > 1 || chunkedCount == 1 && !chunkedLast) {
                fail(what + ": chunked is not applied exactly once as the final transfer coding");
                return FAILED;
            }
            if (chunkedLast) {
                return CHUNKED;
            }
            if (request) {
                fail(what + ": final transfer coding " + HttpSyntax.show(buf, lastCodingStart, lastCodingEnd)
                        + " is not chunked, so the request body length cannot be known");
                return FAILED;
            }
            return UNTIL_CLOSE;
        }
        if (hasCl) {
            return length;
        }
        return request ? 0 : UNTIL_CLOSE;
    }

    /** True if a field of that name lists the token (comma-separated, ASCII case ignored). */
    private static boolean hasToken(HeadBuffer h, String lowerName, String lowerToken) {
        byte[] buf = h.bytes();
        for (int k = 0; k < h.fieldCount(); k++) {
            if (!h.nameIs(k, lowerName)) {
                continue;
            }
            int ve = h.valueEnd(k);
            int p = h.valueStart(k);
            while (p <= ve) {
                int comma = p;
                while (comma < ve && buf[comma] != ',') {
                    comma++;
                }
                int s = p;
                int e = comma;
                while (s < e && (buf[s] == ' ' || buf[s] == '\t')) {
                    s++;
                }
                while (e > s && (buf[e - 1] == ' ' || buf[e - 1] == '\t')) {
                    e--;
                }
                if (HttpSyntax.equalsLower(buf, s, e, lowerToken)) {
                    return true;
                }
                p = comma + 1;
            }
        }
        return false;
    }

    private static String describe(String what, Transaction t) {
        HttpRequestSummary s = (HttpRequestSummary) t.summary();
        return what + " #" + t.ordinal() + " (" + s.method() + " " + s.target() + ")";
    }
}
