package org.resplice.loggernode.capture;

/** The capture could not be opened: no such device or file, no permission, or a filter libpcap refused. */
public final class CaptureException extends Exception {

    private static final long serialVersionUID = 1L;

    public CaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
