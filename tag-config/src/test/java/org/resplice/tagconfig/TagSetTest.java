package org.resplice.tagconfig;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TagSetTest {

    @Test
    void conservativeIsNonDeterministicUpdateNonIdempotent() {
        TagSet c = TagSet.CONSERVATIVE;
        assertFalse(c.deterministic());
        assertFalse(c.readOnly());
        assertFalse(c.idempotent());
        assertTrue(c.isConservative());
        assertEquals(List.of(Tag.NON_DETERMINISTIC, Tag.UPDATE, Tag.NON_IDEMPOTENT), c.tags());
        assertSame(c, TagSet.of());
    }

    @Test
    void missingDimensionsTakeTheConservativeTag() {
        TagSet s = TagSet.of(Tag.READ_ONLY);
        assertFalse(s.deterministic());
        assertTrue(s.readOnly());
        assertFalse(s.idempotent());
        assertEquals(TagSet.of(false, true, false), s);
        assertEquals(List.of(Tag.NON_DETERMINISTIC, Tag.READ_ONLY, Tag.NON_IDEMPOTENT), s.tags());
    }

    @Test
    void tagsAreOrderedByDimensionWhateverTheInputOrder() {
        TagSet s = TagSet.of(Tag.IDEMPOTENT, Tag.DETERMINISTIC, Tag.READ_ONLY);
        assertEquals(List.of(Tag.DETERMINISTIC, Tag.READ_ONLY, Tag.IDEMPOTENT), s.tags());
        assertEquals("[deterministic, read-only, idempotent]", s.toString());
        assertTrue(s.contains(Tag.IDEMPOTENT));
        assertFalse(s.contains(Tag.NON_IDEMPOTENT));
    }

    @Test
    void rejectsContradictionsAndDuplicates() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TagSet.of(Tag.DETERMINISTIC, Tag.NON_DETERMINISTIC));
        assertTrue(e.getMessage().contains("contradicts"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TagSet.of(Tag.UPDATE, Tag.UPDATE));
        assertTrue(e.getMessage().contains("duplicate tag \"update\""), e.getMessage());
    }

    @Test
    void allEightCombinationsAreDistinctAndEqualByValue() {
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                TagSet a = TagSet.of((i & 4) != 0, (i & 2) != 0, (i & 1) != 0);
                TagSet b = TagSet.of((j & 4) != 0, (j & 2) != 0, (j & 1) != 0);
                assertEquals(i == j, a.equals(b));
                assertEquals(i == j, a.hashCode() == b.hashCode());
                assertEquals(a, TagSet.of(a.tags()));
            }
        }
    }

    @Test
    void tagJsonNamesAndOpposites() {
        assertEquals("non-idempotent", Tag.NON_IDEMPOTENT.jsonName());
        assertEquals(Tag.READ_ONLY, Tag.fromJsonName("read-only").orElseThrow());
        assertTrue(Tag.fromJsonName("READ-ONLY").isEmpty());
        for (Tag t : Tag.values()) {
            assertEquals(t, t.opposite().opposite());
            assertEquals(t.dimension(), t.opposite().dimension());
            assertEquals(!t.isConservative(), t.opposite().isConservative());
        }
        assertEquals("deterministic, non-deterministic, read-only, update, idempotent, non-idempotent",
                Tag.ALL_JSON_NAMES);
        assertEquals(Protocol.IMAP, Protocol.fromJsonName("imap").orElseThrow());
        assertTrue(Protocol.fromJsonName("HTTP").isEmpty());
    }
}
