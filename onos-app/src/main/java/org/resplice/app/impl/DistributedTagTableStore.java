package org.resplice.app.impl;

import org.onosproject.store.service.ConsistentMap;
import org.onosproject.store.service.MapEvent;
import org.onosproject.store.service.MapEventListener;
import org.onosproject.store.service.Serializer;
import org.onosproject.store.service.StorageService;
import org.onosproject.store.service.Versioned;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.resplice.tagconfig.TagTable;
import org.resplice.tagconfig.TagTableCodec;
import org.resplice.tagconfig.TagTableListener;
import org.resplice.tagconfig.TagTableStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tag tables in an ONOS consistent map, so every controller instance sees the same tables and they
 * outlive an instance restart. Values are the tables' canonical JSON: the map needs no Kryo
 * registration for our classes, and what is stored is exactly what REST returns.
 * (The embedded runtime supplies a file-backed store instead and does not activate this one.)
 */
@Component(immediate = true, service = TagTableStore.class)
public class DistributedTagTableStore implements TagTableStore {

    static final String MAP_NAME = "resplice-tag-tables";

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected StorageService storageService;

    private ConsistentMap<String, String> tables;
    private final List<TagTableListener> listeners = new CopyOnWriteArrayList<>();
    private final MapEventListener<String, String> mapListener = this::mapChanged;

    @Activate
    protected void activate() {
        tables = storageService.<String, String>consistentMapBuilder()
                .withName(MAP_NAME)
                .withSerializer(Serializer.forTypes(String.class))
                .build();
        tables.addListener(mapListener);
    }

    @Deactivate
    protected void deactivate() {
        tables.removeListener(mapListener);
    }

    private void mapChanged(MapEvent<String, String> event) {
        Versioned<String> value = event.newValue();
        TagTable table = value == null ? null : TagTableCodec.parse(value.value());
        for (TagTableListener l : listeners) {
            l.tableChanged(event.key(), table);
        }
    }

    @Override
    public Optional<TagTable> get(String application) {
        Versioned<String> v = application == null ? null : tables.get(application);
        return v == null ? Optional.empty() : Optional.of(TagTableCodec.parse(v.value()));
    }

    @Override
    public void put(TagTable table) {
        tables.put(table.application(), TagTableCodec.encode(table));
    }

    @Override
    public boolean remove(String application) {
        return application != null && tables.remove(application) != null;
    }

    @Override
    public List<TagTable> list() {
        List<TagTable> all = new ArrayList<>();
        for (Versioned<String> v : tables.values()) {
            all.add(TagTableCodec.parse(v.value()));
        }
        all.sort(Comparator.comparing(TagTable::application));
        return all;
    }

    @Override
    public void addListener(TagTableListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(TagTableListener listener) {
        listeners.remove(listener);
    }
}
