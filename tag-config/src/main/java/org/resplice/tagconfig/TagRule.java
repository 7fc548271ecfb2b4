package org.resplice.tagconfig;

import java.util.Objects;

/** One row of a {@link TagTable}: requests that satisfy {@link #match()} get {@link #tags()}. */
public final class TagRule {

    private final RuleMatch match;
    private final TagSet tags;

    private TagRule(RuleMatch match, TagSet tags) {
        this.match = Objects.requireNonNull(match, "match");
        this.tags = Objects.requireNonNull(tags, "tags");
    }

    public static TagRule of(RuleMatch match, TagSet tags) {
        return new TagRule(match, tags);
    }

    public RuleMatch match() {
        return match;
    }

    public TagSet tags() {
        return tags;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TagRule)) {
            return false;
        }
        TagRule other = (TagRule) o;
        return match.equals(other.match) && tags.equals(other.tags);
    }

    @Override
    public int hashCode() {
        return 31 * match.hashCode() + tags.hashCode();
    }

    @Override
    public String toString() {
        return match + " -> " + tags;
    }
}
