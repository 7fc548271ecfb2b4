package org.resplice.splicecore;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Seq32Test {

    private static final int MAX = 0xFFFF_FFFF;

    @Test
    void wrapsAround() {
        assertEquals(4, Seq32.add(MAX, 5));
        assertTrue(Seq32.before(MAX, 4));
        assertTrue(Seq32.after(4, MAX));
        assertEquals(5, Seq32.diff(4, MAX));
        assertEquals(5L, Seq32.forward(MAX, 4));
        assertEquals(0xFFFF_FFFBL, Seq32.forward(4, MAX));
        assertEquals(4, Seq32.max(MAX, 4));
        assertEquals(MAX, Seq32.min(MAX, 4));
        assertEquals("4294967295", Seq32.toString(MAX));
    }

    @Test
    void halfwayIsUnordered() {
        int a = 7;
        int b = Seq32.add(a, 1L << 31);
        assertFalse(Seq32.before(a, b));
        assertFalse(Seq32.before(b, a));
        assertFalse(Seq32.after(a, b));
    }

    @Test
    void windows() {
        assertTrue(Seq32.inWindow(MAX, MAX - 10, 5));
        assertTrue(Seq32.inWindow(3, MAX - 10, 5));
        assertFalse(Seq32.inWindow(5, MAX - 10, 5));
        assertFalse(Seq32.inWindow(MAX - 11, MAX - 10, 5));
    }

    @Property
    void addingLessThanHalfIsAfter(@ForAll int a, @ForAll @IntRange(min = 1, max = Integer.MAX_VALUE) int d) {
        int b = Seq32.add(a, d);
        assertTrue(Seq32.before(a, b));
        assertTrue(Seq32.after(b, a));
        assertEquals(d, Seq32.diff(b, a));
        assertEquals(b, Seq32.max(a, b));
        assertEquals(a, Seq32.min(a, b));
    }

    @Property
    void offsetsCommute(@ForAll int seq, @ForAll int delta) {
        // What the splice does to a sequence number and then undoes for the acknowledgement.
        assertEquals(seq, Seq32.add(Seq32.add(seq, delta), -(long) delta));
    }
}
