package org.resplice.tagconfig;

import java.util.Objects;

/**
 * A tag table is invalid. {@link #path()} is the JSON path of the offending value (e.g.
 * {@code $.rules[1].tags[0]}) and {@link #reason()} says what is wrong and how to fix it;
 * the message is {@code path + ": " + reason}.
 *
 * <p>Tables built in code report the path the value would have in the table's JSON form.
 */
public class TagTableException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String path;
    private final String reason;

    public TagTableException(String path, String reason) {
        this(path, reason, null);
    }

    public TagTableException(String path, String reason, Throwable cause) {
        super(Objects.requireNonNull(path, "path") + ": " + Objects.requireNonNull(reason, "reason"),
                cause);
        this.path = path;
        this.reason = reason;
    }

    /** JSON path of the offending value, starting with {@code $}. */
    public String path() {
        return path;
    }

    /** What is wrong and how to fix it, without the path. */
    public String reason() {
        return reason;
    }

    /**
     * This error with its path moved under {@code prefix}: a path {@code $.path} relative to a
     * match object becomes {@code $.rules[2].match.path}.
     */
    TagTableException under(String prefix) {
        TagTableException moved = new TagTableException(prefix + path.substring(1), reason, getCause());
        moved.setStackTrace(getStackTrace());
        return moved;
    }
}
