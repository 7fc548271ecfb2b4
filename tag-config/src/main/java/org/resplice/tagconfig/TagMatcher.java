package org.resplice.tagconfig;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Tags requests with a {@link TagTable}: the tags of the first rule whose match the request
 * satisfies, else the table's default.
 *
 * <p>Compiled once per table and immutable, so one instance may be shared by any number of
 * threads. Matching allocates nothing except a {@link java.util.regex.Matcher} for each path
 * pattern it has to try; cheaper conditions (method, headers) are tested first.
 */
public final class TagMatcher {

    private final TagTable table;
    private final Protocol protocol;
    private final String[] methods;
    private final Pattern[] patterns;
    private final String[][] headers;
    /** IMAP: upper case; LINE: as written. */
    private final String[] commands;
    private final TagSet[] tags;
    private final TagSet defaultTags;

    private TagMatcher(TagTable table) {
        this.table = table;
        this.protocol = table.protocol();
        List<TagRule> rules = table.rules();
        int n = rules.size();
        methods = new String[n];
        patterns = new Pattern[n];
        headers = new String[n][];
        commands = new String[n];
        tags = new TagSet[n];
        for (int i = 0; i < n; i++) {
            RuleMatch m = rules.get(i).match();
            methods[i] = m.rawMethod();
            patterns[i] = m.rawPattern();
            headers[i] = m.headers().toArray(new String[0]);
            String c = m.rawCommand();
            commands[i] = c != null && protocol == Protocol.IMAP ? Ascii.toUpperCase(c) : c;
            tags[i] = rules.get(i).tags();
        }
        defaultTags = table.defaultTags();
    }

    public static TagMatcher compile(TagTable table) {
        return new TagMatcher(Objects.requireNonNull(table, "table"));
    }

    public TagTable table() {
        return table;
    }

    /**
     * The tags of the request.
     *
     * @throws IllegalArgumentException if the request is of another protocol than the table
     */
    public TagSet tagsFor(RequestSummary request) {
        int i = ruleIndexFor(request);
        return i < 0 ? defaultTags : tags[i];
    }

    /**
     * The index of the first rule the request satisfies, or -1 if it gets the default.
     *
     * @throws IllegalArgumentException if the request is of another protocol than the table
     */
    public int ruleIndexFor(RequestSummary request) {
        Objects.requireNonNull(request, "request");
        if (request.protocol() != protocol) {
            throw new IllegalArgumentException("a " + request.protocol() + " request cannot be"
                    + " matched against the " + protocol + " tag table of " + table.application());
        }
        switch (protocol) {
            case HTTP:
                return matchHttp((HttpRequestHead) request);
            case IMAP:
                return matchCommand(((ImapCommand) request).command());
            case LINE:
                return matchCommand(((LineCommand) request).command());
            default:
                throw new AssertionError(protocol);
        }
    }

    private int matchHttp(HttpRequestHead request) {
        String method = request.method();
        String path = request.path();
        for (int i = 0; i < tags.length; i++) {
            if (methods[i] != null && !methods[i].equals(method)) {
                continue;
            }
            if (!hasAll(request, headers[i])) {
                continue;
            }
            if (patterns[i] != null && !patterns[i].matcher(path).find()) {
                continue;
            }
            return i;
        }
        return -1;
    }

    private static boolean hasAll(HttpRequestHead request, String[] required) {
        for (String name : required) {
            if (!request.hasHeader(name)) {
                return false;
            }
        }
        return true;
    }

    private int matchCommand(String command) {
        for (int i = 0; i < tags.length; i++) {
            if (commands[i] == null || commands[i].equals(command)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "TagMatcher{" + table.application() + ", " + tags.length + " rules}";
    }
}
