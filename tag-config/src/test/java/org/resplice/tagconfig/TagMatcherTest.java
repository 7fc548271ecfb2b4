package org.resplice.tagconfig;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TagMatcherTest {

    private static final TagSet STATIC = TagSet.of(true, true, true);
    private static final TagSet LOGIN = TagSet.of(false, false, false);
    private static final TagSet GET = TagSet.of(false, true, true);
    private static final TagSet DEFAULT = TagSet.of(true, false, false);

    private static final TagMatcher WEBMAIL = TagMatcher.compile(TagTable.builder("webmail", Protocol.HTTP)
            .rule(RuleMatch.http("GET", "^/static/"), STATIC)
            .rule(RuleMatch.http("POST", "^/login$", "Cookie"), LOGIN)
            .rule(RuleMatch.http("GET", null), GET)
            .defaultTags(DEFAULT)
            .build());

    private static HttpRequestHead req(String method, String target, String... headers) {
        return HttpRequestHead.of(method, target, headers);
    }

    @Test
    void firstMatchingRuleWins() {
        // GET /static/x matches rules 0 and 2; rule 0 comes first.
        assertEquals(0, WEBMAIL.ruleIndexFor(req("GET", "/static/app.css")));
        assertEquals(STATIC, WEBMAIL.tagsFor(req("GET", "/static/app.css")));
        assertEquals(2, WEBMAIL.ruleIndexFor(req("GET", "/inbox")));
        assertEquals(GET, WEBMAIL.tagsFor(req("GET", "/inbox")));
    }

    @Test
    void orderDecidesBetweenOverlappingRules() {
        TagTable a = TagTable.builder("a", Protocol.HTTP)
                .rule(RuleMatch.http(null, "^/x"), STATIC)
                .rule(RuleMatch.http("GET", null), GET).build();
        TagTable b = TagTable.builder("a", Protocol.HTTP)
                .rule(RuleMatch.http("GET", null), GET)
                .rule(RuleMatch.http(null, "^/x"), STATIC).build();
        HttpRequestHead r = req("GET", "/x");
        assertEquals(STATIC, TagMatcher.compile(a).tagsFor(r));
        assertEquals(GET, TagMatcher.compile(b).tagsFor(r));
    }

    @Test
    void unmatchedRequestsGetTheDefault() {
        assertEquals(-1, WEBMAIL.ruleIndexFor(req("DELETE", "/static/x")));
        assertEquals(DEFAULT, WEBMAIL.tagsFor(req("DELETE", "/static/x")));
        TagMatcher empty = TagMatcher.compile(TagTable.builder("e", Protocol.HTTP).build());
        assertEquals(TagSet.CONSERVATIVE, empty.tagsFor(req("GET", "/")));
    }

    @Test
    void methodIsCaseSensitive() {
        assertEquals(DEFAULT, WEBMAIL.tagsFor(req("get", "/inbox")));
    }

    @Test
    void requiredHeadersArePresenceCheckedCaseInsensitively() {
        assertEquals(LOGIN, WEBMAIL.tagsFor(req("POST", "/login", "Host", "Cookie")));
        assertEquals(LOGIN, WEBMAIL.tagsFor(req("POST", "/login", "cookie")));
        assertEquals(LOGIN, WEBMAIL.tagsFor(req("POST", "/login", "COOKIE")));
        assertEquals(DEFAULT, WEBMAIL.tagsFor(req("POST", "/login", "Host", "Cookie2", "Set-Cookie")));
        assertEquals(DEFAULT, WEBMAIL.tagsFor(req("POST", "/login")));
        TagMatcher both = TagMatcher.compile(TagTable.builder("b", Protocol.HTTP)
                .rule(RuleMatch.http(null, null, "x-a", "X-B"), STATIC).build());
        assertEquals(STATIC, both.tagsFor(req("PUT", "/", "X-A", "x-b")));
        assertEquals(TagSet.CONSERVATIVE, both.tagsFor(req("PUT", "/", "X-A")));
    }

    @Test
    void pathUsesFindSemanticsOnThePathOnly() {
        TagMatcher m = TagMatcher.compile(TagTable.builder("f", Protocol.HTTP)
                .rule(RuleMatch.http(null, "\\.css"), STATIC)
                .rule(RuleMatch.http(null, "^/api$"), GET)
                .rule(RuleMatch.http(null, "q=1"), LOGIN)
                .build());
        assertEquals(STATIC, m.tagsFor(req("GET", "/a/b/site.css")));
        assertEquals(STATIC, m.tagsFor(req("GET", "/a/site.css.map")));     // unanchored: found inside
        assertEquals(GET, m.tagsFor(req("GET", "/api")));
        assertEquals(GET, m.tagsFor(req("GET", "/api?x=y")));                // query is not part of the path
        assertEquals(TagSet.CONSERVATIVE, m.tagsFor(req("GET", "/api/v1")));   // anchored
        assertEquals(TagSet.CONSERVATIVE, m.tagsFor(req("GET", "/x?q=1")));    // query is not searched
        assertEquals(GET, m.tagsFor(req("GET", "http://example.org/api?x")));  // absolute form
    }

    @Test
    void imapCommandsMatchCaseInsensitively() {
        TagMatcher m = TagMatcher.compile(TagTable.builder("mail", Protocol.IMAP)
                .rule(RuleMatch.command("uid fetch"), STATIC)
                .rule(RuleMatch.command("FETCH"), GET)
                .rule(RuleMatch.command("Store"), LOGIN)
                .build());
        assertEquals(STATIC, m.tagsFor(ImapCommand.of("UID FETCH")));
        assertEquals(STATIC, m.tagsFor(ImapCommand.of("Uid  Fetch")));
        assertEquals(STATIC, m.tagsFor(ImapCommand.fromRequestLine("a1 uid fetch 1:* (FLAGS)")));
        assertEquals(GET, m.tagsFor(ImapCommand.of("fetch")));
        assertEquals(GET, m.tagsFor(ImapCommand.fromRequestLine("a2 FETCH 1 BODY[]")));
        assertEquals(LOGIN, m.tagsFor(ImapCommand.of("STORE")));
        assertEquals(TagSet.CONSERVATIVE, m.tagsFor(ImapCommand.of("UID STORE")));
        assertEquals(TagSet.CONSERVATIVE, m.tagsFor(ImapCommand.of("SELECT")));
    }

    @Test
    void lineCommandsMatchTheFirstWordCaseSensitively() {
        TagMatcher m = TagMatcher.compile(TagTable.builder("shell", Protocol.LINE)
                .rule(RuleMatch.command("ls"), GET)
                .rule(RuleMatch.any(), LOGIN)
                .build());
        assertEquals(GET, m.tagsFor(LineCommand.of("ls")));
        assertEquals(GET, m.tagsFor(LineCommand.fromLine("  ls -l /tmp\n")));
        assertEquals(LOGIN, m.tagsFor(LineCommand.fromLine("LS")));
        assertEquals(LOGIN, m.tagsFor(LineCommand.fromLine("lsblk")));
        assertEquals(LOGIN, m.tagsFor(LineCommand.fromLine("")));
    }

    @Test
    void rejectsRequestsOfAnotherProtocol() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WEBMAIL.tagsFor(ImapCommand.of("FETCH")));
        assertTrue(e.getMessage().contains("imap request"), e.getMessage());
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        if (!STATIC.equals(WEBMAIL.tagsFor(req("GET", "/static/" + i)))
                                || !DEFAULT.equals(WEBMAIL.tagsFor(req("PUT", "/static/" + i)))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
