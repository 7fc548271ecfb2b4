package org.resplice.tagconfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The tag table of one application: an ordered list of rules and a default. A request gets
 * the tags of the first rule whose match it satisfies, else the default (see
 * {@link TagMatcher}). Immutable and always valid: construction checks everything the JSON
 * codec checks and reports errors with the JSON path the value has in the table's JSON form.
 */
public final class TagTable {

    /** At most this many rules, to bound the matching cost per request. */
    public static final int MAX_RULES = 1000;

    /** Application names; the name is used as a file name and as a URL path segment. */
    public static final Pattern APPLICATION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    static final String APPLICATION = "application";
    static final String PROTOCOL = "protocol";
    static final String RULES = "rules";
    static final String DEFAULT = "default";
    static final String MATCH = "match";
    static final String TAGS = "tags";

    private final String application;
    private final Protocol protocol;
    private final List<TagRule> rules;
    private final TagSet defaultTags;

    private TagTable(String application, Protocol protocol, List<TagRule> rules, TagSet defaultTags) {
        checkApplication(application);
        this.application = application;
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.rules = List.copyOf(rules);
        this.defaultTags = Objects.requireNonNull(defaultTags, "defaultTags");
        checkRuleCount(this.rules.size());
        for (int i = 0; i < this.rules.size(); i++) {
            checkRule(protocol, this.rules, i);
        }
    }

    /**
     * @throws TagTableException if the table is invalid
     * @throws NullPointerException if protocol, rules, a rule or defaultTags is null
     */
    public static TagTable of(String application, Protocol protocol, List<TagRule> rules,
                              TagSet defaultTags) {
        return new TagTable(application, protocol, rules, defaultTags);
    }

    /** A builder with no rules and the conservative default. */
    public static Builder builder(String application, Protocol protocol) {
        return new Builder(application, protocol);
    }

    /** A builder holding this table's contents. */
    public Builder toBuilder() {
        Builder b = new Builder(application, protocol);
        b.rules.addAll(rules);
        b.defaultTags = defaultTags;
        return b;
    }

    public String application() {
        return application;
    }

    public Protocol protocol() {
        return protocol;
    }

    /** The rules, in matching order; unmodifiable. */
    public List<TagRule> rules() {
        return rules;
    }

    /** The tags of requests no rule matches. */
    public TagSet defaultTags() {
        return defaultTags;
    }

    public static boolean isValidApplicationName(String name) {
        return name != null && APPLICATION_NAME.matcher(name).matches();
    }

    static void checkApplication(String application) {
        String at = JsonPaths.field(JsonPaths.ROOT, APPLICATION);
        if (application == null) {
            throw new TagTableException(at, "missing application name; give the application's"
                    + " name, e.g. \"webmail\"");
        }
        if (application.trim().isEmpty()) {
            throw new TagTableException(at, "application name is blank; give the application's"
                    + " name, e.g. \"webmail\"");
        }
        if (!isValidApplicationName(application)) {
            throw new TagTableException(at, "invalid application name " + JsonPaths.quote(application)
                    + ": it names the table's file and URL, so use 1 to 64 characters from"
                    + " letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
    }

    static void checkRuleCount(int count) {
        if (count > MAX_RULES) {
            throw new TagTableException(JsonPaths.field(JsonPaths.ROOT, RULES), "too many rules ("
                    + count + "); a table holds at most " + MAX_RULES + " rules, which bounds the"
                    + " matching cost per request; merge rules, e.g. with a broader path pattern");
        }
    }

    /**
     * Checks rule {@code index} of {@code rules} against the protocol and the rules before it.
     */
    static void checkRule(Protocol protocol, List<TagRule> rules, int index) {
        TagRule rule = Objects.requireNonNull(rules.get(index), "rule");
        RuleMatch match = rule.match();
        String matchPath = JsonPaths.field(JsonPaths.index(JsonPaths.field(JsonPaths.ROOT, RULES), index),
                MATCH);
        for (String field : match.fieldNames()) {
            if (!protocol.matchFields().contains(field)) {
                throw new TagTableException(JsonPaths.field(matchPath, field), JsonPaths.quote(field)
                        + " is not a match field for protocol \"" + protocol.jsonName() + "\"; "
                        + protocol.jsonName() + " rules match on "
                        + String.join(", ", protocol.matchFields()));
            }
        }
        String command = match.rawCommand();
        if (command != null) {
            String at = JsonPaths.field(matchPath, RuleMatch.COMMAND);
            if (protocol == Protocol.IMAP && !isImapCommand(command)) {
                throw new TagTableException(at, "invalid IMAP command " + JsonPaths.quote(command)
                        + ": give the command name as one word or two words separated by one space"
                        + " (e.g. \"FETCH\" or \"UID FETCH\"), without the tag or arguments");
            }
            if (protocol == Protocol.LINE && containsWhitespace(command)) {
                throw new TagTableException(at, "invalid command " + JsonPaths.quote(command)
                        + ": a line command is matched against the first word of the line,"
                        + " so give one word without spaces");
            }
        }
        for (int j = 0; j < index; j++) {
            RuleMatch earlier = rules.get(j).match();
            if (covers(protocol, earlier, match)) {
                if (covers(protocol, match, earlier)) {
                    throw new TagTableException(matchPath, "duplicate rule: same match as rule " + j
                            + " " + earlier + ", so this rule can never fire;"
                            + " remove it or merge it into rule " + j);
                }
                throw new TagTableException(matchPath, "rule " + j + " " + earlier
                        + " matches every request this rule matches, so this rule can never fire;"
                        + " move it before rule " + j + " or remove it");
            }
        }
    }

    /**
     * True if every request that satisfies {@code b} also satisfies {@code a} as far as can be
     * told without comparing regular expressions (equal pattern strings only).
     */
    static boolean covers(Protocol protocol, RuleMatch a, RuleMatch b) {
        if (a.rawMethod() != null && !a.rawMethod().equals(b.rawMethod())) {
            return false;
        }
        if (a.rawPath() != null && !a.rawPath().equals(b.rawPath())) {
            return false;
        }
        for (String h : a.headers()) {
            boolean found = false;
            for (String g : b.headers()) {
                if (Ascii.equalsIgnoreCase(h, g)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        String ac = a.rawCommand();
        if (ac != null) {
            String bc = b.rawCommand();
            if (bc == null) {
                return false;
            }
            return protocol == Protocol.IMAP ? Ascii.equalsIgnoreCase(ac, bc) : ac.equals(bc);
        }
        return true;
    }

    private static boolean isImapCommand(String command) {
        int words = 1;
        boolean previousSpace = true;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == ' ') {
                if (previousSpace) {
                    return false;
                }
                words++;
                previousSpace = true;
            } else if (isImapAtomChar(c)) {
                previousSpace = false;
            } else {
                return false;
            }
        }
        return !previousSpace && words <= 2;
    }

    /** RFC 3501 ATOM-CHAR: printable ASCII except atom-specials. */
    private static boolean isImapAtomChar(char c) {
        return c > 0x20 && c < 0x7f && "(){%*\"\\]".indexOf(c) < 0;
    }

    private static boolean containsWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Ascii.isWhitespace(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TagTable)) {
            return false;
        }
        TagTable other = (TagTable) o;
        return application.equals(other.application) && protocol == other.protocol
                && rules.equals(other.rules) && defaultTags.equals(other.defaultTags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(application, protocol, rules, defaultTags);
    }

    @Override
    public String toString() {
        return "TagTable{application=" + application + ", protocol=" + protocol + ", rules="
                + rules + ", default=" + defaultTags + "}";
    }

    /** Builds a {@link TagTable}; validation happens in {@link #build()}. */
    public static final class Builder {
        private final String application;
        private final Protocol protocol;
        private final List<TagRule> rules = new ArrayList<>();
        private TagSet defaultTags = TagSet.CONSERVATIVE;

        private Builder(String application, Protocol protocol) {
            this.application = application;
            this.protocol = protocol;
        }

        public Builder rule(TagRule rule) {
            rules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        public Builder rule(RuleMatch match, TagSet tags) {
            return rule(TagRule.of(match, tags));
        }

        public Builder defaultTags(TagSet tags) {
            this.defaultTags = Objects.requireNonNull(tags, "defaultTags");
            return this;
        }

        /** @throws TagTableException if the table is invalid */
        public TagTable build() {
            return new TagTable(application, protocol, rules, defaultTags);
        }
    }
}
