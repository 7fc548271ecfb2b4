package org.resplice.loggernode.stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class DeliveredHistoryTest {

    @Test
    void remembersTheNewestBytesAcrossTheRingsEndAndGrowth() {
        byte[] stream = new byte[100_000];
        new Random(1).nextBytes(stream);
        DeliveredHistory h = new DeliveredHistory(10_000);
        Random r = new Random(2);
        int at = 0;
        while (at < stream.length) {
            int len = Math.min(stream.length - at, 1 + r.nextInt(3000));
            h.record(at, stream, at, len);
            at += len;
            // The newest bytes agree; a changed one among them does not.
            int back = Math.min(at, 10_000);
            assertTrue(h.agrees(at - back, stream, at - back, back));
            byte[] changed = stream.clone();
            changed[at - 1 - r.nextInt(back)] ^= 1;
            assertFalse(h.agrees(at - back, changed, at - back, back));
        }
    }

    @Test
    void bytesOlderThanTheBoundOrBeforeAGapAreUnknownAndAgree() {
        DeliveredHistory h = new DeliveredHistory(4);
        h.record(0, RecordingStream.bytes("abcdefgh"), 0, 8);
        assertTrue(h.agrees(0, RecordingStream.bytes("XXXXefgh"), 0, 8));
        assertFalse(h.agrees(0, RecordingStream.bytes("XXXXefgX"), 0, 8));
        h.restartAt(20);
        assertTrue(h.agrees(4, RecordingStream.bytes("XXXX"), 0, 4));
        h.record(20, RecordingStream.bytes("uv"), 0, 2);
        assertFalse(h.agrees(18, RecordingStream.bytes("XXuX"), 0, 4));
        assertTrue(h.agrees(18, RecordingStream.bytes("XXuv"), 0, 4));
    }

    @Test
    void aZeroBoundKeepsNothing() {
        DeliveredHistory h = new DeliveredHistory(0);
        h.record(0, RecordingStream.bytes("abc"), 0, 3);
        assertTrue(h.agrees(0, RecordingStream.bytes("XYZ"), 0, 3));
    }

    @Test
    void recordsMustFollowEachOther() {
        DeliveredHistory h = new DeliveredHistory(16);
        h.record(0, RecordingStream.bytes("abc"), 0, 3);
        assertThrows(IllegalStateException.class, () -> h.record(4, RecordingStream.bytes("e"), 0, 1));
    }
}
