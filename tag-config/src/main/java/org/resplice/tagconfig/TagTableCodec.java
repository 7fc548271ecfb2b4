package org.resplice.tagconfig;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads and writes tag tables in their JSON form:
 * <pre>
 * {"application": "webmail", "protocol": "http",
 *  "rules": [
 *    {"match": {"method": "GET", "path": "^/static/"}, "tags": ["deterministic", "read-only", "idempotent"]},
 *    {"match": {"method": "POST", "path": "^/login$", "headers": ["Cookie"]}, "tags": ["update"]}
 *  ],
 *  "default": ["non-deterministic", "update", "non-idempotent"]}
 * </pre>
 * {@code default} may be left out (conservative); a tag list may leave out a dimension, which
 * then takes its conservative tag. Parsing checks everything and throws
 * {@link TagTableException} naming the JSON path of the first problem. Encoding writes every
 * field explicitly; {@code parse(encode(t))} equals {@code t}. Thread-safe.
 */
public final class TagTableCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ObjectWriter COMPACT = MAPPER.writer();
    private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    private static final Set<String> TABLE_KEYS = Set.of(
            TagTable.APPLICATION, TagTable.PROTOCOL, TagTable.RULES, TagTable.DEFAULT);
    private static final String TABLE_KEY_LIST = "application, protocol, rules, default";
    private static final Set<String> RULE_KEYS = Set.of(TagTable.MATCH, TagTable.TAGS);
    private static final Set<String> MATCH_KEYS = Set.of(
            RuleMatch.METHOD, RuleMatch.PATH, RuleMatch.HEADERS, RuleMatch.COMMAND);

    private TagTableCodec() {
    }

    /** @throws TagTableException if {@code json} is not a valid tag table */
    public static TagTable parse(String json) {
        Objects.requireNonNull(json, "json");
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw notJson(e);
        }
        return parseDocument(node);
    }

    /** @param json UTF-8 (or UTF-16/32 with BOM) JSON text
     *  @throws TagTableException if {@code json} is not a valid tag table */
    public static TagTable parse(byte[] json) {
        Objects.requireNonNull(json, "json");
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw notJson(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen when reading from a byte array
        }
        return parseDocument(node);
    }

    /** @throws TagTableException if {@code node} is not a valid tag table */
    public static TagTable parse(JsonNode node) {
        Objects.requireNonNull(node, "node");
        return parseDocument(node);
    }

    /** The JSON form of the table, with every field written explicitly. */
    public static ObjectNode toJson(TagTable table) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put(TagTable.APPLICATION, table.application());
        root.put(TagTable.PROTOCOL, table.protocol().jsonName());
        ArrayNode rules = root.putArray(TagTable.RULES);
        for (TagRule rule : table.rules()) {
            ObjectNode r = rules.addObject();
            ObjectNode m = r.putObject(TagTable.MATCH);
            RuleMatch match = rule.match();
            match.method().ifPresent(v -> m.put(RuleMatch.METHOD, v));
            match.path().ifPresent(v -> m.put(RuleMatch.PATH, v));
            if (!match.headers().isEmpty()) {
                ArrayNode h = m.putArray(RuleMatch.HEADERS);
                match.headers().forEach(h::add);
            }
            match.command().ifPresent(v -> m.put(RuleMatch.COMMAND, v));
            putTags(r.putArray(TagTable.TAGS), rule.tags());
        }
        putTags(root.putArray(TagTable.DEFAULT), table.defaultTags());
        return root;
    }

    /** The table as compact JSON text. */
    public static String encode(TagTable table) {
        try {
            return COMPACT.writeValueAsString(toJson(table));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode tag table " + table.application(), e);
        }
    }

    /** The table as indented JSON text ending with a newline, for files and people. */
    public static String encodePretty(TagTable table) {
        try {
            return PRETTY.writeValueAsString(toJson(table)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode tag table " + table.application(), e);
        }
    }

    private static void putTags(ArrayNode array, TagSet tags) {
        for (Tag t : tags.tags()) {
            array.add(t.jsonName());
        }
    }

    private static TagTableException notJson(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String where = loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
        return new TagTableException(JsonPaths.ROOT, "not valid JSON: " + e.getOriginalMessage() + where
                + "; a tag table is one JSON object", e);
    }

    private static TagTable parseDocument(JsonNode root) {
        String at = JsonPaths.ROOT;
        if (root == null || root.isMissingNode()) {
            throw new TagTableException(at, "empty document; a tag table is a JSON object such as"
                    + " {\"application\": \"webmail\", \"protocol\": \"http\", \"rules\": []}");
        }
        if (!root.isObject()) {
            throw new TagTableException(at, "a tag table must be a JSON object such as"
                    + " {\"application\": \"webmail\", \"protocol\": \"http\", \"rules\": []}, not "
                    + describe(root));
        }
        checkKeys(root, at, TABLE_KEYS, "a tag table has the keys " + TABLE_KEY_LIST);

        String application = requiredString(root, at, TagTable.APPLICATION,
                "give the application's name, e.g. \"webmail\"");
        TagTable.checkApplication(application);

        String protocolName = requiredString(root, at, TagTable.PROTOCOL,
                "use one of " + Protocol.allJsonNames());
        Protocol protocol = Protocol.fromJsonName(protocolName).orElseThrow(() ->
                new TagTableException(JsonPaths.field(at, TagTable.PROTOCOL), "unknown protocol "
                        + JsonPaths.quote(protocolName) + "; use one of " + Protocol.allJsonNames()));

        String rulesAt = JsonPaths.field(at, TagTable.RULES);
        JsonNode rulesNode = root.get(TagTable.RULES);
        if (rulesNode == null) {
            throw new TagTableException(rulesAt, "missing \"rules\"; give an array of rules,"
                    + " or [] to give every request the default tags");
        }
        if (!rulesNode.isArray()) {
            throw new TagTableException(rulesAt, "\"rules\" must be an array of rules such as"
                    + " [{\"match\": {...}, \"tags\": [...]}], not " + describe(rulesNode));
        }
        TagTable.checkRuleCount(rulesNode.size());
        List<TagRule> rules = new ArrayList<>(rulesNode.size());
        for (int i = 0; i < rulesNode.size(); i++) {
            rules.add(parseRule(rulesNode.get(i), JsonPaths.index(rulesAt, i), protocol));
            TagTable.checkRule(protocol, rules, i);
        }

        TagSet defaultTags = TagSet.CONSERVATIVE;
        JsonNode defaultNode = root.get(TagTable.DEFAULT);
        if (defaultNode != null) {
            defaultTags = parseTags(defaultNode, JsonPaths.field(at, TagTable.DEFAULT));
        }
        return TagTable.of(application, protocol, rules, defaultTags);
    }

    private static TagRule parseRule(JsonNode node, String at, Protocol protocol) {
        if (!node.isObject()) {
            throw new TagTableException(at, "a rule must be an object such as"
                    + " {\"match\": {\"method\": \"GET\"}, \"tags\": [\"read-only\"]}, not " + describe(node));
        }
        checkKeys(node, at, RULE_KEYS, "a rule has the keys match, tags");

        String matchAt = JsonPaths.field(at, TagTable.MATCH);
        JsonNode matchNode = node.get(TagTable.MATCH);
        if (matchNode == null) {
            throw new TagTableException(matchAt, "missing \"match\"; give the conditions, or {} to"
                    + " match every request");
        }
        RuleMatch match = parseMatch(matchNode, matchAt, protocol);

        String tagsAt = JsonPaths.field(at, TagTable.TAGS);
        JsonNode tagsNode = node.get(TagTable.TAGS);
        if (tagsNode == null) {
            throw new TagTableException(tagsAt, "missing \"tags\"; give a tag list such as"
                    + " [\"deterministic\", \"read-only\", \"idempotent\"]");
        }
        return TagRule.of(match, parseTags(tagsNode, tagsAt));
    }

    private static RuleMatch parseMatch(JsonNode node, String at, Protocol protocol) {
        if (!node.isObject()) {
            throw new TagTableException(at, "\"match\" must be an object such as"
                    + " {\"method\": \"GET\", \"path\": \"^/static/\"}, or {} to match every request, not "
                    + describe(node));
        }
        String fields = String.join(", ", protocol.matchFields());
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!MATCH_KEYS.contains(name)) {
                throw new TagTableException(JsonPaths.field(at, name), "unknown match key "
                        + JsonPaths.quote(name) + "; " + protocol.jsonName() + " rules match on " + fields);
            }
            if (!protocol.matchFields().contains(name)) {
                throw new TagTableException(JsonPaths.field(at, name), JsonPaths.quote(name)
                        + " is not a match field for protocol \"" + protocol.jsonName() + "\"; "
                        + protocol.jsonName() + " rules match on " + fields);
            }
        }
        RuleMatch.Builder b = RuleMatch.builder();
        b.method(optionalString(node, at, RuleMatch.METHOD));
        b.path(optionalString(node, at, RuleMatch.PATH));
        b.command(optionalString(node, at, RuleMatch.COMMAND));
        JsonNode headers = node.get(RuleMatch.HEADERS);
        if (headers != null) {
            String headersAt = JsonPaths.field(at, RuleMatch.HEADERS);
            if (!headers.isArray()) {
                throw new TagTableException(headersAt, "\"headers\" must be an array of header names"
                        + " such as [\"Cookie\"], not " + describe(headers));
            }
            for (int i = 0; i < headers.size(); i++) {
                JsonNode h = headers.get(i);
                if (!h.isTextual()) {
                    throw new TagTableException(JsonPaths.index(headersAt, i), "a header name must be"
                            + " a string such as \"Cookie\", not " + describe(h));
                }
                b.header(h.textValue());
            }
        }
        try {
            return b.build();
        } catch (TagTableException e) {
            throw e.under(at);
        }
    }

    private static TagSet parseTags(JsonNode node, String at) {
        if (!node.isArray()) {
            throw new TagTableException(at, "tags must be an array such as"
                    + " [\"deterministic\", \"read-only\", \"idempotent\"], not " + describe(node));
        }
        List<Tag> tags = new ArrayList<>(3);
        for (int i = 0; i < node.size(); i++) {
            JsonNode t = node.get(i);
            String tagAt = JsonPaths.index(at, i);
            if (!t.isTextual()) {
                throw new TagTableException(tagAt, "a tag must be a string; use one of "
                        + Tag.ALL_JSON_NAMES + ", not " + describe(t));
            }
            String name = t.textValue();
            Tag tag = Tag.fromJsonName(name).orElseThrow(() -> new TagTableException(tagAt,
                    "unknown tag " + JsonPaths.quote(name) + "; use one of " + Tag.ALL_JSON_NAMES));
            for (int j = 0; j < tags.size(); j++) {
                Tag earlier = tags.get(j);
                if (earlier == tag) {
                    throw new TagTableException(tagAt, "duplicate tag " + JsonPaths.quote(name)
                            + " (also at index " + j + "); remove one");
                }
                if (earlier.dimension() == tag.dimension()) {
                    throw new TagTableException(tagAt, JsonPaths.quote(name) + " contradicts "
                            + JsonPaths.quote(earlier.jsonName()) + " at index " + j
                            + "; keep exactly one of them");
                }
            }
            tags.add(tag);
        }
        return TagSet.of(tags);
    }

    private static void checkKeys(JsonNode object, String at, Set<String> allowed, String hint) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new TagTableException(JsonPaths.field(at, name), "unknown key "
                        + JsonPaths.quote(name) + "; " + hint);
            }
        }
    }

    private static String requiredString(JsonNode object, String at, String key, String hint) {
        JsonNode v = object.get(key);
        String keyAt = JsonPaths.field(at, key);
        if (v == null) {
            throw new TagTableException(keyAt, "missing \"" + key + "\"; " + hint);
        }
        if (!v.isTextual()) {
            throw new TagTableException(keyAt, "\"" + key + "\" must be a string, not " + describe(v)
                    + "; " + hint);
        }
        return v.textValue();
    }

    private static String optionalString(JsonNode object, String at, String key) {
        JsonNode v = object.get(key);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw new TagTableException(JsonPaths.field(at, key), "\"" + key + "\" must be a string,"
                    + " not " + describe(v) + "; leave it out to match anything");
        }
        return v.textValue();
    }

    private static String describe(JsonNode node) {
        if (node.isNull()) {
            return "null";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return node.booleanValue() ? "true" : "false";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isObject()) {
            return "an object";
        }
        return node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }
}
