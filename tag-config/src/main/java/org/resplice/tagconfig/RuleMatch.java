package org.resplice.tagconfig;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The condition of a {@link TagRule}; every field that is set must hold, and a match with no
 * fields matches every request. Immutable.
 *
 * <ul>
 *   <li>{@code method} (HTTP): equal to the request method, case-sensitively.</li>
 *   <li>{@code path} (HTTP): a {@link Pattern Java regular expression} found anywhere in the
 *       request target's path ({@link java.util.regex.Matcher#find() find} semantics; anchor
 *       it with {@code ^} and {@code $}). The query string is not part of the path.</li>
 *   <li>{@code headers} (HTTP): header names that must all be present; case-insensitive.</li>
 *   <li>{@code command} (IMAP): the command name, one or two words ("FETCH", "UID FETCH"),
 *       case-insensitive. (LINE): the line's first word, case-sensitive.</li>
 * </ul>
 *
 * <p>Which fields a table may use depends on its {@link Protocol}; {@link TagTable} checks
 * that. This class checks each field on its own, throwing {@link TagTableException} with a
 * path relative to the match object ({@code $.path}).
 */
public final class RuleMatch {

    /** JSON keys of the match object. */
    static final String METHOD = "method";
    static final String PATH = "path";
    static final String HEADERS = "headers";
    static final String COMMAND = "command";

    private static final RuleMatch ANY = new Builder().build();

    private final String method;
    private final String path;
    private final Pattern pattern;
    private final List<String> headers;
    private final String command;

    private RuleMatch(Builder b) {
        this.method = b.method;
        this.path = b.path;
        this.headers = List.copyOf(b.headers);
        this.command = b.command;
        if (method != null) {
            checkMethod(method);
        }
        this.pattern = path == null ? null : compilePath(path);
        checkHeaders(headers);
        if (command != null) {
            checkCommand(command);
        }
    }

    /** The match with no fields: it matches every request. */
    public static RuleMatch any() {
        return ANY;
    }

    /** An HTTP match; {@code method} and {@code path} may be null, {@code headers} empty. */
    public static RuleMatch http(String method, String path, String... headers) {
        return builder().method(method).path(path).headers(List.of(headers)).build();
    }

    /** An IMAP or LINE match on the command. */
    public static RuleMatch command(String command) {
        return builder().command(Objects.requireNonNull(command, "command")).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<String> method() {
        return Optional.ofNullable(method);
    }

    /** The path regular expression as written. */
    public Optional<String> path() {
        return Optional.ofNullable(path);
    }

    /** The compiled path expression, if a path is set. */
    public Optional<Pattern> pathPattern() {
        return Optional.ofNullable(pattern);
    }

    /** Header names that must be present, as written; empty if none are required. */
    public List<String> headers() {
        return headers;
    }

    public Optional<String> command() {
        return Optional.ofNullable(command);
    }

    /** True if no field is set, so this matches every request. */
    public boolean matchesEverything() {
        return method == null && path == null && headers.isEmpty() && command == null;
    }

    /** The JSON keys of the fields that are set, in the order method, path, headers, command. */
    List<String> fieldNames() {
        List<String> names = new ArrayList<>(4);
        if (method != null) {
            names.add(METHOD);
        }
        if (path != null) {
            names.add(PATH);
        }
        if (!headers.isEmpty()) {
            names.add(HEADERS);
        }
        if (command != null) {
            names.add(COMMAND);
        }
        return names;
    }

    String rawMethod() {
        return method;
    }

    String rawPath() {
        return path;
    }

    Pattern rawPattern() {
        return pattern;
    }

    String rawCommand() {
        return command;
    }

    private static void checkMethod(String method) {
        String at = JsonPaths.field(JsonPaths.ROOT, METHOD);
        if (method.isEmpty()) {
            throw new TagTableException(at, "empty method; give an HTTP method such as \"GET\","
                    + " or leave out \"method\" to match every method");
        }
        if (!Ascii.isToken(method)) {
            throw new TagTableException(at, "invalid method " + JsonPaths.quote(method)
                    + ": a method is one HTTP token (letters, digits and !#$%&'*+-.^_`|~, no spaces),"
                    + " compared case-sensitively, e.g. \"GET\"");
        }
    }

    private static Pattern compilePath(String path) {
        String at = JsonPaths.field(JsonPaths.ROOT, PATH);
        if (path.isEmpty()) {
            throw new TagTableException(at, "empty path pattern matches every path;"
                    + " leave out \"path\" instead");
        }
        try {
            return Pattern.compile(path);
        } catch (PatternSyntaxException e) {
            String where = e.getIndex() >= 0 ? " at index " + e.getIndex() : "";
            throw new TagTableException(at, "invalid regular expression " + JsonPaths.quote(path)
                    + ": " + e.getDescription() + where
                    + "; path is a Java regular expression (java.util.regex.Pattern),"
                    + " e.g. \"^/static/\"", e);
        }
    }

    private static void checkHeaders(List<String> headers) {
        String base = JsonPaths.field(JsonPaths.ROOT, HEADERS);
        for (int i = 0; i < headers.size(); i++) {
            String h = headers.get(i);
            String at = JsonPaths.index(base, i);
            if (h.isEmpty()) {
                throw new TagTableException(at, "empty header name; give a header name such as"
                        + " \"Cookie\", or remove the entry");
            }
            if (!Ascii.isToken(h)) {
                throw new TagTableException(at, "invalid header name " + JsonPaths.quote(h)
                        + ": a header name is one HTTP token (letters, digits and !#$%&'*+-.^_`|~),"
                        + " without the colon, e.g. \"Cookie\"");
            }
            for (int j = 0; j < i; j++) {
                if (Ascii.equalsIgnoreCase(headers.get(j), h)) {
                    throw new TagTableException(at, "duplicate header " + JsonPaths.quote(h)
                            + " (same as index " + j + "; header names are case-insensitive);"
                            + " remove one");
                }
            }
        }
    }

    private static void checkCommand(String command) {
        String at = JsonPaths.field(JsonPaths.ROOT, COMMAND);
        if (command.isEmpty()) {
            throw new TagTableException(at, "empty command; give a command such as \"FETCH\","
                    + " or leave out \"command\" to match every command");
        }
        for (int i = 0; i < command.length(); i++) {
            if (Ascii.isControl(command.charAt(i))) {
                throw new TagTableException(at, "command " + JsonPaths.quote(command)
                        + " contains a control character; remove it");
            }
        }
        if (Ascii.isWhitespace(command.charAt(0))
                || Ascii.isWhitespace(command.charAt(command.length() - 1))) {
            throw new TagTableException(at, "command " + JsonPaths.quote(command)
                    + " has leading or trailing whitespace; remove it");
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RuleMatch)) {
            return false;
        }
        RuleMatch other = (RuleMatch) o;
        return Objects.equals(method, other.method) && Objects.equals(path, other.path)
                && headers.equals(other.headers) && Objects.equals(command, other.command);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, path, headers, command);
    }

    /** JSON-like, e.g. {@code {method="GET", path="^/static/"}}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        if (method != null) {
            sb.append("method=").append(JsonPaths.quote(method));
        }
        if (path != null) {
            sb.append(sb.length() > 1 ? ", " : "").append("path=").append(JsonPaths.quote(path));
        }
        if (!headers.isEmpty()) {
            sb.append(sb.length() > 1 ? ", " : "").append("headers=[");
            for (int i = 0; i < headers.size(); i++) {
                sb.append(i > 0 ? ", " : "").append(JsonPaths.quote(headers.get(i)));
            }
            sb.append(']');
        }
        if (command != null) {
            sb.append(sb.length() > 1 ? ", " : "").append("command=").append(JsonPaths.quote(command));
        }
        return sb.append('}').toString();
    }

    /** Builds a {@link RuleMatch}; each setter accepts null to leave the field out. */
    public static final class Builder {
        private String method;
        private String path;
        private final List<String> headers = new ArrayList<>();
        private String command;

        private Builder() {
        }

        public Builder method(String method) {
            this.method = method;
            return this;
        }

        public Builder path(String pathRegex) {
            this.path = pathRegex;
            return this;
        }

        /** Adds one required header name. */
        public Builder header(String name) {
            headers.add(Objects.requireNonNull(name, "header name"));
            return this;
        }

        /** Replaces the required header names (null or empty: none). */
        public Builder headers(Collection<String> names) {
            headers.clear();
            if (names != null) {
                for (String n : names) {
                    header(n);
                }
            }
            return this;
        }

        public Builder command(String command) {
            this.command = command;
            return this;
        }

        /** @throws TagTableException if a field is invalid on its own (path relative to the match) */
        public RuleMatch build() {
            return new RuleMatch(this);
        }
    }
}
