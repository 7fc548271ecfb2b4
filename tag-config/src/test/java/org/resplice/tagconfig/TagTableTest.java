package org.resplice.tagconfig;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tables built in code are checked like parsed ones, with the same JSON paths. */
class TagTableTest {

    private static void rejects(Runnable build, String path, String reasonPart) {
        TagTableException e = assertThrows(TagTableException.class, build::run);
        assertEquals(path, e.path(), e::getMessage);
        assertTrue(e.reason().contains(reasonPart), e::getMessage);
    }

    @Test
    void builderMakesAnImmutableValue() {
        TagTable a = TagTable.builder("webmail", Protocol.HTTP)
                .rule(RuleMatch.http("GET", "^/static/"), TagSet.of(Tag.DETERMINISTIC, Tag.READ_ONLY))
                .build();
        TagTable b = TagTable.of("webmail", Protocol.HTTP,
                List.of(TagRule.of(RuleMatch.builder().method("GET").path("^/static/").build(),
                        TagSet.of(true, true, false))), TagSet.CONSERVATIVE);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a.toString(), b.toString());
        assertThrows(UnsupportedOperationException.class, () -> a.rules().add(a.rules().get(0)));
        assertEquals(a, a.toBuilder().build());
        TagTable c = a.toBuilder().rule(RuleMatch.any(), TagSet.of(Tag.IDEMPOTENT)).build();
        assertNotEquals(a, c);
        assertEquals(2, c.rules().size());
        assertEquals(1, a.rules().size());
    }

    @Test
    void inputListChangesDoNotLeakIn() {
        List<TagRule> rules = new ArrayList<>();
        rules.add(TagRule.of(RuleMatch.command("FETCH"), TagSet.CONSERVATIVE));
        TagTable t = TagTable.of("mail", Protocol.IMAP, rules, TagSet.CONSERVATIVE);
        rules.add(TagRule.of(RuleMatch.command("STORE"), TagSet.CONSERVATIVE));
        assertEquals(1, t.rules().size());
    }

    @Test
    void checksTheApplicationName() {
        rejects(() -> TagTable.builder(null, Protocol.HTTP).build(), "$.application", "missing");
        rejects(() -> TagTable.builder("a b", Protocol.HTTP).build(), "$.application", "invalid application name");
        assertTrue(TagTable.isValidApplicationName("webmail"));
        assertTrue(!TagTable.isValidApplicationName("_x"));
    }

    @Test
    void checksFieldsWithPathsOfTheJsonForm() {
        rejects(() -> TagTable.builder("m", Protocol.IMAP)
                        .rule(RuleMatch.command("FETCH"), TagSet.CONSERVATIVE)
                        .rule(RuleMatch.http("GET", null), TagSet.CONSERVATIVE).build(),
                "$.rules[1].match.method", "not a match field for protocol \"imap\"");
        rejects(() -> RuleMatch.http("GET", "(", "Cookie"), "$.path", "invalid regular expression");
        rejects(() -> RuleMatch.http("", null), "$.method", "empty method");
        rejects(() -> RuleMatch.builder().header("A").header("a").build(), "$.headers[1]", "duplicate header");
        rejects(() -> TagTable.builder("s", Protocol.LINE).rule(RuleMatch.command("a b"), TagSet.CONSERVATIVE).build(),
                "$.rules[0].match.command", "one word");
    }

    @Test
    void checksDuplicatesAndTheRuleCap() {
        rejects(() -> TagTable.builder("w", Protocol.HTTP)
                        .rule(RuleMatch.http(null, "^/a"), TagSet.CONSERVATIVE)
                        .rule(RuleMatch.http(null, "^/a"), TagSet.of(Tag.READ_ONLY)).build(),
                "$.rules[1].match", "same match as rule 0");
        TagTable.Builder b = TagTable.builder("w", Protocol.HTTP);
        for (int i = 0; i <= TagTable.MAX_RULES; i++) {
            b.rule(RuleMatch.http(null, "^/" + i + "$"), TagSet.CONSERVATIVE);
        }
        rejects(b::build, "$.rules", "too many rules (1001)");
    }

    @Test
    void ruleMatchValueSemantics() {
        RuleMatch m = RuleMatch.http("GET", "^/a", "Cookie", "X-B");
        assertEquals(m, RuleMatch.builder().method("GET").path("^/a").headers(List.of("Cookie", "X-B")).build());
        assertEquals("{method=\"GET\", path=\"^/a\", headers=[\"Cookie\", \"X-B\"]}", m.toString());
        assertTrue(RuleMatch.any().matchesEverything());
        assertTrue(!m.matchesEverything());
        assertEquals("^/a", m.pathPattern().orElseThrow().pattern());
        assertEquals(List.of("method", "path", "headers"), m.fieldNames());
    }
}
