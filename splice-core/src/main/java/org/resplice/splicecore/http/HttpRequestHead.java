package org.resplice.splicecore.http;

import java.util.List;
import java.util.Objects;

/**
 * A parsed HTTP/1.x request head: request line and header fields. Immutable. Made by
 * {@link HttpRequestHeadParser}.
 */
public final class HttpRequestHead {

    private final String method;
    private final String target;
    private final int versionMajor;
    private final int versionMinor;
    private final HttpHeaders headers;
    private final int headLength;

    HttpRequestHead(String method, String target, int versionMajor, int versionMinor, HttpHeaders headers,
            int headLength) {
        this.method = method;
        this.target = target;
        this.versionMajor = versionMajor;
        this.versionMinor = versionMinor;
        this.headers = headers;
        this.headLength = headLength;
    }

    /** The method, as sent (methods are case-sensitive: "GET", not "get"). */
    public String method() {
        return method;
    }

    /** The request target, as sent (origin form {@code /a?b}, absolute form, authority form, {@code *}). */
    public String target() {
        return target;
    }

    /** "HTTP/1.1" or "HTTP/1.0". */
    public String version() {
        return "HTTP/" + versionMajor + "." + versionMinor;
    }

    /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
    public int minorVersion() {
        return versionMinor;
    }

    public HttpHeaders headers() {
        return headers;
    }

    /**
     * The head's length in bytes: empty lines before the request line, the request line, the
     * field lines and the empty line that ends the head, line ends included. A request's body (if
     * any) starts this many bytes after the first byte fed.
     */
    public int headLength() {
        return headLength;
    }

    /** The value of the first header field of that name (ASCII case ignored), or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /** All values of header fields of that name, in order. */
    public List<String> headerValues(String name) {
        return headers.getAll(name);
    }

    /** The header field names as sent, in order. */
    public List<String> headerNames() {
        return headers.names();
    }

    /** The path of the target: no query or fragment; the path of an absolute-form target. */
    public String path() {
        return HttpSyntax.pathOf(target);
    }

    /** The Host field's value, or null. */
    public String host() {
        return headers.get("Host");
    }

    /**
     * The value of the first cookie called {@code name} (case-sensitive, RFC 6265) in the Cookie
     * fields, or null. A value in double quotes is returned without them.
     */
    public String cookie(String name) {
        Objects.requireNonNull(name, "name");
        for (int f = 0; f < headers.size(); f++) {
            if (!HttpSyntax.asciiEqualsIgnoreCase(headers.name(f), "Cookie")) {
                continue;
            }
            String v = headers.value(f);
            int i = 0;
            int n = v.length();
            while (i < n) {
                int end = v.indexOf(';', i);
                if (end < 0) {
                    end = n;
                }
                int s = i;
                while (s < end && (v.charAt(s) == ' ' || v.charAt(s) == '\t')) {
                    s++;
                }
                int eq = v.indexOf('=', s);
                if (eq >= 0 && eq < end) {
                    int ne = eq;
                    while (ne > s && (v.charAt(ne - 1) == ' ' || v.charAt(ne - 1) == '\t')) {
                        ne--;
                    }
                    if (ne - s == name.length() && v.regionMatches(s, name, 0, ne - s)) {
                        int vs = eq + 1;
                        int ve = end;
                        while (vs < ve && (v.charAt(vs) == ' ' || v.charAt(vs) == '\t')) {
                            vs++;
                        }
                        while (ve > vs && (v.charAt(ve - 1) == ' ' || v.charAt(ve - 1) == '\t')) {
                            ve--;
                        }
                        if (ve - vs >= 2 && v.charAt(vs) == '"' && v.charAt(ve - 1) == '"') {
                            vs++;
                            ve--;
                        }
                        return v.substring(vs, ve);
                    }
                }
                i = end + 1;
            }
        }
        return null;
    }

    /** What the tagger needs: method, target, header names. */
    public HttpRequestSummary summary() {
        return HttpRequestSummary.of(method, target, headers.names());
    }

    @Override
    public String toString() {
        return method + " " + target + " " + version() + " " + headers;
    }
}
