package org.resplice.loggernode.http;

/** Answers one (method, path) of a {@link LoggerHttpServer}. */
@FunctionalInterface
public interface Route {

    /**
     * @return the answer, serialised as JSON with status 200 (records by their components, other
     *         objects by their fields and getters, Jackson trees as they are), or null for 204
     * @throws HttpError to answer with an error status and {@code {"error", "field"}}
     */
    Object handle(RouteRequest request) throws HttpError;
}
