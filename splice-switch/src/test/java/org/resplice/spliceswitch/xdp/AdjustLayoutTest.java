package org.resplice.spliceswitch.xdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteOrder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Java side of the map contract: toBytes() against hand-written bytes of resplice_structs.h. */
class AdjustLayoutTest {

    @BeforeAll
    static void littleEndianHost() {
        // the expected bytes below spell host-order fields little endian, as on every machine we run on
        assertEquals(ByteOrder.LITTLE_ENDIAN, ByteOrder.nativeOrder());
    }

    @Test
    void keyBytes() {
        AdjustKey k = AdjustKey.of(0x0203, "10.0.0.1", 80, "192.168.1.2", 40000);
        assertArrayEquals(bytes(
                0x03, 0x02, 0x00, 0x00,   // ifindex, host order
                0x0a, 0x00, 0x00, 0x01,   // saddr, network order
                0xc0, 0xa8, 0x01, 0x02,   // daddr
                0x00, 0x50,               // sport 80
                0x9c, 0x40),              // dport 40000
                k.toBytes());
        assertEquals(k, AdjustKey.fromBytes(k.toBytes()));
        assertEquals(AdjustKey.SIZE, k.toBytes().length);
    }

    @Test
    void valueBytes() {
        AdjustValue v = new AdjustValue(0x01020304, -1, 0x80000000, -3, 0x5a);
        assertArrayEquals(bytes(
                0x04, 0x03, 0x02, 0x01,   // seq_delta, host order
                0xff, 0xff, 0xff, 0xff,   // ack_delta = -1
                0x00, 0x00, 0x00, 0x80,   // sack_delta
                0xfd,                     // wscale_shift = -3
                0x5a,                     // flags
                0x00, 0x00),              // pad
                v.toBytes());
        assertEquals(v, AdjustValue.fromBytes(v.toBytes()));
    }

    @Test
    void spliceRulesOfTheDesign() {
        int d = 0x10; // d = p - b
        assertArrayEquals(bytes(0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0, 0, 0),
                AdjustValue.backendToClient(d, 2).toBytes());
        // "ack -= d" and "SACK -= d": ack_delta = sack_delta = -d mod 2^32
        assertArrayEquals(bytes(0, 0, 0, 0, 0xf0, 0xff, 0xff, 0xff, 0xf0, 0xff, 0xff, 0xff, 0, 0, 0, 0),
                AdjustValue.clientToBackend(d).toBytes());
    }

    @Test
    void rejectsWhatTheStructCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> AdjustKey.of(1, "10.0.0.1", 65536, "10.0.0.2", 1));
        assertThrows(IllegalArgumentException.class, () -> AdjustKey.of(0, "10.0.0.1", 1, "10.0.0.2", 1));
        assertThrows(IllegalArgumentException.class, () -> AdjustKey.of(1, "10.0.0.256", 1, "10.0.0.2", 1));
        assertThrows(IllegalArgumentException.class, () -> new AdjustValue(0, 0, 0, 15, 0));
        assertThrows(IllegalArgumentException.class, () -> new AdjustValue(0, 0, 0, 0, 256));
        byte[] padded = new AdjustValue(1, 2, 3, 4, 0).toBytes();
        padded[15] = 1;
        assertThrows(IllegalArgumentException.class, () -> AdjustValue.fromBytes(padded));
    }

    @Test
    void bpftoolHexForm() {
        assertEquals("0a 00 ff 7f", BpftoolAdjustMap.hex(bytes(0x0a, 0x00, 0xff, 0x7f)));
    }

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }
}
