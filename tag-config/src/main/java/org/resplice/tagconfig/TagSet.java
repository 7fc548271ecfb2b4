package org.resplice.tagconfig;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Exactly one tag of each dimension: determinism, access and idempotence. Immutable; there
 * are eight instances, obtained with the {@code of} factories.
 *
 * <p>{@link #of(Collection)} fills a dimension the caller leaves out with its conservative
 * tag, so {@code of(READ_ONLY)} is non-deterministic, read-only, non-idempotent.
 */
public final class TagSet {

    private static final TagSet[] ALL = new TagSet[8];

    static {
        for (int i = 0; i < 8; i++) {
            ALL[i] = new TagSet((i & 4) != 0, (i & 2) != 0, (i & 1) != 0);
        }
    }

    /** Non-deterministic, update, non-idempotent: what is assumed when nothing is known. */
    public static final TagSet CONSERVATIVE = of(false, false, false);

    private final boolean deterministic;
    private final boolean readOnly;
    private final boolean idempotent;
    private final List<Tag> tags;

    private TagSet(boolean deterministic, boolean readOnly, boolean idempotent) {
        this.deterministic = deterministic;
        this.readOnly = readOnly;
        this.idempotent = idempotent;
        this.tags = List.of(
                deterministic ? Tag.DETERMINISTIC : Tag.NON_DETERMINISTIC,
                readOnly ? Tag.READ_ONLY : Tag.UPDATE,
                idempotent ? Tag.IDEMPOTENT : Tag.NON_IDEMPOTENT);
    }

    public static TagSet of(boolean deterministic, boolean readOnly, boolean idempotent) {
        return ALL[(deterministic ? 4 : 0) | (readOnly ? 2 : 0) | (idempotent ? 1 : 0)];
    }

    /** See {@link #of(Collection)}. */
    public static TagSet of(Tag... tags) {
        return of(Arrays.asList(tags));
    }

    /**
     * The tag set holding the given tags, with the conservative tag in every dimension the
     * collection leaves out.
     *
     * @throws IllegalArgumentException if a tag appears twice or two tags contradict each
     *         other (e.g. deterministic and non-deterministic)
     */
    public static TagSet of(Collection<Tag> tags) {
        Tag[] seen = new Tag[Tag.Dimension.values().length];
        for (Tag t : tags) {
            Objects.requireNonNull(t, "tag");
            Tag earlier = seen[t.dimension().ordinal()];
            if (earlier == t) {
                throw new IllegalArgumentException("duplicate tag \"" + t.jsonName() + "\"");
            }
            if (earlier != null) {
                throw new IllegalArgumentException(contradiction(earlier, t));
            }
            seen[t.dimension().ordinal()] = t;
        }
        return of(seen[Tag.Dimension.DETERMINISM.ordinal()] == Tag.DETERMINISTIC,
                seen[Tag.Dimension.ACCESS.ordinal()] == Tag.READ_ONLY,
                seen[Tag.Dimension.IDEMPOTENCE.ordinal()] == Tag.IDEMPOTENT);
    }

    static String contradiction(Tag earlier, Tag later) {
        return "\"" + later.jsonName() + "\" contradicts \"" + earlier.jsonName()
                + "\"; keep exactly one of them";
    }

    public boolean deterministic() {
        return deterministic;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public boolean idempotent() {
        return idempotent;
    }

    /** True for {@link #CONSERVATIVE}. */
    public boolean isConservative() {
        return this == CONSERVATIVE;
    }

    /** True if this set holds the tag. */
    public boolean contains(Tag tag) {
        return tags.get(tag.dimension().ordinal()) == tag;
    }

    /** The three tags, in the order determinism, access, idempotence. */
    public List<Tag> tags() {
        return tags;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TagSet)) {
            return false;
        }
        TagSet other = (TagSet) o;
        return deterministic == other.deterministic && readOnly == other.readOnly
                && idempotent == other.idempotent;
    }

    @Override
    public int hashCode() {
        return (deterministic ? 4 : 0) | (readOnly ? 2 : 0) | (idempotent ? 1 : 0);
    }

    /** E.g. {@code [deterministic, read-only, idempotent]}. */
    @Override
    public String toString() {
        return tags.toString();
    }
}
