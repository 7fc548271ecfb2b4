package org.resplice.tagconfig;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** The application protocol a tag table applies to; it decides which match fields exist. */
public enum Protocol {
    /** HTTP/1.1: rules match on {@code method}, {@code path} and {@code headers}. */
    HTTP("http", RuleMatch.METHOD, RuleMatch.PATH, RuleMatch.HEADERS),
    /** IMAP: rules match on {@code command} ("FETCH", "UID FETCH"), case-insensitively. */
    IMAP("imap", RuleMatch.COMMAND),
    /** Newline-delimited commands: rules match on {@code command}, the line's first word. */
    LINE("line", RuleMatch.COMMAND);

    private final String jsonName;
    private final Set<String> matchFields;

    Protocol(String jsonName, String... matchFields) {
        this.jsonName = jsonName;
        Set<String> fields = new LinkedHashSet<>();
        Collections.addAll(fields, matchFields);
        this.matchFields = Collections.unmodifiableSet(fields);
    }

    /** The name used in tag tables, e.g. {@code "http"}. */
    public String jsonName() {
        return jsonName;
    }

    /** The JSON keys a rule's {@code match} object may hold for this protocol, in order. */
    public Set<String> matchFields() {
        return matchFields;
    }

    /** The protocol with this JSON name (exact, case-sensitive), if any. */
    public static Optional<Protocol> fromJsonName(String name) {
        for (Protocol p : values()) {
            if (p.jsonName.equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** "http, imap, line". */
    static String allJsonNames() {
        StringBuilder sb = new StringBuilder();
        for (Protocol p : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(p.jsonName);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return jsonName;
    }
}
