package org.resplice.splicecore.http;

/**
 * Finds the end of a chunked message body (RFC 9112 §7.1) without decoding it: chunk-size
 * (hex) [chunk-ext] CRLF, data, CRLF, …, last-chunk "0" [chunk-ext] CRLF, trailer fields, CRLF.
 * Line ends may be a bare LF, as in heads. Anything else — no hex digit, a size over 2^60, a CR not
 * followed by LF, data not followed by a line end, control characters in extensions, malformed or
 * too many trailer fields — is an error: {@link #error()} says what, and the scanner stops.
 */
final class ChunkedScanner {

    static final int MAX_SIZE_DIGITS = 15;
    static final int MAX_EXTENSION_BYTES = 4096;
    static final int MAX_TRAILER_BYTES = 64 * 1024;
    static final int MAX_TRAILER_FIELDS = 100;

    private static final int SIZE_FIRST = 0;
    private static final int SIZE = 1;
    private static final int SIZE_WS = 2;
    private static final int EXT = 3;
    private static final int SIZE_LF = 4;
    private static final int DATA = 5;
    private static final int DATA_END = 6;
    private static final int DATA_END_LF = 7;
    private static final int TRAILER_START = 8;
    private static final int TRAILER_NAME = 9;
    private static final int TRAILER_VALUE = 10;
    private static final int TRAILER_LF = 11;
    private static final int END_LF = 12;
    private static final int DONE = 13;
    private static final int FAILED = 14;

    private int state;
    private long size;
    private int digits;
    private int extBytes;
    private int trailerBytes;
    private int trailerFields;
    private long chunks;
    private String error;

    void reset() {
        state = SIZE_FIRST;
        size = 0;
        digits = 0;
        extBytes = 0;
        trailerBytes = 0;
        trailerFields = 0;
        chunks = 0;
        error = null;
    }

    boolean done() {
        return state == DONE;
    }

    /** What was wrong, or null. */
    String error() {
        return error;
    }

    /**
     * Consumes bytes up to the end of the body. Returns how many were consumed: all of them unless
     * the body ended (or an error was found) inside the slice.
     */
    int scan(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            switch (state) {
                case DATA: {
                    long n = Math.min(size, end - i);
                    i += (int) n;
                    size -= n;
                    if (size == 0) {
                        state = DATA_END;
                    }
                    continue;
                }
                case DONE:
                case FAILED:
                    return i - off;
                default:
                    break;
            }
            int c = b[i++] & 0xFF;
            switch (state) {
                case SIZE_FIRST:
                    if (!HttpSyntax.isHexDigit(c)) {
                        return fail(i - off, "bad chunk size: expected a hex digit, found " + HttpSyntax.showByte(c)
                                + " (chunk " + chunks + ")");
                    }
                    size = 0;
                    digits = 0;
                    extBytes = 0;
                    addDigit(c);
                    state = SIZE;
                    break;
                case SIZE:
                    if (HttpSyntax.isHexDigit(c)) {
                        if (!addDigit(c)) {
                            return fail(i - off, "bad chunk size: more than " + MAX_SIZE_DIGITS
                                    + " significant hex digits (chunk " + chunks + ")");
                        }
                    } else if (c == ';') {
                        state = EXT;
                    } else if (c == ' ' || c == '\t') {
                        state = SIZE_WS;
                    } else if (c == '\r') {
                        state = SIZE_LF;
                    } else if (c == '\n') {
                        endSizeLine();
                    } else {
                        return fail(i - off, "bad chunk size: invalid character " + HttpSyntax.showByte(c)
                                + " after the size (chunk " + chunks + ")");
                    }
                    break;
                case SIZE_WS:
                    if (c == ';') {
                        state = EXT;
                    } else if (c != ' ' && c != '\t') {
                        return fail(i - off, "bad chunk size: whitespace after the size not followed by ';' (chunk "
                                + chunks + ")");
                    }
                    break;
                case EXT:
                    if (c == '\r') {
                        state = SIZE_LF;
                    } else if (c == '\n') {
                        endSizeLine();
                    } else if (!HttpSyntax.isFieldValueByte(c)) {
                        return fail(i - off, "control character " + HttpSyntax.showByte(c)
                                + " in chunk extension (chunk " + chunks + ")");
                    } else if (++extBytes > MAX_EXTENSION_BYTES) {
                        return fail(i - off, "chunk extension longer than " + MAX_EXTENSION_BYTES + " bytes");
                    }
                    break;
                case SIZE_LF:
                    if (c != '\n') {
                        return fail(i - off, "bare CR in chunk size line (chunk " + chunks + ")");
                    }
                    endSizeLine();
                    break;
                case DATA_END:
                    if (c == '\r') {
                        state = DATA_END_LF;
                    } else if (c == '\n') {
                        state = SIZE_FIRST;
                    } else {
                        return fail(i - off, "chunk data not followed by CRLF (chunk " + (chunks - 1)
                                + ", found " + HttpSyntax.showByte(c) + ")");
                    }
                    break;
                case DATA_END_LF:
                    if (c != '\n') {
                        return fail(i - off, "chunk data not followed by CRLF (bare CR, chunk " + (chunks - 1) + ")");
                    }
                    state = SIZE_FIRST;
                    break;
                case TRAILER_START:
                    if (!countTrailerByte()) {
                        return fail(i - off, "trailer section longer than " + MAX_TRAILER_BYTES + " bytes");
                    }
                    if (c == '\r') {
                        state = END_LF;
                    } else if (c == '\n') {
                        state = DONE;
                        return i - off;
                    } else if (HttpSyntax.isTchar(c)) {
                        if (++trailerFields > MAX_TRAILER_FIELDS) {
                            return fail(i - off, "more than " + MAX_TRAILER_FIELDS + " trailer fields");
                        }
                        state = TRAILER_NAME;
                    } else if (c == ' ' || c == '\t') {
                        return fail(i - off, "trailer field line starts with whitespace (obsolete line folding)");
                    } else {
                        return fail(i - off, "invalid character " + HttpSyntax.showByte(c) + " in trailer field name");
                    }
                    break;
                case TRAILER_NAME:
                    if (!countTrailerByte()) {
                        return fail(i - off, "trailer section longer than " + MAX_TRAILER_BYTES + " bytes");
                    }
                    if (c == ':') {
                        state = TRAILER_VALUE;
                    } else if (!HttpSyntax.isTchar(c)) {
                        return fail(i - off, "invalid character " + HttpSyntax.showByte(c)
                                + " in trailer field name (or no ':')");
                    }
                    break;
                case TRAILER_VALUE:
                    if (!countTrailerByte()) {
                        return fail(i - off, "trailer section longer than " + MAX_TRAILER_BYTES + " bytes");
                    }
                    if (c == '\r') {
                        state = TRAILER_LF;
                    } else if (c == '\n') {
                        state = TRAILER_START;
                    } else if (!HttpSyntax.isFieldValueByte(c)) {
                        return fail(i - off, "control character " + HttpSyntax.showByte(c) + " in trailer field value");
                    }
                    break;
                case TRAILER_LF:
                    if (!countTrailerByte()) {
                        return fail(i - off, "trailer section longer than " + MAX_TRAILER_BYTES + " bytes");
                    }
                    if (c != '\n') {
                        return fail(i - off, "bare CR in trailer section");
                    }
                    state = TRAILER_START;
                    break;
                case END_LF:
                    if (c != '\n') {
                        return fail(i - off, "bare CR at the end of the trailer section");
                    }
                    state = DONE;
                    return i - off;
                default:
                    throw new IllegalStateException("state " + state);
            }
        }
        return i - off;
    }

    private boolean addDigit(int c) {
        if (digits == 0 && c == '0') {
            return true;
        }
        if (++digits > MAX_SIZE_DIGITS) {
            return false;
        }
        size = (size << 4) | HttpSyntax.hexValue(c);
        return true;
    }

    private void endSizeLine() {
        chunks++;
        state = size == 0 ? TRAILER_START : DATA;
    }

    private boolean countTrailerByte() {
        return ++trailerBytes <= MAX_TRAILER_BYTES;
    }

    private int fail(int consumed, String why) {
        state = FAILED;
        error = why;
        return consumed;
    }
}
