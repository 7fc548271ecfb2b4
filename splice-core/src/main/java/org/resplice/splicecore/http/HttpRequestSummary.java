package org.resplice.splicecore.http;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.resplice.splicecore.txn.Protocol;
import org.resplice.splicecore.txn.RequestSummary;

/**
 * An HTTP request as the tagger sees it: method, request target and the names of its header fields
 * (design §4.3). Field values are not kept. Immutable.
 */
public final class HttpRequestSummary implements RequestSummary {

    private final String method;
    private final String target;
    private final List<String> headerNames;

    private HttpRequestSummary(String method, String target, List<String> headerNames) {
        this.method = method;
        this.target = target;
        this.headerNames = headerNames;
    }

    public static HttpRequestSummary of(String method, String target, List<String> headerNames) {
        return new HttpRequestSummary(Objects.requireNonNull(method, "method"), Objects.requireNonNull(target, "target"),
                Collections.unmodifiableList(Arrays.asList(headerNames.toArray(new String[0]))));
    }

    static HttpRequestSummary from(HeadBuffer head) {
        String[] names = new String[head.fieldCount()];
        for (int i = 0; i < names.length; i++) {
            names[i] = head.name(i);
        }
        return new HttpRequestSummary(head.method(), head.target(), Collections.unmodifiableList(Arrays.asList(names)));
    }

    @Override
    public Protocol protocol() {
        return Protocol.HTTP;
    }

    @Override
    public boolean serverInitiated() {
        return false;
    }

    /** The method, as sent (case-sensitive). */
    public String method() {
        return method;
    }

    /** The request target of the request line, as sent. */
    public String target() {
        return target;
    }

    /** The path of the target: no query or fragment; the path of an absolute-form target. */
    public String path() {
        return HttpSyntax.pathOf(target);
    }

    /** Header field names as sent, in order, duplicates kept. */
    public List<String> headerNames() {
        return headerNames;
    }

    /** True if a field of this name is present, ignoring ASCII case. */
    public boolean hasHeader(String name) {
        for (String n : headerNames) {
            if (HttpSyntax.asciiEqualsIgnoreCase(n, name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HttpRequestSummary)) {
            return false;
        }
        HttpRequestSummary other = (HttpRequestSummary) o;
        return method.equals(other.method) && target.equals(other.target) && headerNames.equals(other.headerNames);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, target, headerNames);
    }

    @Override
    public String toString() {
        return method + " " + target + " " + headerNames;
    }
}
