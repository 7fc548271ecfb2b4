package org.resplice.splicecore.http;

/** An HTTP/1.x message head that cannot be parsed; the message says what was wrong and where. */
public final class HttpParseException extends Exception {

    private static final long serialVersionUID = 1L;

    public HttpParseException(String message) {
        super(message);
    }
}
