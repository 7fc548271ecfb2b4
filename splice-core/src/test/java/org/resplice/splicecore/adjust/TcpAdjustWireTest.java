package org.resplice.splicecore.adjust;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TcpAdjustWireTest {

    @Test
    void layoutIsExactlyTheDocumentedOne() {
        byte[] bytes = TcpAdjustWire.encode(TcpAdjustment.of(0x01020304, 0xfffffffe, 0x0a0b0c0d, -3));
        assertArrayEquals(new byte[]{
            (byte) 0xff, (byte) 0xff, 0, 24,
            0x00, 0x52, 0x53, 0x50,
            0, 1, (byte) 0xfd, 0,
            1, 2, 3, 4,
            (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe,
            0x0a, 0x0b, 0x0c, 0x0d}, bytes);
    }

    @Property
    void roundTrip(@ForAll int seq, @ForAll int ack, @ForAll int sack, @ForAll @IntRange(min = -14, max = 14) int shift) {
        TcpAdjustment a = TcpAdjustment.of(seq, ack, sack, shift);
        byte[] inFrame = new byte[40];
        System.arraycopy(TcpAdjustWire.encode(a), 0, inFrame, 8, TcpAdjustWire.LENGTH);
        assertTrue(TcpAdjustWire.isTcpAdjust(inFrame, 8, 32));
        assertEquals(a, TcpAdjustWire.decode(inFrame, 8, 32));
    }

    @Test
    void spliceDirectionsUndoEachOther() {
        int d = 0x80000005;
        TcpAdjustment toClient = TcpAdjustment.towardClient(d, 0);
        TcpAdjustment toBackend = TcpAdjustment.towardBackend(d);
        int backendSeq = 0xfffffff0;
        int clientSeesSeq = backendSeq + toClient.seqDelta();
        assertEquals(backendSeq, clientSeesSeq + toBackend.ackDelta(), "the client's ACK maps back to backend space");
    }

    @Test
    void malformedActionsAreNamed() {
        byte[] ok = TcpAdjustWire.encode(TcpAdjustment.of(1, 2, 3, 0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TcpAdjustWire.decode(ok, 0, 20))
                .getMessage().contains("truncated"));
        byte[] badLen = ok.clone();
        badLen[3] = 16;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TcpAdjustWire.decode(badLen, 0, 24))
                .getMessage().contains("len must be 24"));
        byte[] other = ok.clone();
        other[5] = 0x23; // another experimenter
        assertFalse(TcpAdjustWire.isTcpAdjust(other, 0, 24));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TcpAdjustWire.decode(other, 0, 24))
                .getMessage().contains("not resplice's"));
        byte[] flags = ok.clone();
        flags[11] = 1;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TcpAdjustWire.decode(flags, 0, 24))
                .getMessage().contains("flags"));
        assertThrows(IllegalArgumentException.class, () -> TcpAdjustment.of(0, 0, 0, 15));
    }
}
