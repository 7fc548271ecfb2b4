package org.resplice.splicecore.http;

import java.util.Arrays;

/**
 * Collects an HTTP/1.x message head incrementally (start line, field lines, empty line) and parses
 * it in place. Reused message after message: {@link #reset()} keeps the arrays.
 *
 * <p>Line ends: CRLF, or a bare LF (RFC 9112 §2.2 lets a recipient accept it; many clients and
 * servers send it, and the servers behind the splice accept it). A bare CR is an error. Empty lines
 * before the start line are skipped (RFC 9112 §2.2) but counted in {@link #totalBytes()} and in the
 * size limit.
 */
final class HeadBuffer {

    private final String what;
    private final int maxBytes;
    private final int maxFields;

    private byte[] buf = new byte[512];
    private int len;
    private int[] lineStart = new int[16];
    private int[] lineEnd = new int[16];
    private int lines;
    private int total;
    private int lineLen;
    private boolean cr;
    private boolean complete;

    private int fields;
    private int[] nameStart = new int[16];
    private int[] nameEnd = new int[16];
    private int[] valueStart = new int[16];
    private int[] valueEnd = new int[16];

    private int methodEnd;
    private int targetStart;
    private int targetEnd;
    private int versionMajor;
    private int versionMinor;
    private int status;

    /**
     * @param what "request head" or "response head", for messages
     * @param maxBytes the most bytes the head may have, line ends and leading empty lines included
     * @param maxFields the most field lines
     */
    HeadBuffer(String what, int maxBytes, int maxFields) {
        if (maxBytes < 16 || maxFields < 0) {
            throw new IllegalArgumentException("limits too small: " + maxBytes + " bytes, " + maxFields + " fields");
        }
        this.what = what;
        this.maxBytes = maxBytes;
        this.maxFields = maxFields;
    }

    void reset() {
        len = 0;
        lines = 0;
        total = 0;
        lineLen = 0;
        cr = false;
        complete = false;
        fields = 0;
    }

    boolean complete() {
        return complete;
    }

    /** Bytes consumed for this head so far (all of it once complete). */
    int totalBytes() {
        return total;
    }

    /** True if no byte of the head has been seen yet. */
    boolean empty() {
        return total == 0;
    }

    /**
     * Consumes bytes up to the end of the head. Returns how many were consumed: all of them unless
     * the head completed before the end of the slice.
     */
    int scan(byte[] b, int off, int n) throws HttpParseException {
        int i = off;
        int end = off + n;
        while (i < end) {
            if (cr) {
                if (total >= maxBytes) {
                    throw tooLong();
                }
                byte c = b[i++];
                total++;
                if (c != '\n') {
                    throw new HttpParseException(what + ": bare CR (not followed by LF) in line " + (lines + 1));
                }
                cr = false;
                if (endLine()) {
                    return i - off;
                }
                continue;
            }
            int limit = Math.min(end, i + (maxBytes - total));
            int j = i;
            while (j < limit) {
                byte c = b[j];
                if (c == '\r' || c == '\n') {
                    break;
                }
                j++;
            }
            if (j > i) {
                append(b, i, j - i);
                lineLen += j - i;
                total += j - i;
                i = j;
            }
            if (i == end) {
                break;
            }
            if (total >= maxBytes) {
                throw tooLong();
            }
            byte c = b[i++];
            total++;
            if (c == '\r') {
                cr = true;
            } else if (endLine()) {
                return i - off;
            }
        }
        return n;
    }

    private HttpParseException tooLong() {
        return new HttpParseException(what + " is longer than " + maxBytes + " bytes");
    }

    private boolean endLine() throws HttpParseException {
        if (lineLen == 0) {
            if (lines == 0) {
                return false;
            }
            complete = true;
            return true;
        }
        if (lines == lineStart.length) {
            lineStart = Arrays.copyOf(lineStart, lines * 2);
            lineEnd = Arrays.copyOf(lineEnd, lines * 2);
        }
        lineStart[lines] = len - lineLen;
        lineEnd[lines] = len;
        lines++;
        lineLen = 0;
        if (lines - 1 > maxFields) {
            throw new HttpParseException(what + " has more than " + maxFields + " header fields");
        }
        return false;
    }

    private void append(byte[] b, int off, int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    // ---------------------------------------------------------------- start lines

    /** request-line = method SP request-target SP HTTP-version (RFC 9112 §3), exactly. */
    void parseRequestLine() throws HttpParseException {
        int s = lineStart[0];
        int e = lineEnd[0];
        int i = s;
        while (i < e && HttpSyntax.isTchar(buf[i])) {
            i++;
        }
        if (i == s) {
            throw new HttpParseException("request line " + HttpSyntax.show(buf, s, e) + ": method expected, found "
                    + HttpSyntax.showByte(buf[s]));
        }
        if (i == e) {
            throw new HttpParseException("request line " + HttpSyntax.show(buf, s, e)
                    + ": no request target (HTTP/0.9 is not supported)");
        }
        if (buf[i] != ' ') {
            throw new HttpParseException("request line " + HttpSyntax.show(buf, s, e)
                    + ": invalid character " + HttpSyntax.showByte(buf[i]) + " in method");
        }
        methodEnd = i;
        targetStart = ++i;
        while (i < e && buf[i] != ' ') {
            int c = buf[i] & 0xFF;
            if (c < 0x21 || c == 0x7F) {
                throw new HttpParseException("request line " + HttpSyntax.show(buf, s, e)
                        + ": control character " + HttpSyntax.showByte(c) + " in request target");
            }
            i++;
        }
        targetEnd = i;
        if (targetEnd == targetStart) {
            throw new HttpParseException("request line " + HttpSyntax.show(buf, s, e)
                    + ": empty request target (methods, targets and versions are separated by one SP)");
        }
        if (i == e) {
            throw new HttpParseException("request line " + HttpSyntax.show(buf, s, e)
                    + ": no HTTP version (HTTP/0.9 is not supported)");
        }
        parseVersion(i + 1, e, "request line", s, e);
    }

    /** status-line = HTTP-version SP 3DIGIT [SP reason-phrase] (RFC 9112 §4; the SP may be absent). */
    void parseStatusLine() throws HttpParseException {
        int s = lineStart[0];
        int e = lineEnd[0];
        if (e - s < 12 || buf[s + 8] != ' ') {
            throw new HttpParseException("status line " + HttpSyntax.show(buf, s, e)
                    + ": expected HTTP/x.y SP 3-digit status code");
        }
        parseVersion(s, s + 8, "status line", s, e);
        int code = 0;
        for (int i = s + 9; i < s + 12; i++) {
            int c = buf[i];
            if (c < '0' || c > '9') {
                throw new HttpParseException("status line " + HttpSyntax.show(buf, s, e)
                        + ": status code is not 3 digits");
            }
            code = code * 10 + c - '0';
        }
        if (code < 100) {
            throw new HttpParseException("status line " + HttpSyntax.show(buf, s, e) + ": status code below 100");
        }
        if (e > s + 12) {
            if (buf[s + 12] != ' ') {
                throw new HttpParseException("status line " + HttpSyntax.show(buf, s, e)
                        + ": status code is not 3 digits");
            }
            for (int i = s + 13; i < e; i++) {
                if (!HttpSyntax.isFieldValueByte(buf[i])) {
                    throw new HttpParseException("status line " + HttpSyntax.show(buf, s, e)
                            + ": control character " + HttpSyntax.showByte(buf[i]) + " in reason phrase");
                }
            }
        }
        status = code;
    }

    private void parseVersion(int vs, int ve, String where, int s, int e) throws HttpParseException {
        if (ve - vs != 8 || buf[vs] != 'H' || buf[vs + 1] != 'T' || buf[vs + 2] != 'T' || buf[vs + 3] != 'P'
                || buf[vs + 4] != '/' || !digit(buf[vs + 5]) || buf[vs + 6] != '.' || !digit(buf[vs + 7])) {
            throw new HttpParseException(where + " " + HttpSyntax.show(buf, s, e) + ": bad HTTP version "
                    + HttpSyntax.show(buf, vs, ve) + " (expected HTTP/1.1 or HTTP/1.0)");
        }
        versionMajor = buf[vs + 5] - '0';
        versionMinor = buf[vs + 7] - '0';
        if (versionMajor != 1) {
            throw new HttpParseException(where + " " + HttpSyntax.show(buf, s, e) + ": HTTP version "
                    + versionMajor + "." + versionMinor + " is not HTTP/1.x");
        }
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    // ---------------------------------------------------------------- fields

    /**
     * field-line = field-name ":" OWS field-value OWS (RFC 9112 §5). Rejects obsolete line folding,
     * whitespace before the colon, and control characters in values.
     */
    void parseFields() throws HttpParseException {
        fields = 0;
        int n = lines - 1;
        if (nameStart.length < n) {
            int cap = Math.max(n, nameStart.length * 2);
            nameStart = new int[cap];
            nameEnd = new int[cap];
            valueStart = new int[cap];
            valueEnd = new int[cap];
        }
        for (int k = 1; k < lines; k++) {
            int s = lineStart[k];
            int e = lineEnd[k];
            byte first = buf[s];
            if (first == ' ' || first == '\t') {
                throw new HttpParseException(what + ": header field line " + k + " " + HttpSyntax.show(buf, s, e)
                        + " starts with whitespace (obsolete line folding is not accepted)");
            }
            int i = s;
            while (i < e && HttpSyntax.isTchar(buf[i])) {
                i++;
            }
            if (i == e) {
                throw new HttpParseException(what + ": header field line " + k + " " + HttpSyntax.show(buf, s, e)
                        + " has no ':'");
            }
            if (buf[i] != ':') {
                if (i > s && (buf[i] == ' ' || buf[i] == '\t')) {
                    throw new HttpParseException(what + ": header field " + HttpSyntax.show(buf, s, i)
                            + " has whitespace between its name and ':'");
                }
                throw new HttpParseException(what + ": header field line " + k + " " + HttpSyntax.show(buf, s, e)
                        + ": invalid character " + HttpSyntax.showByte(buf[i]) + " in field name");
            }
            if (i == s) {
                throw new HttpParseException(what + ": header field line " + k + " " + HttpSyntax.show(buf, s, e)
                        + " has an empty field name");
            }
            int vs = i + 1;
            int ve = e;
            while (vs < ve && (buf[vs] == ' ' || buf[vs] == '\t')) {
                vs++;
            }
            while (ve > vs && (buf[ve - 1] == ' ' || buf[ve - 1] == '\t')) {
                ve--;
            }
            for (int j = vs; j < ve; j++) {
                if (!HttpSyntax.isFieldValueByte(buf[j])) {
                    throw new HttpParseException(what + ": header field " + HttpSyntax.show(buf, s, i)
                            + ": control character " + HttpSyntax.showByte(buf[j]) + " in value");
                }
            }
            nameStart[fields] = s;
            nameEnd[fields] = i;
            valueStart[fields] = vs;
            valueEnd[fields] = ve;
            fields++;
        }
    }

    int fieldCount() {
        return fields;
    }

    boolean nameIs(int k, String lowerName) {
        return HttpSyntax.equalsLower(buf, nameStart[k], nameEnd[k], lowerName);
    }

    String name(int k) {
        return HttpSyntax.string(buf, nameStart[k], nameEnd[k]);
    }

    String value(int k) {
        return HttpSyntax.string(buf, valueStart[k], valueEnd[k]);
    }

    int valueStart(int k) {
        return valueStart[k];
    }

    int valueEnd(int k) {
        return valueEnd[k];
    }

    byte[] bytes() {
        return buf;
    }

    String method() {
        return HttpSyntax.string(buf, lineStart[0], methodEnd);
    }

    boolean methodIs(String upper) {
        int s = lineStart[0];
        if (methodEnd - s != upper.length()) {
            return false;
        }
        for (int i = 0; i < upper.length(); i++) {
            if (buf[s + i] != upper.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    String target() {
        return HttpSyntax.string(buf, targetStart, targetEnd);
    }

    int versionMajor() {
        return versionMajor;
    }

    int versionMinor() {
        return versionMinor;
    }

    int status() {
        return status;
    }
}
