package org.resplice.splicecore.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import org.junit.jupiter.api.Test;

class ChecksumsTest {

    static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    /** The textbook IPv4 header whose checksum is 0xb861. */
    @Test
    void ipv4HeaderKnownVector() {
        byte[] h = hex("450000730000400040110000c0a80001c0a800c7");
        assertEquals(0xb861, Checksums.ipv4Header(h, 0, 20));
        assertFalse(Checksums.ipv4HeaderValid(h, 0, 20));
        h[10] = (byte) 0xb8;
        h[11] = 0x61;
        assertTrue(Checksums.ipv4HeaderValid(h, 0, 20));
        // The field's content does not affect the computation.
        assertEquals(0xb861, Checksums.ipv4Header(h, 0, 20));
    }

    /** A SYN whose checksums were computed by an independent implementation. */
    static final String SYN_FRAME = "020000000064020000000001080045000034123440004006142c0a0000010a0000649c40005001020304"
            + "000000008002faf0bf250000020405b40101040201030307";

    @Test
    void tcpKnownVector() {
        byte[] f = hex(SYN_FRAME);
        int src = 0x0a000001;
        int dst = 0x0a000064;
        assertEquals(0xbf25, Checksums.tcp(src, dst, f, 34, f.length - 34));
        assertTrue(Checksums.tcpValid(src, dst, f, 34, f.length - 34));
        assertFalse(Checksums.tcpValid(src, dst + 1, f, 34, f.length - 34), "pseudo-header covers the address");
        assertEquals(0x142c, Checksums.ipv4Header(f, 14, 20));
    }

    @Test
    void oddLengthPadsWithZero() {
        byte[] b = {1, 2, 3};
        assertEquals(0x0102 + 0x0300, Checksums.sum(b, 0, 3, 0));
        assertEquals(0xFFFF, Checksums.fold(0xFFFFL));
        assertEquals(1, Checksums.fold(0x10000L));
    }

    /** Any single-bit error anywhere in a segment is detected. */
    @Property(tries = 300)
    void singleBitErrorsDetected(@ForAll @Size(min = 20, max = 200) byte[] seg, @ForAll int src, @ForAll int dst,
            @ForAll @IntRange(min = 0, max = 1599) int bit) {
        int c = Checksums.tcp(src, dst, seg, 0, seg.length);
        seg[16] = (byte) (c >>> 8);
        seg[17] = (byte) c;
        assertTrue(Checksums.tcpValid(src, dst, seg, 0, seg.length));
        int i = (bit / 8) % seg.length;
        seg[i] ^= (byte) (1 << (bit % 8));
        assertFalse(Checksums.tcpValid(src, dst, seg, 0, seg.length));
    }
}
