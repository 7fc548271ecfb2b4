package org.resplice.splicecore.http;

import java.nio.ByteBuffer;

/**
 * Parses an HTTP/1.x request head from bytes fed incrementally, for the layer-7 router that reads
 * a client's first segments. Feed slices until {@link #isComplete()}; the parser consumes exactly
 * the head (the request line, the field lines and the empty line ending the head) and no byte of
 * the body or of a following request.
 *
 * <p>Rules (RFC 9112): lines end with CRLF or a bare LF (accepted, as RFC 9112 §2.2 allows); a bare
 * CR is an error; empty lines before the request line are skipped; the request line is exactly
 * {@code method SP target SP HTTP/1.x}; field names are tokens followed directly by ':'; obsolete
 * line folding and control characters in values are errors. Limits: the head at most
 * {@code maxHeadBytes} bytes (leading empty lines and line ends included; default 64 KiB), at most
 * {@code maxHeaders} field lines (default 100). Any error throws {@link HttpParseException} naming
 * what was wrong, and the parser stays failed until {@link #reset()}.
 *
 * <p>Not thread-safe. Reusable: {@link #reset()} keeps its buffers.
 */
public final class HttpRequestHeadParser {

    public static final int DEFAULT_MAX_HEAD_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_HEADERS = 100;

    private final HeadBuffer buffer;
    private HttpRequestHead head;
    private String failure;

    public HttpRequestHeadParser() {
        this(DEFAULT_MAX_HEAD_BYTES, DEFAULT_MAX_HEADERS);
    }

    public HttpRequestHeadParser(int maxHeadBytes, int maxHeaders) {
        buffer = new HeadBuffer("request head", maxHeadBytes, maxHeaders);
    }

    /**
     * Feeds {@code len} bytes. Returns how many were consumed: all of them until the head is
     * complete; when the head completes inside the slice, the bytes up to and including its last
     * line end; 0 once complete.
     *
     * @throws HttpParseException if the head is malformed or over a limit
     * @throws IllegalStateException if an earlier call threw (until {@link #reset()})
     */
    public int feed(byte[] b, int off, int len) throws HttpParseException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (failure != null) {
            throw new IllegalStateException("parser failed earlier (" + failure + "); reset() it");
        }
        if (head != null) {
            return 0;
        }
        try {
            int n = buffer.scan(b, off, len);
            if (buffer.complete()) {
                buffer.parseRequestLine();
                buffer.parseFields();
                head = new HttpRequestHead(buffer.method(), buffer.target(), buffer.versionMajor(),
                        buffer.versionMinor(), HttpHeaders.from(buffer), buffer.totalBytes());
            }
            return n;
        } catch (HttpParseException e) {
            failure = e.getMessage();
            throw e;
        }
    }

    public int feed(byte[] b) throws HttpParseException {
        return feed(b, 0, b.length);
    }

    /**
     * Feeds the buffer's remaining bytes, moving its position past the bytes consumed.
     *
     * @return the head once complete, else null
     */
    public HttpRequestHead feed(ByteBuffer buf) throws HttpParseException {
        if (buf.hasArray()) {
            int n = feed(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
            buf.position(buf.position() + n);
        } else {
            byte[] tmp = new byte[Math.min(buf.remaining(), 4096)];
            while (buf.hasRemaining() && head == null) {
                int n = Math.min(tmp.length, buf.remaining());
                int p = buf.position();
                buf.get(tmp, 0, n);
                int used = feed(tmp, 0, n);
                buf.position(p + used);
            }
        }
        return head;
    }

    /** Parses a whole head at once; bytes after the head are ignored. */
    public static HttpRequestHead parse(byte[] head) throws HttpParseException {
        HttpRequestHeadParser p = new HttpRequestHeadParser();
        p.feed(head);
        if (!p.isComplete()) {
            throw new HttpParseException("request head incomplete: no empty line after " + head.length + " bytes");
        }
        return p.head();
    }

    public boolean isComplete() {
        return head != null;
    }

    /** The head, or null until complete. */
    public HttpRequestHead head() {
        return head;
    }

    /** Bytes consumed so far (the head's length once complete). */
    public int consumed() {
        return buffer.totalBytes();
    }

    /** Ready for the next head. */
    public void reset() {
        buffer.reset();
        head = null;
        failure = null;
    }
}
