package org.resplice.loggernode.control;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.resplice.tagconfig.TagTable;
import org.resplice.tagconfig.TagTableListener;

/**
 * Remembers the last set of tag tables and tells a {@link TagTableListener} about each table that
 * was added, replaced by a different one, or removed ({@code table} null). Not thread-safe: one
 * poller feeds it.
 */
public final class TagTableDiff {

    private final TagTableListener listener;
    private Map<String, TagTable> current = new HashMap<>();

    public TagTableDiff(TagTableListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** @throws ControllerResponseException if two tables name the same application (nothing is applied) */
    public void apply(List<TagTable> tables) throws ControllerResponseException {
        Map<String, TagTable> next = new HashMap<>();
        for (int i = 0; i < tables.size(); i++) {
            TagTable t = tables.get(i);
            if (next.put(t.application(), t) != null) {
                throw new ControllerResponseException("$.tables[" + i + "].application", "application \""
                        + t.application() + "\" has two tag tables");
            }
        }
        Map<String, TagTable> before = current;
        current = next;
        for (Map.Entry<String, TagTable> e : before.entrySet()) {
            if (!next.containsKey(e.getKey())) {
                listener.tableChanged(e.getKey(), null);
            }
        }
        for (TagTable t : tables) {
            if (!t.equals(before.get(t.application()))) {
                listener.tableChanged(t.application(), t);
            }
        }
    }
}
