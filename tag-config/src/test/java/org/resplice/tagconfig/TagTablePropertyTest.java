package org.resplice.tagconfig;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Properties of tables, the codec and the matcher over generated tables and requests. The
 * generators draw from small pools of methods, patterns, headers and commands so that rules
 * overlap and requests often match.
 */
class TagTablePropertyTest {

    // ---- pools ----

    private static final String[] METHODS = {"GET", "POST", "PUT", "get"};
    private static final String[] REQUEST_METHODS = {"GET", "POST", "PUT", "get", "DELETE"};
    private static final String[] PATTERNS = {
        "^/static/", "^/login$", "/api", "\\.css$", "^/$", "a+b", "^/mail/[0-9]+$", "login",
        "^/q\"uote", "\\\\", "^/é"};
    private static final String[] PATHS = {
        "/", "/static/x.css", "/login", "/login/x", "/api/v1", "/x/api", "/mail/12", "/mail/x",
        "/xaab", "/q\"uote", "/back\\slash", "/é/x"};
    private static final String[] QUERIES = {"", "?a=1", "?x=/login", "#top"};
    private static final String[] RULE_HEADERS = {"Cookie", "Authorization", "X-Req", "cookie"};
    private static final String[] REQUEST_HEADERS = {"Cookie", "cookie", "AUTHORIZATION", "x-req", "Host"};
    private static final String[] IMAP_RULE_COMMANDS = {"FETCH", "fetch", "UID FETCH", "uid Fetch", "STORE", "SELECT"};
    private static final String[] IMAP_REQUEST_COMMANDS = {
        "FETCH", "fetch", "UID FETCH", "uid  fetch", " Uid Fetch ", "STORE", "SELECT", "NOOP"};
    private static final String[] LINE_COMMANDS = {"ls", "LS", "cat", "rm"};
    private static final String[] LINE_REQUEST_COMMANDS = {"ls", "LS", "cat", "rm", "lsblk", ""};

    /** A generated request with its raw parts, so the reference needs nothing from the code under test. */
    static final class Req {
        final Protocol protocol;
        final String method;
        final String path;
        final String query;
        final List<String> headers;
        final String command;

        Req(Protocol protocol, String method, String path, String query, List<String> headers, String command) {
            this.protocol = protocol;
            this.method = method;
            this.path = path;
            this.query = query;
            this.headers = headers;
            this.command = command;
        }

        RequestSummary summary() {
            switch (protocol) {
                case HTTP: return HttpRequestHead.of(method, path + query, headers);
                case IMAP: return ImapCommand.of(command);
                default: return LineCommand.of(command);
            }
        }

        @Override
        public String toString() {
            return protocol == Protocol.HTTP ? method + " " + path + query + " " + headers : "'" + command + "'";
        }
    }

    /** A table, some requests of its protocol, and one more rule of that protocol. */
    static final class Case {
        final TagTable table;
        final List<Req> requests;
        final TagRule extra;

        Case(TagTable table, List<Req> requests, TagRule extra) {
            this.table = table;
            this.requests = requests;
            this.extra = extra;
        }

        @Override
        public String toString() {
            return TagTableCodec.encode(table) + " with " + requests + " and extra rule " + extra;
        }
    }

    // ---- reference evaluation: the obvious, slow reading of the rules ----

    static int referenceIndex(TagTable t, Req q) {
        for (int i = 0; i < t.rules().size(); i++) {
            if (referenceMatches(t.rules().get(i).match(), q)) {
                return i;
            }
        }
        return -1;
    }

    static TagSet referenceTags(TagTable t, Req q) {
        int i = referenceIndex(t, q);
        return i < 0 ? t.defaultTags() : t.rules().get(i).tags();
    }

    static boolean referenceMatches(RuleMatch m, Req q) {
        switch (q.protocol) {
            case HTTP:
                if (m.method().isPresent() && !m.method().get().equals(q.method)) {
                    return false;
                }
                if (m.path().isPresent() && !Pattern.compile(m.path().get()).matcher(q.path).find()) {
                    return false;
                }
                for (String h : m.headers()) {
                    if (q.headers.stream().noneMatch(x -> x.equalsIgnoreCase(h))) {
                        return false;
                    }
                }
                return true;
            case IMAP:
                return m.command().map(c -> squeeze(c).equalsIgnoreCase(squeeze(q.command))).orElse(true);
            default:
                return m.command().map(c -> c.equals(q.command)).orElse(true);
        }
    }

    private static String squeeze(String s) {
        return s.trim().replaceAll("\\s+", " ");
    }

    // ---- generators ----

    static Arbitrary<TagSet> tagSets() {
        return Arbitraries.integers().between(0, 7).map(i -> TagSet.of((i & 4) != 0, (i & 2) != 0, (i & 1) != 0));
    }

    static Arbitrary<String> applicationNames() {
        Arbitrary<String> first = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                .withCharRange('0', '9').ofLength(1);
        Arbitrary<String> rest = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                .withCharRange('0', '9').withChars("._-").ofMaxLength(63);
        return Combinators.combine(first, rest).as(String::concat);
    }

    static Arbitrary<RuleMatch> matches(Protocol p) {
        switch (p) {
            case HTTP:
                return Combinators.combine(
                        Arbitraries.of(METHODS).injectNull(0.4),
                        Arbitraries.of(PATTERNS).injectNull(0.4),
                        Arbitraries.of(RULE_HEADERS).list().ofMaxSize(2))
                        .as((method, path, headers) -> RuleMatch.builder().method(method).path(path)
                                .headers(headers).build())
                        .ignoreException(TagTableException.class); // e.g. "Cookie" twice
            case IMAP:
                return Arbitraries.of(IMAP_RULE_COMMANDS).injectNull(0.15)
                        .map(c -> RuleMatch.builder().command(c).build());
            default:
                return Arbitraries.of(LINE_COMMANDS).injectNull(0.15)
                        .map(c -> RuleMatch.builder().command(c).build());
        }
    }

    static Arbitrary<TagRule> rules(Protocol p) {
        return Combinators.combine(matches(p), tagSets()).as(TagRule::of);
    }

    /** Valid tables: candidate rules that would be rejected (duplicates, shadowed) are dropped. */
    static Arbitrary<TagTable> tables(Protocol p) {
        return Combinators.combine(applicationNames(), rules(p).list().ofMaxSize(10), tagSets())
                .as((app, candidates, def) -> {
                    List<TagRule> accepted = new ArrayList<>();
                    for (TagRule r : candidates) {
                        accepted.add(r);
                        try {
                            TagTable.of(app, p, accepted, def);
                        } catch (TagTableException e) {
                            accepted.remove(accepted.size() - 1);
                        }
                    }
                    return TagTable.of(app, p, accepted, def);
                });
    }

    static Arbitrary<Req> requests(Protocol p) {
        switch (p) {
            case HTTP:
                return Combinators.combine(Arbitraries.of(REQUEST_METHODS), Arbitraries.of(PATHS),
                        Arbitraries.of(QUERIES), Arbitraries.of(REQUEST_HEADERS).list().ofMaxSize(3))
                        .as((m, path, q, h) -> new Req(p, m, path, q, h, null));
            case IMAP:
                return Arbitraries.of(IMAP_REQUEST_COMMANDS).map(c -> new Req(p, null, null, null, null, c));
            default:
                return Arbitraries.of(LINE_REQUEST_COMMANDS).map(c -> new Req(p, null, null, null, null, c));
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.of(Protocol.values()).flatMap(p ->
                Combinators.combine(tables(p), requests(p).list().ofMinSize(1).ofMaxSize(8), rules(p))
                        .as(Case::new));
    }

    @Provide
    Arbitrary<TagTable> anyTables() {
        return Arbitraries.of(Protocol.values()).flatMap(TagTablePropertyTest::tables);
    }

    @Provide
    Arbitrary<TagSet> tags() {
        return tagSets();
    }

    // ---- properties ----

    @Property
    void matcherAgreesWithTheReferenceEvaluation(@ForAll("cases") Case c) {
        TagMatcher m = TagMatcher.compile(c.table);
        for (Req q : c.requests) {
            int expected = referenceIndex(c.table, q);
            assertEquals(expected, m.ruleIndexFor(q.summary()), () -> "rule index for " + q);
            assertEquals(referenceTags(c.table, q), m.tagsFor(q.summary()), () -> "tags for " + q);
            Statistics.label("outcome").collect(expected < 0 ? "default" : "rule");
        }
        // The generators must actually exercise rules, not only the default.
        Statistics.label("outcome").coverage(check -> check.check("rule").percentage(pct -> pct > 20));
    }

    @Property
    void encodeThenParseGivesAnEqualTable(@ForAll("anyTables") TagTable t) {
        assertEquals(t, TagTableCodec.parse(TagTableCodec.encode(t)));
        assertEquals(t, TagTableCodec.parse(TagTableCodec.encodePretty(t)));
        assertEquals(t, TagTableCodec.parse(TagTableCodec.toJson(t)));
        assertEquals(TagTableCodec.encode(t), TagTableCodec.encode(TagTableCodec.parse(TagTableCodec.encode(t))));
    }

    @Property
    void aTableWhoseOnlyRuleIsEmptyAlwaysGivesThatRulesTags(@ForAll("cases") Case c, @ForAll("tags") TagSet x) {
        // Every rule after an empty match would be unreachable and is rejected, so an
        // all-empty table has exactly one rule.
        TagTable t = TagTable.builder("t", c.table.protocol()).rule(RuleMatch.any(), x)
                .defaultTags(c.table.defaultTags()).build();
        TagMatcher m = TagMatcher.compile(t);
        for (Req q : c.requests) {
            assertEquals(x, m.tagsFor(q.summary()));
            assertEquals(0, m.ruleIndexFor(q.summary()));
        }
        TagTableException e = assertThrows(TagTableException.class,
                () -> t.toBuilder().rule(RuleMatch.any(), x).build());
        assertEquals("$.rules[1].match", e.path());
    }

    @Property
    void anEmptyMatchAppendedLastActsAsTheDefault(@ForAll("cases") Case c, @ForAll("tags") TagSet x) {
        Assume.that(c.table.rules().stream().noneMatch(r -> r.match().matchesEverything()));
        TagMatcher before = TagMatcher.compile(c.table);
        TagMatcher after = TagMatcher.compile(c.table.toBuilder().rule(RuleMatch.any(), x).build());
        for (Req q : c.requests) {
            int i = before.ruleIndexFor(q.summary());
            assertEquals(i < 0 ? x : before.tagsFor(q.summary()), after.tagsFor(q.summary()));
        }
    }

    @Property
    void appendingARuleNeverChangesEarlierMatches(@ForAll("cases") Case c) {
        TagRule extra = c.extra;
        TagTable extended;
        try {
            extended = c.table.toBuilder().rule(extra).build();
        } catch (TagTableException e) {
            Assume.that(false); // the new rule would be unreachable
            return;
        }
        TagMatcher before = TagMatcher.compile(c.table);
        TagMatcher after = TagMatcher.compile(extended);
        int n = c.table.rules().size();
        for (Req q : c.requests) {
            int i = before.ruleIndexFor(q.summary());
            int j = after.ruleIndexFor(q.summary());
            if (i >= 0) {
                assertEquals(i, j, () -> "request " + q);
                assertEquals(before.tagsFor(q.summary()), after.tagsFor(q.summary()));
            } else {
                assertTrue(j == -1 || j == n, () -> "request " + q + " matched rule " + j);
                assertEquals(j == n ? extra.tags() : c.table.defaultTags(), after.tagsFor(q.summary()));
            }
        }
    }

    @Property
    void unknownTagNamesAreRejectedAtTheirPath(@ForAll String name, @ForAll("tags") TagSet before) {
        Assume.that(Tag.fromJsonName(name).isEmpty());
        // Tags of the same dimension before the unknown one would be reported first.
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("application", "a").put("protocol", "http");
        ObjectNode rule = root.putArray("rules").addObject();
        rule.putObject("match");
        rule.putArray("tags").add(before.tags().get(0).jsonName()).add(name);
        TagTableException e = assertThrows(TagTableException.class, () -> TagTableCodec.parse(root));
        assertEquals("$.rules[0].tags[1]", e.path());
        assertTrue(e.reason().startsWith("unknown tag \""), e.reason());
        assertTrue(e.reason().endsWith(Tag.ALL_JSON_NAMES), e.reason());
    }

    @Property
    void aTagListGivesItsTagsAndConservativeTagsForTheRest(@ForAll("tagSubsets") List<Tag> given) {
        TagSet s = TagSet.of(given);
        Map<Tag.Dimension, Tag> byDimension = new EnumMap<>(Tag.Dimension.class);
        for (Tag t : given) {
            byDimension.put(t.dimension(), t);
        }
        for (Tag.Dimension d : Tag.Dimension.values()) {
            Tag expected = byDimension.get(d);
            Tag actual = s.tags().get(d.ordinal());
            if (expected != null) {
                assertEquals(expected, actual);
            } else {
                assertTrue(actual.isConservative(), () -> d + " should be conservative in " + s);
            }
        }
        // Parsing the same list gives the same set.
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("application", "a").put("protocol", "line").putArray("rules");
        ArrayNode def = root.putArray("default");
        given.forEach(t -> def.add(t.jsonName()));
        assertEquals(s, TagTableCodec.parse(root).defaultTags());
    }

    @Provide
    Arbitrary<List<Tag>> tagSubsets() {
        // One optional tag per dimension, in random order.
        return Combinators.combine(
                Arbitraries.of(Tag.DETERMINISTIC, Tag.NON_DETERMINISTIC).injectNull(0.4),
                Arbitraries.of(Tag.READ_ONLY, Tag.UPDATE).injectNull(0.4),
                Arbitraries.of(Tag.IDEMPOTENT, Tag.NON_IDEMPOTENT).injectNull(0.4))
                .as((a, b, c) -> {
                    List<Tag> l = new ArrayList<>();
                    for (Tag t : new Tag[] {a, b, c}) {
                        if (t != null) {
                            l.add(t);
                        }
                    }
                    return l;
                })
                .flatMap(l -> Arbitraries.shuffle(l));
    }

    @Property(tries = 200)
    void applicationNamesAreAcceptedExactlyWhenTheyFitTheNamePattern(@ForAll String name) {
        boolean valid = name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
        if (valid) {
            assertEquals(name, TagTable.builder(name, Protocol.HTTP).build().application());
        } else {
            assertThrows(TagTableException.class, () -> TagTable.builder(name, Protocol.HTTP).build());
        }
    }
}
