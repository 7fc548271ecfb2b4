package org.resplice.splicecore.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

import org.junit.jupiter.api.Test;

class MalformedTest {

    private static byte[] syn() {
        return ChecksumsTest.hex(ChecksumsTest.SYN_FRAME);
    }

    private static String field(byte[] f) {
        return assertThrows(MalformedPacketException.class, () -> TcpFrame.parse(f)).field();
    }

    /** Rewrites the IPv4 header checksum so that only the intended field is wrong. */
    private static byte[] fixIp(byte[] f) {
        int ihl = (f[14] & 0xF) * 4;
        if (ihl >= 20 && 14 + ihl <= f.length) {
            int c = Checksums.ipv4Header(f, 14, ihl);
            f[24] = (byte) (c >>> 8);
            f[25] = (byte) c;
        }
        return f;
    }

    @Test
    void namesTheField() {
        assertEquals("ethernet.header", field(new byte[13]));
        byte[] f = syn();
        f[12] = 0x08;
        f[13] = 0x06;
        assertEquals("ethernet.etherType", field(f));
        assertEquals("ipv4.header", field(Arrays.copyOf(syn(), 14 + 19)));
        f = syn();
        f[14] = 0x65;
        assertEquals("ipv4.version", field(f));
        f = syn();
        f[14] = 0x44;
        assertEquals("ipv4.ihl", field(fixIp(f)));
        f = syn();
        f[14] = 0x4F; // 60-byte header in a 52-byte datagram
        assertEquals("ipv4.ihl", field(f));
        f = syn();
        f[16] = 0;
        f[17] = 0x40; // 64 > 52 available
        assertEquals("ipv4.totalLength", field(fixIp(f)));
        f = syn();
        f[17] = 19;
        assertEquals("ipv4.totalLength", field(fixIp(f)));
        f = syn();
        f[23] = 17;
        assertEquals("ipv4.protocol", field(fixIp(f)));
        f = syn();
        f[20] = 0x20; // MF
        assertEquals("ipv4.fragment", field(fixIp(f)));
        f = syn();
        f[20] = 0x40;
        f[21] = 0x01; // DF with offset 1
        assertEquals("ipv4.fragment", field(fixIp(f)));
        f = syn();
        f[17] = 20 + 19;
        assertEquals("tcp.header", field(fixIp(Arrays.copyOf(f, 14 + 39))));
        f = syn();
        f[34 + 12] = 0x40; // data offset 4
        assertEquals("tcp.dataOffset", field(f));
        f = syn();
        f[34 + 12] = (byte) 0xF0; // 60 bytes in a 32-byte segment
        assertEquals("tcp.dataOffset", field(f));
        f = syn();
        f[54 + 1] = 3; // MSS of length 3
        assertEquals("tcp.options.mss", field(f));
        f = syn();
        f[54 + 1] = 1;
        assertEquals("tcp.options.length", field(f));
        f = syn();
        f[54 + 1] = 13; // runs past the option area
        assertEquals("tcp.options.length", field(f));
        f = syn();
        // NOP, NOP, then a window scale kind in the last byte with no room for its length octet.
        f[54 + 9] = 1;
        f[54 + 10] = 1;
        f[54 + 11] = 3;
        assertEquals("tcp.options.length", field(f));
        f = syn();
        f[54 + 6] = 4;
        f[54 + 7] = 3; // SACK-permitted of length 3
        assertEquals("tcp.options.sackPermitted", field(f));
        f = syn();
        f[54 + 9] = 3;
        f[54 + 10] = 2; // window scale of length 2
        assertEquals("tcp.options.windowScale", field(f));
    }

    @Test
    void sackAndTimestampLengths() {
        byte[] f = syn();
        // Replace the option area (12 bytes) with SACK kind 5 len 12 (not 2 + 8n).
        f[54] = 5;
        f[55] = 12;
        assertEquals("tcp.options.sack", field(f));
        f[54] = 8;
        f[55] = 12;
        assertEquals("tcp.options.timestamps", field(f));
    }

    /** Every strict prefix of a valid frame is rejected with MalformedPacketException, nothing else. */
    @Test
    void truncationsAreMalformed() {
        byte[] full = syn();
        for (int n = 0; n < full.length; n++) {
            byte[] cut = Arrays.copyOf(full, n);
            assertThrows(MalformedPacketException.class, () -> TcpFrame.parse(cut), "length " + n);
        }
    }

    /** Arbitrary bytes behind an IPv4 Ethernet header parse or throw MalformedPacketException only. */
    @Property(tries = 2000)
    void garbageNeverEscapesBounds(@ForAll @Size(max = 120) byte[] body, @ForAll boolean fixVersion) {
        byte[] f = new byte[14 + body.length];
        f[12] = 0x08;
        System.arraycopy(body, 0, f, 14, body.length);
        if (fixVersion && body.length > 10) {
            f[14] = (byte) (0x45);
            f[16] = (byte) ((body.length) >>> 8);
            f[17] = (byte) body.length;
            f[20] = 0;
            f[21] = 0;
            f[23] = 6;
        }
        try {
            TcpFrame p = TcpFrame.parse(f);
            p.toBytes();
        } catch (MalformedPacketException expected) {
            // fine
        }
    }

    @Test
    void sliceBoundsAreChecked() {
        byte[] f = syn();
        assertThrows(IndexOutOfBoundsException.class, () -> TcpFrame.parse(f, 10, f.length));
        assertThrows(IndexOutOfBoundsException.class, () -> TcpSegment.parse(f, -1, 20));
    }
}
