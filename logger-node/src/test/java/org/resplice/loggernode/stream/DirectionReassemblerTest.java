package org.resplice.loggernode.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.resplice.loggernode.stream.RecordingStream.bytes;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.resplice.splicecore.Seq32;

class DirectionReassemblerTest {

    static final int ISN = 1_000;
    static final ReassemblyLimits ROOMY = new ReassemblyLimits(1 << 20, 1024, 64 << 10);

    final RecordingStream out = new RecordingStream();
    DirectionReassembler r = new DirectionReassembler(ISN, ROOMY, out);

    /** Sends {@code data} at stream offset {@code offset}. */
    void seg(long offset, String data) {
        byte[] b = bytes(data);
        r.segment(seqAt(offset), b, 0, b.length, false);
    }

    void finSeg(long offset, String data) {
        byte[] b = bytes(data);
        r.segment(seqAt(offset), b, 0, b.length, true);
    }

    static int seqAt(long offset) {
        return Seq32.add(ISN, 1 + offset);
    }

    StreamCounters counters() {
        return r.counters();
    }

    @Test
    void inOrderSegmentsAreDeliveredAsTheyCome() {
        seg(0, "GET ");
        seg(4, "/ HTTP/1.1\r\n");
        assertEquals(List.of("data 0 \"GET \"", "data 4 \"/ HTTP/1.1\r\n\""), out.events);
        assertEquals(16, counters().bytesDelivered());
        assertEquals(2, counters().segments());
        assertEquals(16, r.nextOffset());
    }

    @Test
    void inOrderDataIsHandedOnWithoutCopying() {
        byte[][] seen = new byte[1][];
        DirectionReassembler direct = new DirectionReassembler(ISN, ROOMY, new StreamListener() {
            @Override
            public void data(long offset, byte[] b, int off, int len) {
                seen[0] = b;
            }

            @Override
            public void gap(long from, long to) {
            }

            @Override
            public void fin(long offset) {
            }
        });
        byte[] frame = bytes("headerPAYLOADtrailer");
        direct.segment(seqAt(0), frame, 6, 7, false);
        assertEquals(frame, seen[0]);
    }

    @Test
    void aRetransmissionIsADuplicateAndDeliversNothing() {
        seg(0, "hello");
        seg(0, "hello");
        seg(5, " world");
        seg(5, " world");
        assertEquals("hello world", RecordingStream.str(out.bytes()));
        assertEquals(2, counters().duplicates());
        assertEquals(0, counters().inconsistentRetransmissions());
    }

    @Test
    void duplicateMirrorCopiesOfAnOutOfOrderSegmentAreHeldOnce() {
        seg(5, "world");
        seg(5, "world");
        assertEquals(1, r.heldSegments());
        assertEquals(5, r.heldBytes());
        seg(0, "hello");
        assertEquals(List.of("data 0 \"hello\"", "data 5 \"world\""), out.events);
        assertEquals(1, counters().duplicates());
        assertEquals(1, counters().outOfOrder());
        assertEquals(0, r.heldBytes());
    }

    @Test
    void aConsistentPartialOverlapDeliversOnlyTheNewBytes() {
        seg(0, "abcdef");
        seg(3, "defghi");
        assertEquals(List.of("data 0 \"abcdef\"", "data 6 \"ghi\""), out.events);
        assertEquals(1, counters().overlaps());
        assertEquals(0, counters().inconsistentRetransmissions());
    }

    @Test
    void anInconsistentOverlapKeepsTheFirstBytesAndIsCounted() {
        seg(0, "abcdef");
        seg(3, "XYZghi");
        assertEquals("abcdefghi", RecordingStream.str(out.bytes()));
        assertEquals(1, counters().overlaps());
        assertEquals(1, counters().inconsistentRetransmissions());
        seg(0, "abcdeX");
        assertEquals(2, counters().inconsistentRetransmissions());
        assertEquals(1, counters().duplicates());
    }

    @Test
    void anInconsistentCopyOfHeldBytesKeepsTheHeldOnes() {
        seg(4, "efgh");
        seg(2, "cdEFghij");
        seg(0, "ab");
        assertEquals("abcdefghij", RecordingStream.str(out.bytes()));
        assertEquals(1, counters().inconsistentRetransmissions());
        assertEquals(2, counters().outOfOrder());
    }

    @Test
    void anInOrderSegmentReachingIntoHeldBytesDeliversTheHeldCopyThere() {
        seg(6, "gh");
        seg(10, "kl");
        seg(0, "abcdefGHijKLmn");
        assertEquals("abcdefghijklmn", RecordingStream.str(out.bytes()));
        assertEquals(1, counters().inconsistentRetransmissions());
        assertEquals(1, counters().overlaps());
        assertEquals(0, r.heldSegments());
    }

    @Test
    void reorderedSegmentsAreHeldAndDeliveredInOrder() {
        seg(8, "ij");
        seg(4, "efgh");
        seg(2, "cd");
        assertEquals(List.of(), out.events);
        assertEquals(3, r.heldSegments());
        seg(0, "ab");
        assertEquals(List.of("data 0 \"ab\"", "data 2 \"cd\"", "data 4 \"efgh\"", "data 8 \"ij\""), out.events);
        assertEquals(3, counters().outOfOrder());
        assertEquals(0, r.heldSegments());
    }

    @Test
    void aSegmentSpanningSeveralHoldsOnlyCopiesTheHoles() {
        seg(2, "cd");
        seg(6, "gh");
        seg(1, "bcdefghi");
        assertEquals(5, r.heldSegments()); // the two held pieces plus the holes [1,2) [4,6) [8,9)
        assertEquals(8, r.heldBytes());
        seg(0, "a");
        assertEquals("abcdefghi", RecordingStream.str(out.bytes()));
        assertEquals(0, counters().inconsistentRetransmissions());
    }

    @Test
    void theAcknowledgedRangeMissingFromTheCaptureBecomesAGap() {
        seg(0, "ab");
        seg(6, "gh");
        r.acknowledged(4);
        assertEquals(List.of("data 0 \"ab\"", "gap 2 4"), out.events);
        r.acknowledged(10);
        assertEquals(List.of("data 0 \"ab\"", "gap 2 4", "gap 4 6", "data 6 \"gh\"", "gap 8 10"), out.events);
        assertEquals(3, counters().gaps());
        assertEquals(6, counters().gapBytes());
        seg(10, "kl");
        assertEquals("data 10 \"kl\"", out.events.get(out.events.size() - 1));
    }

    @Test
    void anAckOfBytesAlreadyDeliveredChangesNothing() {
        seg(0, "abcd");
        r.acknowledged(2);
        r.acknowledged(4);
        assertEquals(List.of("data 0 \"abcd\""), out.events);
        assertEquals(0, counters().gaps());
    }

    @Test
    void bytesArrivingAfterTheirGapWasDeclaredAreDuplicates() {
        r.acknowledged(3);
        seg(0, "abcde");
        assertEquals(List.of("gap 0 3", "data 3 \"de\""), out.events);
        assertEquals(1, counters().overlaps());
        seg(0, "abc");
        assertEquals(1, counters().duplicates());
        assertEquals(0, counters().inconsistentRetransmissions()); // unknown bytes are not held against them
    }

    @Test
    void flushTurnsEveryHoleUpToTheFurthestByteIntoGaps() {
        seg(0, "ab");
        seg(4, "ef");
        seg(9, "j");
        r.flush();
        assertEquals(List.of("data 0 \"ab\"", "gap 2 4", "data 4 \"ef\"", "gap 6 9", "data 9 \"j\""), out.events);
        assertEquals(10, r.nextOffset());
        seg(10, "k");
        assertEquals("data 10 \"k\"", out.events.get(out.events.size() - 1));
    }

    @Test
    void flushAfterAFinFillsUpToTheFin() {
        seg(0, "ab");
        finSeg(6, "");
        r.flush();
        assertEquals(List.of("data 0 \"ab\"", "gap 2 6", "fin 6"), out.events);
    }

    @Test
    void tooManyHeldBytesGiveUpOnTheFirstHole() {
        r = new DirectionReassembler(ISN, new ReassemblyLimits(6, 100, 1024), out);
        seg(2, "cd");
        seg(6, "gh");
        seg(10, "kl");
        assertEquals(List.of(), out.events);
        seg(14, "op"); // 8 bytes held > 6
        assertEquals(List.of("gap 0 2", "data 2 \"cd\""), out.events);
        assertEquals(6, r.heldBytes());
        seg(4, "ef");
        assertEquals(List.of("gap 0 2", "data 2 \"cd\"", "data 4 \"ef\"", "data 6 \"gh\""), out.events);
        assertEquals(1, counters().gaps());
        assertEquals(2, counters().gapBytes());
    }

    @Test
    void tooManyHeldSegmentsGiveUpOnTheFirstHole() {
        r = new DirectionReassembler(ISN, new ReassemblyLimits(1 << 20, 2, 1024), out);
        seg(1, "b");
        seg(3, "d");
        seg(5, "f");
        assertEquals(List.of("gap 0 1", "data 1 \"b\""), out.events);
        assertEquals(2, r.heldSegments());
    }

    @Test
    void withNothingHeldEveryHoleIsAGapAtOnce() {
        r = new DirectionReassembler(ISN, new ReassemblyLimits(0, 0, 0), out);
        seg(3, "de");
        assertEquals(List.of("gap 0 3", "data 3 \"de\""), out.events);
        seg(0, "abc");
        assertEquals(1, counters().duplicates());
    }

    @Test
    void theFinTakesOneSequenceNumberAndIsReportedAfterTheData() {
        seg(0, "bye");
        finSeg(3, "!");
        assertEquals(List.of("data 0 \"bye\"", "data 3 \"!\"", "fin 4"), out.events);
        assertEquals(4, r.finOffset());
        // The peer's ACK of the FIN is one beyond the last byte; it is not a gap.
        r.acknowledged(5);
        assertEquals(3, out.events.size());
        // A retransmitted FIN is a duplicate.
        finSeg(3, "!");
        assertEquals(1, counters().duplicates());
    }

    @Test
    void aFinBeyondAHoleWaitsForTheHole() {
        finSeg(3, "d");
        assertEquals(List.of(), out.events);
        seg(0, "abc");
        assertEquals(List.of("data 0 \"abc\"", "data 3 \"d\"", "fin 4"), out.events);
        assertEquals(1, counters().outOfOrder());
    }

    @Test
    void dataAfterTheFinIsAProtocolErrorAndIgnored() {
        finSeg(0, "ab");
        seg(2, "cd");
        seg(1, "bc"); // b is a fine retransmission, c lies beyond the FIN
        assertEquals(List.of("data 0 \"ab\"", "fin 2"), out.events);
        assertEquals(2, counters().dataAfterFin());
        assertEquals(2, r.highestOffset()); // ignored bytes do not move the sequence anchor
        finSeg(0, "a"); // a FIN at another place
        assertEquals(3, counters().dataAfterFin());
    }

    @Test
    void aFinBeforeBytesAlreadySeenIsIgnored() {
        seg(0, "abcd");
        finSeg(0, "ab");
        assertEquals(1, counters().dataAfterFin());
        assertEquals(DirectionReassembler.NO_FIN, r.finOffset());
    }

    @Test
    void synRetransmitsAndPureAcksCarryNothing() {
        r.segment(ISN, new byte[0], 0, 0, false); // a SYN's own sequence number
        r.segment(seqAt(0), new byte[0], 0, 0, false);
        seg(0, "x");
        r.segment(seqAt(1), new byte[0], 0, 0, false);
        assertEquals(List.of("data 0 \"x\""), out.events);
        assertEquals(4, counters().segments());
        assertEquals(0, counters().duplicates());
    }

    @Test
    void aByteAtTheSynsSequenceNumberIsNotData() {
        byte[] b = bytes("Sabc");
        r.segment(ISN, b, 0, b.length, false);
        assertEquals(List.of("data 0 \"abc\""), out.events);
    }

    @Test
    void aSegmentFarBeyondAnythingSeenIsIgnored() {
        seg(0, "ab");
        seg(2 + (1L << 30) + 1, "zz");
        r.flush();
        assertEquals(List.of("data 0 \"ab\""), out.events);
        assertEquals(1, counters().implausibleSegments());
    }

    @Test
    void aMultiMegabyteStreamCrossesTheWrap() {
        int isn = -100_000; // 2^32 - 100000: the sequence numbers wrap after about 100 kB
        RecordingStream stream = new RecordingStream(false);
        DirectionReassembler wrap = new DirectionReassembler(isn, ROOMY, stream);
        byte[] data = new byte[5 << 20];
        new Random(7).nextBytes(data);
        int mss = 1448;
        int segments = (data.length + mss - 1) / mss;
        // Swap neighbouring pairs and send every tenth segment twice.
        for (int i = 0; i < segments; i += 2) {
            int[] order = i + 1 < segments ? new int[] {i + 1, i} : new int[] {i};
            for (int s : order) {
                int from = s * mss;
                int len = Math.min(mss, data.length - from);
                wrap.segment(Seq32.add(isn, 1L + from), data, from, len, false);
                if (s % 10 == 0) {
                    wrap.segment(Seq32.add(isn, 1L + from), data, from, len, false);
                }
            }
        }
        wrap.segment(Seq32.add(isn, 1L + data.length), new byte[0], 0, 0, true);
        assertArrayEquals(data, stream.bytes());
        assertEquals(data.length, stream.fin);
        assertEquals(0, wrap.counters().gaps());
        assertEquals(0, wrap.counters().inconsistentRetransmissions());
        assertEquals((segments + 9) / 10, wrap.counters().duplicates());
    }

    @Test
    void offsetsKeepCountingPastFourGigabytes() {
        // One buffer sent again and again: 5 GiB of stream, so the 32-bit sequence space wraps
        // more than once and offsets go past 2^32. Pairs are swapped to hold bytes across wraps.
        long total = 5L << 30;
        byte[] chunk = new byte[1 << 16];
        new Random(3).nextBytes(chunk);
        long[] delivered = new long[1];
        int isn = 0x7FFF_FF00;
        DirectionReassembler big = new DirectionReassembler(isn, new ReassemblyLimits(1 << 20, 16, 0),
                new StreamListener() {
                    @Override
                    public void data(long offset, byte[] b, int off, int len) {
                        assertEquals(delivered[0], offset);
                        delivered[0] += len;
                    }

                    @Override
                    public void gap(long from, long to) {
                        throw new AssertionError("gap " + from + "-" + to);
                    }

                    @Override
                    public void fin(long offset) {
                        assertEquals(total, offset);
                    }
                });
        for (long at = 0; at < total; at += 2L * chunk.length) {
            big.segment(Seq32.add(isn, 1 + at + chunk.length), chunk, 0, chunk.length, false);
            big.segment(Seq32.add(isn, 1 + at), chunk, 0, chunk.length, false);
        }
        big.segment(Seq32.add(isn, 1 + total), chunk, 0, 0, true);
        assertEquals(total, delivered[0]);
        assertEquals(total, big.nextOffset());
        assertEquals(total, big.finOffset());
    }

    @Test
    void aRetransmissionOlderThanTheHistoryIsNotChecked() {
        r = new DirectionReassembler(ISN, new ReassemblyLimits(1 << 20, 1024, 4), out);
        seg(0, "abcdefgh");
        seg(0, "XXXXefgh"); // only the last 4 bytes are remembered, and they agree
        assertEquals(0, counters().inconsistentRetransmissions());
        seg(4, "efgX");
        assertEquals(1, counters().inconsistentRetransmissions());
    }
}
