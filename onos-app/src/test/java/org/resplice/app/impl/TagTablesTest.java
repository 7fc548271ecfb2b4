package org.resplice.app.impl;

import org.junit.jupiter.api.Test;
import org.onosproject.store.service.TestStorageService;
import org.resplice.tagconfig.HttpRequestHead;
import org.resplice.tagconfig.InMemoryTagTableStore;
import org.resplice.tagconfig.TagSet;
import org.resplice.tagconfig.TagTable;
import org.resplice.tagconfig.TagTableCodec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TagTableManager over both stores the app can be given. */
class TagTablesTest {

    private static final TagTable WEBMAIL = TagTableCodec.parse("{\"application\": \"webmail\", \"protocol\": \"http\","
            + " \"rules\": [{\"match\": {\"method\": \"GET\", \"path\": \"^/static/\"},"
            + " \"tags\": [\"deterministic\", \"read-only\", \"idempotent\"]}]}");

    private static final HttpRequestHead STATIC_GET = HttpRequestHead.of("GET", "/static/app.js", Set.of());

    @Test
    void managerTagsWithTheCurrentTable() {
        TagTableManager manager = new TagTableManager();
        manager.store = new InMemoryTagTableStore();
        manager.activate();
        assertEquals(TagSet.CONSERVATIVE, manager.tagsFor("webmail", STATIC_GET), "no table: conservative");
        manager.putTable(WEBMAIL);
        assertTrue(manager.tagsFor("webmail", STATIC_GET).readOnly());
        assertTrue(manager.removeTable("webmail"));
        assertEquals(TagSet.CONSERVATIVE, manager.tagsFor("webmail", STATIC_GET));
        assertFalse(manager.removeTable("webmail"));
        manager.deactivate();
    }

    @Test
    void distributedStoreKeepsTablesAndTellsListeners() {
        DistributedTagTableStore store = new DistributedTagTableStore();
        store.storageService = new TestStorageService();
        store.activate();
        List<String> changes = new ArrayList<>();
        store.addListener((application, table) -> changes.add(application + (table == null ? "-" : "+")));

        store.put(WEBMAIL);
        assertEquals(WEBMAIL, store.get("webmail").orElseThrow());
        assertEquals(List.of(WEBMAIL), store.list());
        assertTrue(store.remove("webmail"));
        assertTrue(store.get("webmail").isEmpty());
        assertEquals(List.of("webmail+", "webmail-"), changes);
        assertFalse(store.remove("webmail"));
        store.deactivate();
    }
}
