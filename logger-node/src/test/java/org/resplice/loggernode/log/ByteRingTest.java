package org.resplice.loggernode.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ByteRingTest {

    private static byte[] seq(int from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    @Test
    void keepsTheRangeAcrossWrapAroundAndGrowth() throws Exception {
        ByteRing ring = new ByteRing(10_000);
        byte[] all = seq(0, 30_000);
        int written = 0;
        // Append 3000, release 2000, repeatedly: the head walks around the buffer.
        while (written + 3000 <= all.length) {
            ring.append(all, written, 3000);
            written += 3000;
            ring.releaseTo(written - 1000);
            assertEquals(1000, ring.size());
            assertArrayEquals(Arrays.copyOfRange(all, written - 1000, written), ring.copy(written - 1000, written));
        }
        ring.append(all, 0, 9000);
        assertEquals(10_000, ring.size());
        assertEquals(0, ring.room());
        byte[] expected = new byte[10_000];
        System.arraycopy(all, written - 1000, expected, 0, 1000);
        System.arraycopy(all, 0, expected, 1000, 9000);
        assertArrayEquals(expected, ring.copy(ring.low(), ring.high()));

        MessageDigest a = MessageDigest.getInstance("SHA-256");
        ring.digest(a, ring.low() + 500, ring.high());
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(Arrays.copyOfRange(expected, 500, 10_000)),
                a.digest());
        assertThrows(IllegalStateException.class, () -> ring.append(all, 0, 1));
    }

    @Test
    void restartDropsEverythingAndContinuesAtTheNewOffset() {
        ByteRing ring = new ByteRing(100);
        ring.append(seq(0, 50), 0, 50);
        assertEquals(50, ring.restartAt(80));
        assertEquals(80, ring.low());
        assertEquals(80, ring.high());
        assertFalse(ring.holds(10, 20));
        assertTrue(ring.holds(80, 80));
        ring.append(seq(80, 5), 0, 5);
        assertArrayEquals(seq(80, 5), ring.copy(80, 85));
        assertThrows(IllegalArgumentException.class, () -> ring.copy(79, 85));
        assertEquals(0, ring.releaseTo(10), "releasing below low does nothing");
        assertEquals(5, ring.releaseTo(1000), "release stops at high");
        assertEquals(85, ring.low());
    }

    @Test
    void rejectsANonPositiveCapacity() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ByteRing(0));
        assertTrue(e.getMessage().contains("maxCapacity"));
    }
}
