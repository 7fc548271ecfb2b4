package org.resplice.loggernode.tag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.resplice.splicecore.http.HttpRequestSummary;
import org.resplice.splicecore.imap.ImapRequestSummary;
import org.resplice.splicecore.line.LineRequestSummary;
import org.resplice.splicecore.txn.Protocol;
import org.resplice.tagconfig.HttpRequestHead;
import org.resplice.tagconfig.ImapCommand;
import org.resplice.tagconfig.InMemoryTagTableStore;
import org.resplice.tagconfig.LineCommand;
import org.resplice.tagconfig.TagSet;
import org.resplice.tagconfig.TagTable;
import org.resplice.tagconfig.TagTableCodec;

class TaggerTest {

    static final TagSet READ = TagSet.of(true, true, true);
    static final TagSet LOGIN = TagSet.of(false, false, false);

    private static TagTable webmail(String staticPrefix) {
        return TestTables.webmail(staticPrefix);
    }

    private static TagTable mail() {
        return TestTables.mail();
    }

    private static HttpRequestSummary get(String target) {
        return HttpRequestSummary.of("GET", target, List.of("Host"));
    }

    @Test
    void withoutTableEverythingIsConservative() {
        Tagger tagger = new Tagger();
        assertSame(TagSet.CONSERVATIVE, tagger.tagsFor(get("/static/a.css")));
        assertSame(TagSet.CONSERVATIVE, tagger.tagsFor(ImapRequestSummary.command("a1", "UID FETCH")));
        assertTrue(tagger.table(Protocol.HTTP).isEmpty());
    }

    @Test
    void matchesTheInstalledTableOfTheRequestsProtocol() {
        Tagger tagger = new Tagger();
        tagger.install(webmail("/static/"));
        tagger.install(mail());
        assertEquals(READ, tagger.tagsFor(get("/static/a.css?v=2")));
        assertEquals(LOGIN, tagger.tagsFor(HttpRequestSummary.of("POST", "/login", List.of())));
        assertEquals(TagSet.of(true, false, true), tagger.tagsFor(get("/inbox")), "the table's default");
        assertEquals(READ, tagger.tagsFor(ImapRequestSummary.command("a1", "UID FETCH")));
        assertSame(TagSet.CONSERVATIVE, tagger.tagsFor(ImapRequestSummary.command("a2", "STORE")),
                "the IMAP table has the conservative default");
        assertSame(TagSet.CONSERVATIVE, tagger.tagsFor(LineRequestSummary.of("ls")), "no LINE table");
        assertEquals(2, tagger.tables().size());
    }

    @Test
    void serverInitiatedPseudoTransactionsAreConservative() {
        Tagger tagger = new Tagger();
        tagger.install(TagTableCodec.parse("{\"application\": \"m\", \"protocol\": \"imap\", \"rules\": ["
                + "{\"match\": {}, \"tags\": [\"deterministic\", \"read-only\", \"idempotent\"]}]}"));
        assertEquals(READ, tagger.tagsFor(ImapRequestSummary.command("a1", "NOOP")));
        assertSame(TagSet.CONSERVATIVE, tagger.tagsFor(ImapRequestSummary.greeting()));
        assertSame(TagSet.CONSERVATIVE, tagger.tagsFor(ImapRequestSummary.unsolicited()));
    }

    @Test
    void aSwappedTableAppliesToLaterRequests() {
        Tagger tagger = new Tagger();
        tagger.install(webmail("/static/"));
        TagSet before = tagger.tagsFor(get("/assets/x.js"));
        tagger.install(webmail("/assets/"));
        assertEquals(TagSet.of(true, false, true), before);
        assertEquals(READ, tagger.tagsFor(get("/assets/x.js")));
        assertTrue(tagger.remove(org.resplice.tagconfig.Protocol.HTTP));
        assertFalse(tagger.remove(org.resplice.tagconfig.Protocol.HTTP));
        assertSame(TagSet.CONSERVATIVE, tagger.tagsFor(get("/assets/x.js")));
    }

    @Test
    void followsAStore() {
        InMemoryTagTableStore store = new InMemoryTagTableStore();
        store.put(webmail("/static/"));
        Tagger tagger = Tagger.following(store);
        assertEquals(READ, tagger.tagsFor(get("/static/a")));

        store.put(webmail("/public/"));
        assertEquals(READ, tagger.tagsFor(get("/public/a")));

        store.put(mail());
        store.remove("mail");
        assertTrue(tagger.table(Protocol.IMAP).isEmpty());
        assertEquals("webmail", tagger.table(Protocol.HTTP).orElseThrow().application(),
                "removing another protocol's table leaves HTTP alone");

        store.remove("webmail");
        assertSame(TagSet.CONSERVATIVE, tagger.tagsFor(get("/public/a")));
    }

    @Test
    void removingAnotherApplicationsTableKeepsTheOneInUse() {
        InMemoryTagTableStore store = new InMemoryTagTableStore();
        Tagger tagger = Tagger.following(store);
        store.put(webmail("/static/"));
        store.put(TagTableCodec.parse("{\"application\": \"shop\", \"protocol\": \"http\", \"rules\": []}"));
        assertEquals("shop", tagger.table(Protocol.HTTP).orElseThrow().application(), "last stored wins");
        store.remove("webmail");
        assertEquals("shop", tagger.table(Protocol.HTTP).orElseThrow().application());
    }

    @Test
    void adapterTranslatesEachProtocol() {
        assertEquals(HttpRequestHead.of("GET", "/a/b", "Host", "Cookie"),
                RequestSummaryAdapter.toTagRequest(HttpRequestSummary.of("GET", "/a/b?q=1", List.of("Host", "Cookie"))));
        assertEquals(ImapCommand.of("UID FETCH"),
                RequestSummaryAdapter.toTagRequest(ImapRequestSummary.command("x", "UID FETCH")));
        assertEquals(LineCommand.of("ls"), RequestSummaryAdapter.toTagRequest(LineRequestSummary.of("ls")));
        assertNull(RequestSummaryAdapter.toTagRequest(ImapRequestSummary.greeting()));
        assertNull(RequestSummaryAdapter.toTagRequest(LineRequestSummary.banner()));

        assertEquals("POST", RequestSummaryAdapter.requestKind(HttpRequestSummary.of("POST", "/", List.of())));
        assertEquals("UID FETCH", RequestSummaryAdapter.requestKind(ImapRequestSummary.command("a", "UID FETCH")));
        assertEquals("GREETING", RequestSummaryAdapter.requestKind(ImapRequestSummary.greeting()));
        assertEquals("UNSOLICITED", RequestSummaryAdapter.requestKind(ImapRequestSummary.unsolicited()));
        assertEquals("BANNER", RequestSummaryAdapter.requestKind(LineRequestSummary.banner()));
        assertEquals("ls", RequestSummaryAdapter.requestKind(LineRequestSummary.of("ls")));
    }
}
