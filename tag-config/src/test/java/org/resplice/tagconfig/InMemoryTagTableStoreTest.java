package org.resplice.tagconfig;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemoryTagTableStoreTest {

    static TagTable table(String application, TagSet defaultTags) {
        return TagTable.builder(application, Protocol.HTTP)
                .rule(RuleMatch.http("GET", "^/static/"), TagSet.of(true, true, true))
                .defaultTags(defaultTags)
                .build();
    }

    /** Records events as "application=tags" or "application=removed". */
    static final class Recorder implements TagTableListener {
        final List<String> events = new ArrayList<>();

        @Override
        public synchronized void tableChanged(String application, TagTable table) {
            events.add(application + "=" + (table == null ? "removed" : table.defaultTags().toString()));
        }

        synchronized List<String> events() {
            return new ArrayList<>(events);
        }
    }

    @Test
    void putGetListRemove() {
        TagTableStore store = new InMemoryTagTableStore();
        assertTrue(store.get("webmail").isEmpty());
        assertTrue(store.get(null).isEmpty());
        store.put(table("webmail", TagSet.CONSERVATIVE));
        store.put(table("blog", TagSet.CONSERVATIVE));
        store.put(table("Zeta", TagSet.CONSERVATIVE));
        assertEquals(table("webmail", TagSet.CONSERVATIVE), store.get("webmail").orElseThrow());
        List<String> names = new ArrayList<>();
        store.list().forEach(t -> names.add(t.application()));
        assertEquals(List.of("Zeta", "blog", "webmail"), names);
        assertTrue(store.remove("blog"));
        assertFalse(store.remove("blog"));
        assertFalse(store.remove("no such/app"));
        assertEquals(2, store.list().size());
    }

    @Test
    void listenersSeeEveryChangeInOrder() {
        TagTableStore store = new InMemoryTagTableStore();
        Recorder r = new Recorder();
        store.addListener(r);
        TagSet ro = TagSet.of(Tag.READ_ONLY);
        store.put(table("a", TagSet.CONSERVATIVE));
        store.put(table("a", TagSet.CONSERVATIVE)); // equal: no change, no event
        store.put(table("a", ro));
        store.remove("a");
        store.remove("a");                          // nothing to remove: no event
        assertEquals(List.of("a=" + TagSet.CONSERVATIVE, "a=" + ro, "a=removed"), r.events());
        store.removeListener(r);
        store.put(table("b", TagSet.CONSERVATIVE));
        assertEquals(3, r.events().size());
    }

    @Test
    void aFailingListenerDoesNotStopTheChangeOrOtherListeners() {
        TagTableStore store = new InMemoryTagTableStore();
        Recorder r = new Recorder();
        store.addListener((app, t) -> {
            throw new IllegalStateException("listener bug");
        });
        store.addListener(r);
        store.put(table("a", TagSet.CONSERVATIVE));
        assertTrue(store.get("a").isPresent());
        assertEquals(1, r.events().size());
    }
}
