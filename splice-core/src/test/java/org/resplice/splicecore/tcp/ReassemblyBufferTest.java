package org.resplice.splicecore.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import org.junit.jupiter.api.Test;
import org.resplice.splicecore.Seq32;

class ReassemblyBufferTest {

    static final int WRAP = 0xFFFFFFF0;

    private static int offer(ReassemblyBuffer b, int first, byte[] data, int from, int to) {
        return b.offer(Seq32.add(first, from), Arrays.copyOfRange(data, from, to), 0, to - from);
    }

    @Test
    void inOrderAcrossTheWrap() {
        byte[] d = Segments.bytes(100, 1);
        ReassemblyBuffer b = new ReassemblyBuffer(WRAP, 1000);
        assertEquals(10, offer(b, WRAP, d, 0, 10));
        assertEquals(30, offer(b, WRAP, d, 10, 40)); // crosses 2^32
        assertEquals(60, offer(b, WRAP, d, 40, 100));
        assertArrayEquals(d, b.contiguousBytes());
        assertEquals(Seq32.add(WRAP, 100), b.nextSeq());
        assertEquals(0x54, b.nextSeq());
    }

    @Test
    void lossThenRetransmission() {
        byte[] d = Segments.bytes(300, 2);
        ReassemblyBuffer b = new ReassemblyBuffer(WRAP, 1000);
        assertEquals(100, offer(b, WRAP, d, 0, 100));
        assertEquals(0, offer(b, WRAP, d, 200, 300)); // 100..200 lost
        assertEquals(100, b.contiguousLength());
        assertEquals(100, b.outOfOrderBytes());
        assertEquals(200, offer(b, WRAP, d, 100, 200));
        assertEquals(0, b.outOfOrderBytes());
        assertArrayEquals(d, b.contiguousBytes());
    }

    @Test
    void duplicatesAndOverlapsAddNothingTwice() {
        byte[] d = Segments.bytes(100, 3);
        ReassemblyBuffer b = new ReassemblyBuffer(7, 1000);
        assertEquals(0, offer(b, 7, d, 50, 70));
        assertEquals(0, offer(b, 7, d, 50, 70));
        assertEquals(0, offer(b, 7, d, 60, 90)); // overlaps the tail
        assertEquals(0, offer(b, 7, d, 40, 55)); // overlaps the head
        assertEquals(50, b.outOfOrderBytes());
        assertEquals(30, offer(b, 7, d, 0, 30));
        assertEquals(0, offer(b, 7, d, 0, 30));
        assertEquals(65, offer(b, 7, d, 20, 95)); // old bytes, the hole 30..40, then 40..90 buffered, then new
        assertEquals(5, offer(b, 7, d, 0, 100));
        assertArrayEquals(d, b.contiguousBytes());
        assertEquals(0, b.outOfOrderBytes());
    }

    @Test
    void firstCopyWins() {
        ReassemblyBuffer b = new ReassemblyBuffer(0, 100);
        b.offer(5, new byte[] {1, 1, 1}, 0, 3);
        b.offer(4, new byte[] {2, 2, 2, 2, 2}, 0, 5);
        b.offer(0, new byte[] {3, 3, 3, 3}, 0, 4);
        assertArrayEquals(new byte[] {3, 3, 3, 3, 2, 1, 1, 1, 2}, b.contiguousBytes());
    }

    @Test
    void capacityAndOldDataAreEnforced() {
        byte[] d = Segments.bytes(200, 4);
        ReassemblyBuffer b = new ReassemblyBuffer(WRAP, 150);
        assertEquals(0, b.offer(Seq32.add(WRAP, -10), d, 0, 10), "entirely before the start");
        assertEquals(5, b.offer(Seq32.add(WRAP, -5), d, 0, 10), "straddles the start");
        assertEquals(0, offer(b, WRAP, d, 150, 200), "beyond the window");
        assertEquals(145, b.offer(Seq32.add(WRAP, 5), d, 5, 195) + 0, "clipped at the window");
        assertEquals(150, b.contiguousLength());
        assertEquals(0, b.offer(Seq32.add(WRAP, 1 << 30), d, 0, 10), "far away");
        assertEquals(0, b.offer(Seq32.add(WRAP, 0x80000000L), d, 0, 10), "half the space away");
    }

    @Test
    void finEndsTheStream() {
        byte[] d = Segments.bytes(50, 5);
        ReassemblyBuffer b = new ReassemblyBuffer(100, 1000);
        offer(b, 100, d, 30, 50);
        b.offerFin(100 + 50);
        assertTrue(b.finSeen());
        assertFalse(b.finReached());
        assertEquals(0, b.offer(100 + 50, d, 0, 10), "nothing after the FIN");
        offer(b, 100, d, 0, 30);
        assertTrue(b.finReached());
        assertArrayEquals(d, b.contiguousBytes());
        b.offerFin(100 + 40); // a conflicting later FIN is ignored
        assertTrue(b.finReached());
    }

    @Test
    void finBeforeBufferedDataTrimsIt() {
        byte[] d = Segments.bytes(50, 6);
        ReassemblyBuffer b = new ReassemblyBuffer(0, 1000);
        offer(b, 0, d, 20, 50);
        b.offerFin(30);
        assertEquals(10, b.outOfOrderBytes());
        offer(b, 0, d, 0, 20);
        assertArrayEquals(Arrays.copyOf(d, 30), b.contiguousBytes());
        assertTrue(b.finReached());
    }

    /**
     * Cutting a byte string into segments and delivering any permutation of them, with any of
     * them duplicated or replaced by overlapping re-segmentations, yields the whole string.
     */
    @Property(tries = 400)
    void anyDeliveryOrderYieldsTheStream(@ForAll @Size(min = 1, max = 3000) byte[] data, @ForAll long seed,
            @ForAll int firstSeq, @ForAll @IntRange(min = 1, max = 600) int maxSeg) {
        Random r = new Random(seed);
        List<int[]> segs = new ArrayList<>();
        for (int at = 0; at < data.length;) {
            int len = 1 + r.nextInt(Math.min(maxSeg, data.length - at));
            segs.add(new int[] {at, at + len});
            at += len;
        }
        int extra = r.nextInt(segs.size() + 1);
        for (int i = 0; i < extra; i++) {
            int[] s = segs.get(r.nextInt(segs.size()));
            if (r.nextBoolean()) {
                segs.add(s); // duplicate
            } else {
                int from = Math.max(0, s[0] - r.nextInt(50));
                int to = Math.min(data.length, s[1] + r.nextInt(50));
                segs.add(new int[] {from, to}); // overlapping retransmission
            }
        }
        Collections.shuffle(segs, r);
        ReassemblyBuffer b = new ReassemblyBuffer(firstSeq, data.length);
        int total = 0;
        for (int[] s : segs) {
            total += offer(b, firstSeq, data, s[0], s[1]);
            assertTrue(b.contiguousLength() <= data.length);
        }
        assertEquals(data.length, total);
        assertArrayEquals(data, b.contiguousBytes());
        assertEquals(0, b.outOfOrderBytes());
    }

    /** Whatever subset arrives, the contiguous bytes are a prefix of the stream. */
    @Property(tries = 300)
    void contiguousIsAlwaysAPrefix(@ForAll @Size(min = 1, max = 2000) byte[] data, @ForAll long seed) {
        Random r = new Random(seed);
        ReassemblyBuffer b = new ReassemblyBuffer(WRAP, data.length);
        for (int i = 0; i < 20; i++) {
            int from = r.nextInt(data.length);
            int to = from + r.nextInt(data.length - from + 1);
            offer(b, WRAP, data, from, to);
            assertArrayEquals(Arrays.copyOf(data, b.contiguousLength()), b.contiguousBytes());
        }
    }
}
