package org.resplice.tagconfig;

/** A {@link TagTableStore} that keeps its tables in memory only. Thread-safe. */
public final class InMemoryTagTableStore extends AbstractTagTableStore {

    @Override
    void persist(TagTable table) {
    }

    @Override
    void unpersist(String application) {
    }

    @Override
    public String toString() {
        return "InMemoryTagTableStore" + list();
    }
}
