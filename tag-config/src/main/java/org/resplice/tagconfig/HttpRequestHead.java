package org.resplice.tagconfig;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** An HTTP request as the matcher sees it: method, path and the names of its headers. */
public final class HttpRequestHead extends RequestSummary {

    private final String method;
    private final String path;
    private final List<String> headerNames;

    private HttpRequestHead(String method, String path, List<String> headerNames) {
        this.method = method;
        this.path = path;
        this.headerNames = headerNames;
    }

    /**
     * @param method the request method, as sent (compared case-sensitively)
     * @param requestTarget the request target of the request line: origin form
     *        ({@code /a/b?q}), absolute form ({@code http://host/a/b?q}), or anything else
     *        ({@code *}, {@code host:443}), which is taken as the path unchanged. The query and
     *        fragment are not part of the path; the path is not percent-decoded.
     * @param headerNames the names of the headers present (any case; duplicates allowed)
     */
    public static HttpRequestHead of(String method, String requestTarget, Collection<String> headerNames) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(requestTarget, "requestTarget");
        return new HttpRequestHead(method, pathOf(requestTarget), List.copyOf(headerNames));
    }

    /** Same as {@link #of(String, String, Collection)}. */
    public static HttpRequestHead of(String method, String requestTarget, String... headerNames) {
        return of(method, requestTarget, List.of(headerNames));
    }

    static String pathOf(String target) {
        int start;
        if (target.startsWith("/")) {
            start = 0;
        } else {
            int scheme = target.indexOf("://");
            if (scheme <= 0) {
                return target;
            }
            int authority = scheme + 3;
            start = authority;
            while (start < target.length() && "/?#".indexOf(target.charAt(start)) < 0) {
                start++;
            }
            if (start == target.length() || target.charAt(start) != '/') {
                return "/";
            }
        }
        int end = start;
        while (end < target.length() && target.charAt(end) != '?' && target.charAt(end) != '#') {
            end++;
        }
        return start == 0 && end == target.length() ? target : target.substring(start, end);
    }

    @Override
    public Protocol protocol() {
        return Protocol.HTTP;
    }

    public String method() {
        return method;
    }

    /** The path of the request target, without query or fragment. */
    public String path() {
        return path;
    }

    /** The header names as given. */
    public List<String> headerNames() {
        return headerNames;
    }

    /** True if a header of this name is present, ignoring ASCII case. */
    public boolean hasHeader(String name) {
        for (int i = 0, n = headerNames.size(); i < n; i++) {
            if (Ascii.equalsIgnoreCase(headerNames.get(i), name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof HttpRequestHead)) {
            return false;
        }
        HttpRequestHead other = (HttpRequestHead) o;
        return method.equals(other.method) && path.equals(other.path)
                && headerNames.equals(other.headerNames);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, path, headerNames);
    }

    @Override
    public String toString() {
        return "HttpRequestHead{" + method + " " + path + ", headers=" + headerNames + "}";
    }
}
