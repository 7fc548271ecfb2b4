package org.resplice.tagconfig;

import java.util.List;
import java.util.Optional;

/**
 * The tag tables of all applications, one per application name. Implementations are
 * thread-safe.
 */
public interface TagTableStore {

    /** The table of {@code application}; empty if there is none (or the name is invalid). */
    Optional<TagTable> get(String application);

    /**
     * Stores {@code table}, replacing the application's previous table. Listeners are told
     * unless the stored table was already equal.
     */
    void put(TagTable table);

    /** Removes the application's table; false if there was none. */
    boolean remove(String application);

    /** All tables, sorted by application name. */
    List<TagTable> list();

    void addListener(TagTableListener listener);

    void removeListener(TagTableListener listener);
}
