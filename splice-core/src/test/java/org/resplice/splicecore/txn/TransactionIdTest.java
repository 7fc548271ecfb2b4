package org.resplice.splicecore.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TransactionIdTest {

    private static final int IP = 0x0A000001; // 10.0.0.1

    @Test
    void layoutIsAddressPortOrdinal() {
        assertEquals(0x0A000001_9C40_0007L, TransactionId.of(IP, 40000, 7));
        assertEquals(0xC0A80101_0050_FFFFL, TransactionId.of(0xC0A80101, 80, 0xFFFF));
        assertEquals("10.0.0.1:40000#7", TransactionId.toString(TransactionId.of(IP, 40000, 7)));
        assertEquals("255.255.255.255:65535#65535", TransactionId.toString(TransactionId.of(-1, 65535, 65535)));
        assertEquals(TransactionId.of(IP, 1, 0), TransactionId.connectionBase(IP, 1));
    }

    @Test
    void ordinalIsCappedNotWrapped() {
        assertEquals(65535, TransactionId.MAX_ORDINAL);
        TransactionId.of(IP, 1, 65535);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TransactionId.of(IP, 1, 65536));
        assertTrue(e.getMessage().contains("ordinal"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TransactionId.of(IP, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> TransactionId.of(IP, 65536, 0));
        assertThrows(IllegalArgumentException.class, () -> TransactionId.of(IP, -1, 0));
    }

    @Property
    void roundTrips(@ForAll int ip, @ForAll @IntRange(min = 0, max = 65535) int port,
            @ForAll @IntRange(min = 0, max = 65535) int ordinal) {
        long id = TransactionId.of(ip, port, ordinal);
        assertEquals(ip, TransactionId.clientIpv4(id));
        assertEquals(port, TransactionId.clientPort(id));
        assertEquals(ordinal, TransactionId.ordinal(id));
    }

    @Property
    void distinctInputsGiveDistinctIdsAndOrdinalsOrderIds(@ForAll int ip, @ForAll @IntRange(max = 65535) int port,
            @ForAll @IntRange(max = 65534) int a, @ForAll @IntRange(min = 1, max = 65535) int step) {
        int b = Math.min(65535, a + step);
        long ia = TransactionId.of(ip, port, a);
        long ib = TransactionId.of(ip, port, b);
        assertNotEquals(ia, ib);
        assertTrue(Long.compareUnsigned(ia, ib) < 0);
        assertNotEquals(ia, TransactionId.of(ip, port ^ 1, a));
        assertNotEquals(ia, TransactionId.of(ip ^ 1, port, a));
    }
}
