package org.resplice.tagconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.resplice.tagconfig.Json.j;

class TagTableCodecTest {

    static final String EXAMPLE = j("{'application': 'webmail', 'protocol': 'http',"
            + " 'rules': ["
            + "  {'match': {'method': 'GET', 'path': '^/static/'}, 'tags': ['deterministic', 'read-only', 'idempotent']},"
            + "  {'match': {'method': 'POST', 'path': '^/login$', 'headers': ['Cookie']},"
            + "   'tags': ['non-deterministic', 'update', 'non-idempotent']}"
            + " ],"
            + " 'default': ['non-deterministic', 'update', 'non-idempotent']}");

    /** An HTTP table with the given rules, for rejection tests. */
    static String http(String rules) {
        return j("{'application': 'webmail', 'protocol': 'http', 'rules': [" + rules + "]}");
    }

    static String imap(String rules) {
        return j("{'application': 'mail', 'protocol': 'imap', 'rules': [" + rules + "]}");
    }

    static String line(String rules) {
        return j("{'application': 'shell', 'protocol': 'line', 'rules': [" + rules + "]}");
    }

    static TagTableException rejects(String json, String path, String reasonPart) {
        TagTableException e = assertThrows(TagTableException.class, () -> TagTableCodec.parse(json),
                () -> "accepted " + json);
        assertEquals(path, e.path(), e::getMessage);
        assertTrue(e.reason().contains(reasonPart),
                () -> "reason \"" + e.reason() + "\" lacks \"" + reasonPart + "\"");
        assertEquals(path + ": " + e.reason(), e.getMessage());
        return e;
    }

    // ---- parsing and round trip ----

    @Test
    void parsesTheDesignExample() {
        TagTable t = TagTableCodec.parse(EXAMPLE);
        TagTable expected = TagTable.builder("webmail", Protocol.HTTP)
                .rule(RuleMatch.http("GET", "^/static/"), TagSet.of(true, true, true))
                .rule(RuleMatch.http("POST", "^/login$", "Cookie"), TagSet.CONSERVATIVE)
                .defaultTags(TagSet.CONSERVATIVE)
                .build();
        assertEquals(expected, t);
        assertEquals("webmail", t.application());
        assertEquals(Protocol.HTTP, t.protocol());
        assertEquals(2, t.rules().size());
        assertEquals(List.of("Cookie"), t.rules().get(1).match().headers());
        assertEquals("^/login$", t.rules().get(1).match().path().orElseThrow());
    }

    @Test
    void roundTripIsStable() {
        TagTable t = TagTableCodec.parse(EXAMPLE);
        String compact = TagTableCodec.encode(t);
        assertEquals(t, TagTableCodec.parse(compact));
        assertEquals(compact, TagTableCodec.encode(TagTableCodec.parse(compact)));
        assertEquals(t, TagTableCodec.parse(TagTableCodec.encodePretty(t)));
        assertEquals(t, TagTableCodec.parse(TagTableCodec.toJson(t)));
        assertEquals(t, TagTableCodec.parse(compact.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void encodesEveryFieldExplicitlyInAFixedShape() throws Exception {
        TagTable t = TagTableCodec.parse(j("{'protocol': 'http', 'application': 'a', 'rules': ["
                + "{'tags': ['read-only'], 'match': {'headers': ['X-A'], 'path': 'p', 'method': 'GET'}}]}"));
        assertEquals(j("{'application':'a','protocol':'http','rules':[{'match':{'method':'GET','path':'p',"
                + "'headers':['X-A']},'tags':['non-deterministic','read-only','non-idempotent']}],"
                + "'default':['non-deterministic','update','non-idempotent']}"), TagTableCodec.encode(t));
        JsonNode pretty = new ObjectMapper().readTree(TagTableCodec.encodePretty(t));
        assertEquals(TagTableCodec.toJson(t), pretty);
    }

    @Test
    void defaultMayBeOmittedAndIsThenConservative() {
        TagTable t = TagTableCodec.parse(http(""));
        assertEquals(TagSet.CONSERVATIVE, t.defaultTags());
        assertTrue(t.rules().isEmpty());
    }

    @Test
    void missingDimensionsInATagListAreConservative() {
        TagTable t = TagTableCodec.parse(j("{'application': 'a', 'protocol': 'http', 'rules': ["
                + "{'match': {}, 'tags': ['read-only']}], 'default': ['idempotent']}"));
        assertEquals(TagSet.of(false, true, false), t.rules().get(0).tags());
        assertEquals(TagSet.of(false, false, true), t.defaultTags());
        TagTable empty = TagTableCodec.parse(http("{'match': {}, 'tags': []}"));
        assertEquals(TagSet.CONSERVATIVE, empty.rules().get(0).tags());
    }

    @Test
    void emptyHeaderListIsTheSameAsNone() {
        TagTable a = TagTableCodec.parse(http("{'match': {'method': 'GET', 'headers': []}, 'tags': []}"));
        TagTable b = TagTableCodec.parse(http("{'match': {'method': 'GET'}, 'tags': []}"));
        assertEquals(b, a);
    }

    @Test
    void parsesImapAndLineTables() {
        TagTable imap = TagTableCodec.parse(imap("{'match': {'command': 'UID FETCH'}, 'tags': ['deterministic']},"
                + "{'match': {'command': 'fetch'}, 'tags': ['read-only']}"));
        assertEquals("UID FETCH", imap.rules().get(0).match().command().orElseThrow());
        TagTable line = TagTableCodec.parse(line("{'match': {'command': 'ls'}, 'tags': ['read-only']},"
                + "{'match': {'command': 'LS'}, 'tags': []}"));
        assertEquals(2, line.rules().size());
        assertEquals(imap, TagTableCodec.parse(TagTableCodec.encode(imap)));
        assertEquals(line, TagTableCodec.parse(TagTableCodec.encode(line)));
    }

    // ---- rejections: document ----

    @Test
    void rejectsTextThatIsNotJson() {
        TagTableException e = rejects("{\"application\": ", "$", "not valid JSON");
        assertNotNull(e.getCause());
        rejects(EXAMPLE + " {}", "$", "not valid JSON");
        rejects("", "$", "empty document");
        rejects("   ", "$", "empty document");
    }

    @Test
    void rejectsDocumentsThatAreNotObjects() {
        rejects("[]", "$", "must be a JSON object");
        rejects("\"webmail\"", "$", "not a string");
        rejects("null", "$", "not null");
    }

    @Test
    void rejectsDuplicateKeys() {
        rejects(j("{'application': 'a', 'application': 'b', 'protocol': 'http', 'rules': []}"),
                "$", "Duplicate field 'application'");
    }

    @Test
    void rejectsUnknownTopLevelKeysByName() {
        rejects(j("{'application': 'a', 'protocol': 'http', 'rules': [], 'defaults': []}"),
                "$.defaults", "unknown key \"defaults\"; a tag table has the keys application, protocol, rules, default");
        rejects(j("{'application': 'a', 'protocol': 'http', 'rules': [], 'a b': 1}"),
                "$['a b']", "unknown key \"a b\"");
    }

    // ---- application ----

    @Test
    void rejectsMissingOrBlankApplication() {
        rejects(j("{'protocol': 'http', 'rules': []}"), "$.application", "missing \"application\"");
        rejects(j("{'application': '', 'protocol': 'http', 'rules': []}"), "$.application", "blank");
        rejects(j("{'application': '  ', 'protocol': 'http', 'rules': []}"), "$.application", "blank");
        rejects(j("{'application': 7, 'protocol': 'http', 'rules': []}"), "$.application",
                "must be a string, not a number");
    }

    @Test
    void rejectsApplicationNamesUnfitForFilesAndUrls() {
        for (String bad : List.of("web mail", "../etc", ".hidden", "-x", "a/b", "wébmail", "a".repeat(65))) {
            rejects(j("{'application': '" + bad + "', 'protocol': 'http', 'rules': []}"), "$.application",
                    "invalid application name");
        }
        TagTableCodec.parse(j("{'application': '" + "a".repeat(64) + "', 'protocol': 'http', 'rules': []}"));
        TagTableCodec.parse(j("{'application': 'Web_mail-2.0', 'protocol': 'http', 'rules': []}"));
    }

    // ---- protocol ----

    @Test
    void rejectsMissingOrUnknownProtocol() {
        rejects(j("{'application': 'a', 'rules': []}"), "$.protocol", "missing \"protocol\"; use one of http, imap, line");
        rejects(j("{'application': 'a', 'protocol': 'ftp', 'rules': []}"), "$.protocol",
                "unknown protocol \"ftp\"; use one of http, imap, line");
        rejects(j("{'application': 'a', 'protocol': 'HTTP', 'rules': []}"), "$.protocol", "unknown protocol \"HTTP\"");
        rejects(j("{'application': 'a', 'protocol': ['http'], 'rules': []}"), "$.protocol", "must be a string");
    }

    // ---- rules ----

    @Test
    void rejectsRulesThatAreNotAnArray() {
        rejects(j("{'application': 'a', 'protocol': 'http', 'rules': {}}"), "$.rules", "must be an array");
        rejects(j("{'application': 'a', 'protocol': 'http'}"), "$.rules", "missing \"rules\"");
        rejects(http("[]"), "$.rules[0]", "a rule must be an object");
    }

    @Test
    void rejectsMalformedRules() {
        rejects(http("{'match': {}, 'tags': [], 'comment': 'x'}"), "$.rules[0].comment",
                "unknown key \"comment\"; a rule has the keys match, tags");
        rejects(http("{'tags': []}"), "$.rules[0].match", "missing \"match\"");
        rejects(http("{'match': {}}"), "$.rules[0].tags", "missing \"tags\"");
        rejects(http("{'match': 'GET', 'tags': []}"), "$.rules[0].match", "must be an object");
        rejects(http("{'match': {}, 'tags': 'read-only'}"), "$.rules[0].tags", "must be an array");
    }

    @Test
    void rejectsUnknownMatchKeysByName() {
        rejects(http("{'match': {'verb': 'GET'}, 'tags': []}"), "$.rules[0].match.verb",
                "unknown match key \"verb\"; http rules match on method, path, headers");
        rejects(imap("{'match': {'cmd': 'FETCH'}, 'tags': []}"), "$.rules[0].match.cmd",
                "unknown match key \"cmd\"; imap rules match on command");
    }

    @Test
    void rejectsMatchFieldsOfAnotherProtocol() {
        rejects(imap("{'match': {'method': 'GET'}, 'tags': []}"), "$.rules[0].match.method",
                "\"method\" is not a match field for protocol \"imap\"; imap rules match on command");
        rejects(http("{'match': {'command': 'GET'}, 'tags': []}"), "$.rules[0].match.command",
                "\"command\" is not a match field for protocol \"http\"; http rules match on method, path, headers");
        rejects(line("{'match': {'path': '^/'}, 'tags': []}"), "$.rules[0].match.path",
                "not a match field for protocol \"line\"");
        rejects(line("{'match': {'headers': 5}, 'tags': []}"), "$.rules[0].match.headers",
                "not a match field for protocol \"line\"");
    }

    // ---- tags ----

    @Test
    void rejectsUnknownTagWithTheExactMessage() {
        TagTableException e = rejects(http("{'match': {'method': 'GET'}, 'tags': []},"
                + "{'match': {'method': 'PUT'}, 'tags': ['fast']}"), "$.rules[1].tags[0]", "unknown tag");
        assertEquals("$.rules[1].tags[0]: unknown tag \"fast\"; use one of deterministic, non-deterministic,"
                + " read-only, update, idempotent, non-idempotent", e.getMessage());
        rejects(http("{'match': {}, 'tags': ['Read-Only']}"), "$.rules[0].tags[0]", "unknown tag \"Read-Only\"");
        rejects(http("{'match': {}, 'tags': [3]}"), "$.rules[0].tags[0]", "a tag must be a string");
    }

    @Test
    void rejectsContradictoryTags() {
        rejects(http("{'match': {}, 'tags': ['deterministic', 'read-only', 'non-deterministic']}"),
                "$.rules[0].tags[2]", "\"non-deterministic\" contradicts \"deterministic\" at index 0; keep exactly one");
        rejects(http("{'match': {}, 'tags': ['update', 'read-only']}"), "$.rules[0].tags[1]", "contradicts \"update\"");
        rejects(http("{'match': {}, 'tags': ['idempotent', 'non-idempotent']}"), "$.rules[0].tags[1]", "contradicts");
    }

    @Test
    void rejectsDuplicateTags() {
        rejects(http("{'match': {}, 'tags': ['read-only', 'read-only']}"), "$.rules[0].tags[1]",
                "duplicate tag \"read-only\" (also at index 0)");
    }

    @Test
    void rejectsBadDefault() {
        rejects(j("{'application': 'a', 'protocol': 'http', 'rules': [], 'default': ['slow']}"),
                "$.default[0]", "unknown tag \"slow\"");
        rejects(j("{'application': 'a', 'protocol': 'http', 'rules': [], 'default': null}"),
                "$.default", "not null");
        rejects(j("{'application': 'a', 'protocol': 'http', 'rules': [], 'default': ['update', 'update']}"),
                "$.default[1]", "duplicate tag");
    }

    // ---- match fields ----

    @Test
    void rejectsBadRegexWithTheSyntaxErrorDescription() {
        String description = null;
        try {
            Pattern.compile("^/a(");
        } catch (PatternSyntaxException e) {
            description = e.getDescription();
        }
        assertNotNull(description);
        TagTableException e = rejects(http("{'match': {'path': '^/a('}, 'tags': []}"), "$.rules[0].match.path",
                "invalid regular expression \"^/a(\": " + description);
        assertTrue(e.getCause() instanceof PatternSyntaxException);
        rejects(http("{'match': {'path': '['}, 'tags': []}"), "$.rules[0].match.path", "Unclosed character class");
        rejects(http("{'match': {'path': ''}, 'tags': []}"), "$.rules[0].match.path", "empty path pattern");
        rejects(http("{'match': {'path': 1}, 'tags': []}"), "$.rules[0].match.path", "must be a string");
    }

    @Test
    void rejectsEmptyOrMalformedMethod() {
        rejects(http("{'match': {'method': ''}, 'tags': []}"), "$.rules[0].match.method", "empty method");
        rejects(http("{'match': {'method': 'GET '}, 'tags': []}"), "$.rules[0].match.method", "invalid method \"GET \"");
        rejects(http("{'match': {'method': null}, 'tags': []}"), "$.rules[0].match.method", "must be a string, not null");
    }

    @Test
    void rejectsMalformedHeaders() {
        rejects(http("{'match': {'headers': 'Cookie'}, 'tags': []}"), "$.rules[0].match.headers", "must be an array");
        rejects(http("{'match': {'headers': ['Cookie', 2]}, 'tags': []}"), "$.rules[0].match.headers[1]",
                "a header name must be a string");
        rejects(http("{'match': {'headers': ['Cookie:']}, 'tags': []}"), "$.rules[0].match.headers[0]",
                "invalid header name \"Cookie:\"");
        rejects(http("{'match': {'headers': ['']}, 'tags': []}"), "$.rules[0].match.headers[0]", "empty header name");
        rejects(http("{'match': {'headers': ['Cookie', 'cookie']}, 'tags': []}"), "$.rules[0].match.headers[1]",
                "duplicate header \"cookie\" (same as index 0");
    }

    @Test
    void rejectsMalformedCommands() {
        rejects(imap("{'match': {'command': 'UID  FETCH'}, 'tags': []}"), "$.rules[0].match.command",
                "invalid IMAP command");
        rejects(imap("{'match': {'command': 'A B C'}, 'tags': []}"), "$.rules[0].match.command", "invalid IMAP command");
        rejects(imap("{'match': {'command': 'FETCH('}, 'tags': []}"), "$.rules[0].match.command", "invalid IMAP command");
        rejects(imap("{'match': {'command': ' FETCH'}, 'tags': []}"), "$.rules[0].match.command",
                "leading or trailing whitespace");
        rejects(imap("{'match': {'command': ''}, 'tags': []}"), "$.rules[0].match.command", "empty command");
        rejects(line("{'match': {'command': 'git push'}, 'tags': []}"), "$.rules[0].match.command", "one word");
        rejects(line("{'match': {'command': 'a\\u0000b'}, 'tags': []}"), "$.rules[0].match.command",
                "control character");
    }

    // ---- duplicates, shadowing, size ----

    @Test
    void rejectsDuplicateRuleNamingTheEarlierIndex() {
        rejects(http("{'match': {'method': 'GET', 'path': '^/a'}, 'tags': []},"
                        + "{'match': {'method': 'POST'}, 'tags': []},"
                        + "{'match': {'path': '^/a', 'method': 'GET'}, 'tags': ['read-only']}"),
                "$.rules[2].match", "duplicate rule: same match as rule 0");
        rejects(http("{'match': {'headers': ['A', 'B']}, 'tags': []}, {'match': {'headers': ['b', 'a']}, 'tags': []}"),
                "$.rules[1].match", "same match as rule 0");
        rejects(http("{'match': {}, 'tags': []}, {'match': {}, 'tags': ['read-only']}"),
                "$.rules[1].match", "same match as rule 0");
        rejects(imap("{'match': {'command': 'uid fetch'}, 'tags': []}, {'match': {'command': 'UID FETCH'}, 'tags': []}"),
                "$.rules[1].match", "same match as rule 0");
    }

    @Test
    void lineCommandsAndMethodsAreCaseSensitiveSoCaseVariantsAreNotDuplicates() {
        TagTableCodec.parse(line("{'match': {'command': 'ls'}, 'tags': []}, {'match': {'command': 'LS'}, 'tags': []}"));
        TagTableCodec.parse(http("{'match': {'method': 'get'}, 'tags': []}, {'match': {'method': 'GET'}, 'tags': []}"));
    }

    @Test
    void rejectsRulesShadowedByAnEarlierBroaderRule() {
        rejects(http("{'match': {'method': 'GET'}, 'tags': []},"
                        + "{'match': {'method': 'GET', 'path': '^/x'}, 'tags': ['read-only']}"),
                "$.rules[1].match", "rule 0 {method=\"GET\"} matches every request this rule matches");
        rejects(http("{'match': {}, 'tags': []}, {'match': {'method': 'GET'}, 'tags': []}"),
                "$.rules[1].match", "can never fire");
        rejects(http("{'match': {'headers': ['Cookie']}, 'tags': []},"
                        + "{'match': {'headers': ['X-A', 'COOKIE']}, 'tags': []}"),
                "$.rules[1].match", "rule 0");
        rejects(imap("{'match': {}, 'tags': []}, {'match': {'command': 'FETCH'}, 'tags': []}"),
                "$.rules[1].match", "rule 0");
        // The narrower rule first is fine.
        TagTableCodec.parse(http("{'match': {'method': 'GET', 'path': '^/x'}, 'tags': ['read-only']},"
                + "{'match': {'method': 'GET'}, 'tags': []}, {'match': {}, 'tags': []}"));
        TagTableCodec.parse(http("{'match': {'headers': ['Cookie', 'X-A']}, 'tags': []},"
                + "{'match': {'headers': ['cookie']}, 'tags': []}"));
        // Different patterns are never compared for overlap, even when one implies the other.
        TagTableCodec.parse(http("{'match': {'path': '^/'}, 'tags': []}, {'match': {'path': '^/x'}, 'tags': []}"));
    }

    @Test
    void rejectsTooManyRules() {
        StringBuilder rules = new StringBuilder();
        for (int i = 0; i < TagTable.MAX_RULES + 1; i++) {
            rules.append(i > 0 ? "," : "").append("{'match': {'path': '^/p").append(i).append("$'}, 'tags': []}");
        }
        rejects(http(rules.toString()), "$.rules", "too many rules (1001); a table holds at most 1000 rules");
        String exactlyMax = http(rules.substring(0, rules.lastIndexOf(",{")));
        assertEquals(TagTable.MAX_RULES, TagTableCodec.parse(exactlyMax).rules().size());
    }

    @Test
    void reportsTheFirstProblemInDocumentOrder() {
        rejects(http("{'match': {'method': 'GET'}, 'tags': ['fast']}, {'match': {'path': '('}, 'tags': []}"),
                "$.rules[0].tags[0]", "unknown tag");
        assertFalse(TagTableCodec.encode(TagTableCodec.parse(EXAMPLE)).contains("\n"));
    }
}
