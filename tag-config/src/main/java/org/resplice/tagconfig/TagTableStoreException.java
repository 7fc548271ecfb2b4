package org.resplice.tagconfig;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A store could not read or write its tables: an I/O error, or a stored table that is not
 * valid (then the cause is the {@link TagTableException} naming the JSON path).
 */
public class TagTableStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public TagTableStoreException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** The file concerned, if any. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }
}
