package org.resplice.tagconfig;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The map, the locking and the listeners shared by the stores. Reads never block; changes
 * are serialized by one lock, which is held while the change is persisted and while
 * listeners are told, so listeners see changes in the order they happened.
 */
abstract class AbstractTagTableStore implements TagTableStore {

    private static final Logger log = LoggerFactory.getLogger(AbstractTagTableStore.class);

    private final Map<String, TagTable> tables = new ConcurrentHashMap<>();
    private final List<TagTableListener> listeners = new CopyOnWriteArrayList<>();
    private final Object writeLock = new Object();

    /** Makes {@code table} durable before it becomes visible. */
    abstract void persist(TagTable table);

    /** Makes the removal of {@code application}'s table durable before it becomes visible. */
    abstract void unpersist(String application);

    /** For loading at construction, before the store is shared. */
    final void load(TagTable table) {
        tables.put(table.application(), table);
    }

    @Override
    public Optional<TagTable> get(String application) {
        if (application == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(tables.get(application));
    }

    @Override
    public void put(TagTable table) {
        Objects.requireNonNull(table, "table");
        synchronized (writeLock) {
            if (table.equals(tables.get(table.application()))) {
                return;
            }
            persist(table);
            tables.put(table.application(), table);
            notifyListeners(table.application(), table);
        }
    }

    @Override
    public boolean remove(String application) {
        if (application == null) {
            return false;
        }
        synchronized (writeLock) {
            if (!tables.containsKey(application)) {
                return false;
            }
            unpersist(application);
            tables.remove(application);
            notifyListeners(application, null);
            return true;
        }
    }

    @Override
    public List<TagTable> list() {
        List<TagTable> all = new ArrayList<>(tables.values());
        all.sort(Comparator.comparing(TagTable::application));
        return all;
    }

    @Override
    public void addListener(TagTableListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(TagTableListener listener) {
        listeners.remove(listener);
    }

    private void notifyListeners(String application, TagTable table) {
        for (TagTableListener l : listeners) {
            try {
                l.tableChanged(application, table);
            } catch (RuntimeException e) {
                log.warn("tag table listener {} failed on the change of {}", l, application, e);
            }
        }
    }
}
