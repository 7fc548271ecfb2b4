package org.resplice.loggernode.http;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Route} gets of a request: method, path, query parameters (each given at most once,
 * decoded) and body.
 *
 * @param method the HTTP method, upper case
 * @param path   the decoded path, e.g. {@code /logger/connections}
 * @param query  the query parameters
 * @param body   the request body (empty for GET)
 */
public record RouteRequest(String method, String path, Map<String, String> query, byte[] body) {

    public RouteRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = Map.copyOf(query);
        Objects.requireNonNull(body, "body");
    }

    /** A parameter, if given. */
    public Optional<String> param(String name) {
        return Optional.ofNullable(query.get(name));
    }

    /** A parameter that must be given and non-empty; otherwise 400 naming it. */
    public String requiredParam(String name) throws HttpError {
        String v = query.get(name);
        if (v == null || v.isEmpty()) {
            throw HttpError.badRequest(name, "query parameter '" + name + "' is required, e.g. " + path + "?"
                    + name + "=...");
        }
        return v;
    }
}
