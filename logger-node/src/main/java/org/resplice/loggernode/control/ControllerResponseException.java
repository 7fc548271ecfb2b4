package org.resplice.loggernode.control;

/** The controller answered with JSON the logger cannot use; {@link #field()} is the JSON path of the problem. */
public final class ControllerResponseException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String field;

    public ControllerResponseException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
    }

    /** The JSON path, e.g. {@code $.splices[3].clientIsn}. */
    public String field() {
        return field;
    }
}
