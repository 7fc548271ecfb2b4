package org.resplice.loggernode.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import org.resplice.splicecore.Seq32;
import org.resplice.splicecore.packet.TcpSegment;

/**
 * A long stream cut into segments, shuffled, duplicated and partly dropped, against the original:
 * without drops the rebuilt stream is the original; with drops it is the original with exactly the
 * dropped ranges reported as gaps, whether the gaps are found by flushing or by the peer's ACKs.
 * Sequence numbers start anywhere, so many streams cross the 2^32 wrap.
 */
class StreamRebuildPropertyTest {

    /** A segment to send: {@code [offset, offset + len)} of the data, then maybe the FIN. */
    record Piece(long offset, int len, boolean fin) {
    }

    @Property(tries = 200)
    void shuffledAndDuplicatedSegmentsRebuildTheOriginal(@ForAll long seed, @ForAll int isn,
            @ForAll @IntRange(min = 1, max = 100_000) int length, @ForAll @IntRange(min = 1, max = 3000) int mss,
            @ForAll @IntRange(max = 50) int retransmitPercent) {
        Random random = new Random(seed);
        byte[] data = randomBytes(random, length);
        List<Piece> pieces = cut(random, length, mss);
        // Retransmissions cut differently from the originals overlap them partly.
        int retransmissions = pieces.size() * retransmitPercent / 100;
        for (int i = 0; i < retransmissions; i++) {
            int from = random.nextInt(length);
            pieces.add(new Piece(from, 1 + random.nextInt(Math.min(mss, length - from)), false));
        }
        pieces.add(new Piece(length, 0, true));
        List<Piece> sent = duplicateAndShuffle(random, pieces);

        RecordingStream out = new RecordingStream(false);
        DirectionReassembler r = new DirectionReassembler(isn, roomy(length), out);
        for (Piece p : sent) {
            r.segment(Seq32.add(isn, 1 + p.offset()), data, (int) p.offset(), p.len(), p.fin());
        }

        // Complete without a flush: nothing was lost, so nothing may be waiting.
        assertArrayEquals(data, out.bytes());
        assertEquals(length, out.fin);
        assertEquals(List.of(), out.gapRanges());
        assertEquals(length, r.counters().bytesDelivered());
        assertEquals(0, r.counters().inconsistentRetransmissions());
        assertEquals(0, r.heldBytes());
    }

    @Property(tries = 200)
    void droppedSegmentsBecomeExactlyTheGapsAtFlush(@ForAll long seed, @ForAll int isn,
            @ForAll @IntRange(min = 1, max = 100_000) int length, @ForAll @IntRange(min = 1, max = 3000) int mss,
            @ForAll @IntRange(max = 40) int dropPercent) {
        Random random = new Random(seed);
        byte[] data = randomBytes(random, length);
        List<Piece> pieces = cut(random, length, mss);
        boolean[] dropped = new boolean[length];
        List<Piece> kept = dropSome(random, pieces, dropPercent, dropped);
        kept.add(new Piece(length, 0, true)); // the FIN tells where the stream ends
        List<Piece> sent = duplicateAndShuffle(random, kept);

        RecordingStream out = new RecordingStream(false);
        DirectionReassembler r = new DirectionReassembler(isn, roomy(length), out);
        for (Piece p : sent) {
            r.segment(Seq32.add(isn, 1 + p.offset()), data, (int) p.offset(), p.len(), p.fin());
        }
        r.flush();

        assertArrayEquals(withZerosWhere(data, dropped), out.bytes());
        assertEquals(runs(dropped), coalesce(out.gaps));
        assertEquals(length, out.fin);
    }

    @Property(tries = 200)
    void holesTheReceiverAcknowledgedBecomeGapsBeforeTheAck(@ForAll long seed, @ForAll int clientIsn,
            @ForAll int backendIsn, @ForAll @IntRange(min = 1, max = 100_000) int length,
            @ForAll @IntRange(min = 1, max = 3000) int mss, @ForAll @IntRange(max = 40) int dropPercent) {
        Random random = new Random(seed);
        byte[] data = randomBytes(random, length);
        List<Piece> pieces = cut(random, length, mss);
        pieces.add(new Piece(length, 0, true));
        // What passes the switch, in switch order: the receiver gets all of it, the capture
        // misses every copy of the dropped segments (never the FIN).
        List<Piece> onTheWire = duplicateAndShuffle(random, pieces);
        boolean[] dropped = new boolean[length];
        Set<Piece> droppedPieces = new HashSet<>();
        for (Piece p : pieces) {
            if (!p.fin() && random.nextInt(100) < dropPercent) {
                droppedPieces.add(p);
                for (long i = p.offset(); i < p.offset() + p.len(); i++) {
                    dropped[(int) i] = true;
                }
            }
        }

        RecordingSink sink = new RecordingSink(false);
        SplicedConnectionTracker t = new SplicedConnectionTracker(clientIsn, backendIsn, sink,
                roomy(length));
        byte[] none = new byte[0];
        int serverSeq = Seq32.add(backendIsn, 1);
        boolean[] received = new boolean[length + 1];
        long receiverNext = 0;
        for (Piece p : onTheWire) {
            if (!droppedPieces.contains(p)) {
                t.clientSegment(Seq32.add(clientIsn, 1 + p.offset()), serverSeq,
                        TcpSegment.ACK | (p.fin() ? TcpSegment.FIN : 0), data, (int) p.offset(), p.len());
            }
            for (long i = p.offset(); i < p.offset() + p.len() + (p.fin() ? 1 : 0); i++) {
                received[(int) i] = true;
            }
            while (receiverNext <= length && received[(int) receiverNext]) {
                receiverNext++;
            }
            // The receiver acknowledges its contiguous prefix now and then; the capture sees it
            // after the data, as the mirror sees packets in switch order.
            if (random.nextInt(3) == 0) {
                t.serverSegment(serverSeq, Seq32.add(clientIsn, 1 + receiverNext), TcpSegment.ACK, none, 0, 0);
            }
        }
        t.serverSegment(serverSeq, Seq32.add(clientIsn, 1 + receiverNext), TcpSegment.ACK, none, 0, 0);

        // The final ACK covered everything, so no flush is needed.
        assertArrayEquals(withZerosWhere(data, dropped), sink.client.bytes());
        assertEquals(runs(dropped), coalesce(sink.client.gaps));
        assertEquals(length, sink.client.fin);
        assertEquals(length, t.ackedByServer());
        assertEquals(0, t.clientCounters().bogusAcks());
    }

    @Property(tries = 200)
    void tightBoundsGiveUpEarlyButNeverInventOrRepeatBytes(@ForAll long seed, @ForAll int isn,
            @ForAll @IntRange(min = 1, max = 50_000) int length, @ForAll @IntRange(min = 1, max = 1500) int mss,
            @ForAll @IntRange(max = 30) int dropPercent, @ForAll @IntRange(max = 8000) int maxHeldBytes,
            @ForAll @IntRange(max = 8) int maxHeldSegments) {
        Random random = new Random(seed);
        byte[] data = randomBytes(random, length);
        boolean[] dropped = new boolean[length];
        List<Piece> kept = dropSome(random, cut(random, length, mss), dropPercent, dropped);
        kept.add(new Piece(length, 0, true));
        List<Piece> sent = duplicateAndShuffle(random, kept);

        RecordingStream out = new RecordingStream(false);
        DirectionReassembler r = new DirectionReassembler(isn,
                new ReassemblyLimits(maxHeldBytes, maxHeldSegments, 4096), out);
        for (Piece p : sent) {
            r.segment(Seq32.add(isn, 1 + p.offset()), data, (int) p.offset(), p.len(), p.fin());
            assertTrue(r.heldBytes() <= maxHeldBytes && r.heldSegments() <= maxHeldSegments);
        }
        r.flush();

        // RecordingStream checked that the stream was covered once, in order; here: every byte
        // delivered is the original one, and every dropped byte lies in a gap.
        byte[] rebuilt = out.bytes();
        assertEquals(length, rebuilt.length);
        boolean[] inGap = new boolean[length];
        for (long[] g : out.gaps) {
            for (long i = g[0]; i < g[1]; i++) {
                inGap[(int) i] = true;
            }
        }
        for (int i = 0; i < length; i++) {
            assertTrue(inGap[i] || (!dropped[i] && rebuilt[i] == data[i]), "byte " + i);
        }
        assertEquals(length, out.fin);
        assertEquals(length, r.counters().bytesDelivered() + r.counters().gapBytes());
    }

    static ReassemblyLimits roomy(int length) {
        return new ReassemblyLimits(length, length + 1, 64 << 10);
    }

    static byte[] randomBytes(Random random, int length) {
        byte[] data = new byte[length];
        random.nextBytes(data);
        return data;
    }

    /** Disjoint segments of 1 to mss bytes covering {@code [0, length)}. */
    static List<Piece> cut(Random random, int length, int mss) {
        List<Piece> pieces = new ArrayList<>();
        for (int at = 0; at < length; ) {
            int len = Math.min(length - at, 1 + random.nextInt(mss));
            pieces.add(new Piece(at, len, false));
            at += len;
        }
        return pieces;
    }

    /** Keeps each piece with probability 1 - dropPercent, marking the bytes of the others. */
    static List<Piece> dropSome(Random random, List<Piece> pieces, int dropPercent, boolean[] dropped) {
        List<Piece> kept = new ArrayList<>();
        for (Piece p : pieces) {
            if (random.nextInt(100) < dropPercent) {
                for (long i = p.offset(); i < p.offset() + p.len(); i++) {
                    dropped[(int) i] = true;
                }
            } else {
                kept.add(p);
            }
        }
        return kept;
    }

    /** Every piece one to three times, in random order. */
    static List<Piece> duplicateAndShuffle(Random random, List<Piece> pieces) {
        List<Piece> out = new ArrayList<>();
        for (Piece p : pieces) {
            int copies = random.nextInt(4) == 0 ? 2 + random.nextInt(2) : 1;
            for (int c = 0; c < copies; c++) {
                out.add(p);
            }
        }
        Collections.shuffle(out, random);
        return out;
    }

    static byte[] withZerosWhere(byte[] data, boolean[] dropped) {
        byte[] out = data.clone();
        for (int i = 0; i < out.length; i++) {
            if (dropped[i]) {
                out[i] = 0;
            }
        }
        return out;
    }

    /** The maximal runs of true, as "from-to". */
    static List<String> runs(boolean[] marked) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < marked.length; ) {
            if (!marked[i]) {
                i++;
                continue;
            }
            int from = i;
            while (i < marked.length && marked[i]) {
                i++;
            }
            out.add(from + "-" + i);
        }
        return out;
    }

    /** Gaps with adjacent ones joined (one lost run may be found in several steps), as "from-to". */
    static List<String> coalesce(List<long[]> gaps) {
        List<String> out = new ArrayList<>();
        long from = -1;
        long to = -1;
        for (long[] g : gaps) {
            if (g[0] == to) {
                to = g[1];
                continue;
            }
            if (from >= 0) {
                out.add(from + "-" + to);
            }
            from = g[0];
            to = g[1];
        }
        if (from >= 0) {
            out.add(from + "-" + to);
        }
        return out;
    }
}
