package org.resplice.tagconfig;

/** Told about every change of a {@link TagTableStore}. */
@FunctionalInterface
public interface TagTableListener {

    /**
     * Called after the table of {@code application} was stored or replaced ({@code table} is
     * the new table) or removed ({@code table} is null). Called on the thread that made the
     * change, in the order the changes happened; must return quickly and must not wait for
     * another thread that uses the store.
     */
    void tableChanged(String application, TagTable table);
}
