package org.resplice.app.impl;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.resplice.app.api.TagTableService;
import org.resplice.tagconfig.RequestSummary;
import org.resplice.tagconfig.TagMatcher;
import org.resplice.tagconfig.TagSet;
import org.resplice.tagconfig.TagTable;
import org.resplice.tagconfig.TagTableListener;
import org.resplice.tagconfig.TagTableStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tag tables over a {@link TagTableStore} (distributed in ONOS, a directory of JSON files in the
 * embedded runtime), with one compiled matcher per application kept current by store events.
 */
@Component(immediate = true, service = TagTableService.class)
public class TagTableManager implements TagTableService {

    private final Logger log = LoggerFactory.getLogger(getClass());

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected TagTableStore store;

    private final Map<String, TagMatcher> matchers = new ConcurrentHashMap<>();
    private final TagTableListener storeListener = this::tableChanged;

    @Activate
    protected void activate() {
        store.addListener(storeListener);
        for (TagTable table : store.list()) {
            matchers.put(table.application(), TagMatcher.compile(table));
        }
        log.info("Started with {} tag tables", matchers.size());
    }

    @Deactivate
    protected void deactivate() {
        store.removeListener(storeListener);
        matchers.clear();
        log.info("Stopped");
    }

    private void tableChanged(String application, TagTable table) {
        if (table == null) {
            matchers.remove(application);
        } else {
            matchers.put(application, TagMatcher.compile(table));
        }
    }

    @Override
    public List<TagTable> getTables() {
        return store.list();
    }

    @Override
    public Optional<TagTable> getTable(String application) {
        return store.get(application);
    }

    @Override
    public void putTable(TagTable table) {
        store.put(table);
    }

    @Override
    public boolean removeTable(String application) {
        return store.remove(application);
    }

    @Override
    public TagSet tagsFor(String application, RequestSummary request) {
        TagMatcher matcher = matchers.get(application);
        return matcher == null ? TagSet.CONSERVATIVE : matcher.tagsFor(request);
    }
}
