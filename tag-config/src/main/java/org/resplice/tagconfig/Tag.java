package org.resplice.tagconfig;

import java.util.Optional;

/**
 * One tag of a transaction. Tags come in three pairs (dimensions); a transaction carries
 * exactly one tag of each pair, see {@link TagSet}.
 */
public enum Tag {
    DETERMINISTIC("deterministic", Dimension.DETERMINISM, false),
    NON_DETERMINISTIC("non-deterministic", Dimension.DETERMINISM, true),
    READ_ONLY("read-only", Dimension.ACCESS, false),
    UPDATE("update", Dimension.ACCESS, true),
    IDEMPOTENT("idempotent", Dimension.IDEMPOTENCE, false),
    NON_IDEMPOTENT("non-idempotent", Dimension.IDEMPOTENCE, true);

    /** The three independent properties a tag describes. */
    public enum Dimension {
        /** Does replaying the request produce the same response bytes? */
        DETERMINISM,
        /** Does the request change server state? */
        ACCESS,
        /** Can the request be executed twice with the effect of once? */
        IDEMPOTENCE
    }

    /** "deterministic, non-deterministic, read-only, update, idempotent, non-idempotent". */
    static final String ALL_JSON_NAMES;

    static {
        StringBuilder sb = new StringBuilder();
        for (Tag t : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(t.jsonName);
        }
        ALL_JSON_NAMES = sb.toString();
    }

    private final String jsonName;
    private final Dimension dimension;
    private final boolean conservative;

    Tag(String jsonName, Dimension dimension, boolean conservative) {
        this.jsonName = jsonName;
        this.dimension = dimension;
        this.conservative = conservative;
    }

    /** The name used in tag tables, e.g. {@code "read-only"}. */
    public String jsonName() {
        return jsonName;
    }

    public Dimension dimension() {
        return dimension;
    }

    /**
     * True for the tag assumed when nothing is known: non-deterministic, update and
     * non-idempotent.
     */
    public boolean isConservative() {
        return conservative;
    }

    /** The other tag of the same dimension. */
    public Tag opposite() {
        switch (this) {
            case DETERMINISTIC: return NON_DETERMINISTIC;
            case NON_DETERMINISTIC: return DETERMINISTIC;
            case READ_ONLY: return UPDATE;
            case UPDATE: return READ_ONLY;
            case IDEMPOTENT: return NON_IDEMPOTENT;
            case NON_IDEMPOTENT: return IDEMPOTENT;
            default: throw new AssertionError(this);
        }
    }

    /** The tag with this JSON name (exact, case-sensitive), if any. */
    public static Optional<Tag> fromJsonName(String name) {
        for (Tag t : values()) {
            if (t.jsonName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return jsonName;
    }
}
