package org.resplice.app.api;

import org.resplice.tagconfig.RequestSummary;
import org.resplice.tagconfig.TagSet;
import org.resplice.tagconfig.TagTable;

import java.util.List;
import java.util.Optional;

/**
 * The tag tables of the applications behind the VIPs (one per application), and tagging with them.
 * Changes apply to the next transaction tagged; nothing needs a restart.
 */
public interface TagTableService {

    /** Every table, sorted by application name. */
    List<TagTable> getTables();

    Optional<TagTable> getTable(String application);

    /** Stores a validated table, replacing the application's previous one. */
    void putTable(TagTable table);

    /** Removes the application's table; false if it had none. */
    boolean removeTable(String application);

    /**
     * Tags for one request of {@code application}: the first matching rule's tags, else the table's
     * default, else (no table) the conservative tags.
     */
    TagSet tagsFor(String application, RequestSummary request);
}
