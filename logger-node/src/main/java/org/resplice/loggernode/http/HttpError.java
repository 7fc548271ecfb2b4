package org.resplice.loggernode.http;

/**
 * A request the logger cannot answer, with the status and the JSON body
 * {@code {"error": message, "field": field}} the client receives. Thrown by {@link Route}s.
 */
public final class HttpError extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String field;

    public HttpError(int status, String field, String message) {
        super(message, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " is not an error status");
        }
        this.status = status;
        this.field = field;
    }

    /** 400: a parameter or body field is missing or bad; {@code field} names it. */
    public static HttpError badRequest(String field, String message) {
        return new HttpError(400, field, message);
    }

    /** 404: the thing asked for does not exist (e.g. an unknown backend); {@code field} names the parameter. */
    public static HttpError notFound(String field, String message) {
        return new HttpError(404, field, message);
    }

    public int status() {
        return status;
    }

    /** The parameter or field at fault, or null. */
    public String field() {
        return field;
    }
}
