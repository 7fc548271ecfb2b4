package org.resplice.loggernode.stream;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.resplice.splicecore.Seq32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds one direction of a TCP connection from the segments a mirror port captured, and hands
 * it to a {@link StreamListener} as in-order, non-overlapping data, gaps and the FIN, with 64-bit
 * stream offsets (offset 0 is sequence number {@code isn + 1}).
 *
 * <p>Segments may come retransmitted, partly overlapping, out of order or duplicated by the mirror.
 * The first copy of a byte wins: later copies are only compared with it (when it is still in the
 * {@linkplain ReassemblyLimits#historyBytes() history}) and counted. Bytes that arrive in order are
 * handed on straight from the caller's array; bytes beyond a hole are copied once and held, within
 * {@link ReassemblyLimits}.
 *
 * <p>The capture can lose packets, and the logger never invents bytes, so a hole becomes a
 * {@linkplain StreamListener#gap gap} when (a) the peer {@linkplain #acknowledged acknowledges}
 * bytes beyond it: the mirror sees packets in switch order, so data passes before its ACK and an
 * acknowledged byte not seen by now never will be; (b) the held bytes outgrow their bound; or (c)
 * the stream is {@linkplain #flush() flushed}. Delivery continues after a gap.
 *
 * <p>32-bit sequence numbers are mapped to offsets relative to the highest offset seen so far, so a
 * stream may be any length and cross the 2^32 wrap any number of times, as long as no segment
 * lies 2^31 or more away from the furthest byte seen.
 *
 * <p>Not thread-safe: one capture parse thread drives it.
 */
public final class DirectionReassembler {

    /**
     * How far beyond the furthest byte seen a segment or an ACK may plausibly lie: a TCP window is
     * at most 2^30 bytes (RFC 7323 §2.3). Anything further is not this stream and is ignored.
     */
    public static final long PLAUSIBLE_AHEAD = 1L << 30;

    /** {@link #finOffset()} before a FIN was seen. */
    public static final long NO_FIN = -1;

    private static final Logger LOG = LoggerFactory.getLogger(DirectionReassembler.class);

    /** Outcome bits of {@link #hold}. */
    private static final int HELD_NEW = 1;
    private static final int SAW_HELD = 2;
    private static final int DIFFERS = 4;

    private final int firstSeq;
    private final ReassemblyLimits limits;
    private final StreamListener listener;
    private final StreamCounters counters = new StreamCounters();
    private final DeliveredHistory history;
    /** Out-of-order pieces by start offset: disjoint, all starting beyond nextOffset. */
    private final TreeMap<Long, byte[]> held = new TreeMap<>();
    private long heldBytes;
    /** Every byte before this was delivered or reported as a gap. */
    private long nextOffset;
    /** The end of the furthest byte seen or skipped as a gap; sequence numbers are mapped around it. */
    private long highestOffset;
    private long finOffset = NO_FIN;
    private boolean finDelivered;

    /**
     * @param isn      the initial sequence number of this direction (the SYN's); offset 0 is {@code isn + 1}
     * @param limits   memory bounds
     * @param listener receives the rebuilt stream
     */
    public DirectionReassembler(int isn, ReassemblyLimits limits, StreamListener listener) {
        this.firstSeq = Seq32.add(isn, 1);
        this.limits = Objects.requireNonNull(limits, "limits");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.history = new DeliveredHistory(limits.historyBytes());
    }

    /**
     * The stream offset of sequence number {@code seq}, taken as the one nearest the furthest byte
     * seen (negative for the SYN and anything before it).
     */
    public long offsetOf(int seq) {
        return highestOffset + Seq32.diff(seq, Seq32.add(firstSeq, highestOffset));
    }

    /**
     * Takes one captured segment of this direction.
     *
     * @param seq the segment's sequence number (of its first payload byte, or of the FIN when it has none)
     * @param b   holds the payload; read only during the call
     * @param off where the payload starts in {@code b}
     * @param len payload length, 0 for a pure ACK
     * @param fin whether the FIN flag is set (the FIN takes the sequence number after the payload)
     */
    public void segment(int seq, byte[] b, int off, int len, boolean fin) {
        Objects.checkFromIndexSize(off, len, b.length);
        counters.countSegment();
        if (len == 0 && !fin) {
            return; // a pure ACK, window update or keep-alive: nothing of the stream
        }
        long start = offsetOf(seq);
        if (start - highestOffset > PLAUSIBLE_AHEAD) {
            counters.countImplausibleSegment();
            LOG.debug("ignoring segment at seq {}, {} bytes beyond anything seen", Seq32.toString(seq),
                    start - highestOffset);
            return;
        }
        long end = start + len;
        if (start < 0) {
            // Offset -1 is the SYN's sequence number; nothing before offset 0 is data.
            if (end < 0 || (end == 0 && !fin)) {
                counters.countDuplicate();
                return;
            }
            off += (int) -start;
            start = 0;
        }

        boolean sawOld = false;
        boolean sawNew = false;
        if (finOffset != NO_FIN) {
            if (end > finOffset || (fin && end != finOffset)) {
                counters.countDataAfterFin();
                end = Math.min(end, finOffset);
                start = Math.min(start, end); // nothing of it counts, not even as the furthest byte seen
            } else if (fin) {
                sawOld = true; // the FIN again
            }
        } else if (fin) {
            if (highestOffset > end) {
                counters.countDataAfterFin(); // bytes beyond this FIN were seen first; they win
            } else {
                finOffset = end;
                sawNew = true;
            }
        }

        boolean beyondNext = start > nextOffset;
        boolean differs = false;
        long pos = start;
        if (pos < nextOffset && pos < end) {
            // Bytes already delivered (or given up as a gap): check them, deliver nothing.
            long oldEnd = Math.min(end, nextOffset);
            sawOld = true;
            differs = !history.agrees(pos, b, off, (int) (oldEnd - pos));
            pos = oldEnd;
        }
        if (pos == nextOffset && pos < end) {
            // The next expected bytes, up to the first held piece: hand them on without copying.
            long until = held.isEmpty() ? end : Math.min(end, held.firstKey());
            deliver(pos, b, off + (int) (pos - start), (int) (until - pos));
            sawNew = true;
            pos = until;
        }
        if (pos < end) {
            // Beyond a hole, or overlapping held pieces: keep a copy of what is new.
            int outcome = hold(pos, end, b, off + (int) (pos - start));
            sawNew |= (outcome & HELD_NEW) != 0;
            sawOld |= (outcome & SAW_HELD) != 0;
            differs |= (outcome & DIFFERS) != 0;
        }
        highestOffset = Math.max(highestOffset, end);

        if (!sawNew) {
            if (sawOld) {
                counters.countDuplicate();
            }
        } else if (beyondNext) {
            counters.countOutOfOrder();
        } else if (sawOld) {
            counters.countOverlap();
        }
        if (differs) {
            counters.countInconsistentRetransmission();
        }

        drainHeld();
        deliverFinIfDue();
        enforceHoldBounds();
    }

    /**
     * The peer acknowledged every byte before {@code ackOffset} (gap rule a): holes below it that no
     * held piece fills were lost by the capture and become gaps, and held bytes after them are
     * delivered. An ACK of the FIN is taken as an ACK of the bytes before it.
     */
    public void acknowledged(long ackOffset) {
        fillHolesUpTo(finOffset == NO_FIN ? ackOffset : Math.min(ackOffset, finOffset));
    }

    /**
     * Gives up waiting (gap rule c), when the connection ended or went idle: every hole up to the
     * FIN, or else up to the furthest byte seen, becomes a gap, and all held bytes are delivered.
     * Segments may still follow.
     */
    public void flush() {
        fillHolesUpTo(finOffset == NO_FIN ? highestOffset : finOffset);
        deliverFinIfDue();
    }

    /** Every byte before this offset has been delivered or reported as a gap. */
    public long nextOffset() {
        return nextOffset;
    }

    /** The end of the furthest byte seen, or skipped over as a gap. */
    public long highestOffset() {
        return highestOffset;
    }

    /** Where the stream ends, once a FIN was seen; {@link #NO_FIN} before. */
    public long finOffset() {
        return finOffset;
    }

    /** Out-of-order bytes held now. */
    public long heldBytes() {
        return heldBytes;
    }

    /** Out-of-order pieces held now. */
    public int heldSegments() {
        return held.size();
    }

    /** What happened so far; live, not a copy. */
    public StreamCounters counters() {
        return counters;
    }

    private void deliver(long offset, byte[] b, int off, int len) {
        listener.data(offset, b, off, len);
        history.record(offset, b, off, len);
        counters.countDelivered(len);
        nextOffset = offset + len;
    }

    /**
     * Holds the parts of {@code [from, to)} (found at {@code b[off]}) that no held piece has yet,
     * and compares the parts that one has. Returns {@link #HELD_NEW}, {@link #SAW_HELD} and
     * {@link #DIFFERS} bits.
     */
    private int hold(long from, long to, byte[] b, int off) {
        int outcome = 0;
        long pos = from;
        Map.Entry<Long, byte[]> piece = held.floorEntry(pos);
        if (piece == null || piece.getKey() + piece.getValue().length <= pos) {
            piece = held.higherEntry(pos);
        }
        while (pos < to) {
            if (piece == null || piece.getKey() >= to) {
                holdCopy(pos, b, off + (int) (pos - from), (int) (to - pos));
                return outcome | HELD_NEW;
            }
            long pieceStart = piece.getKey();
            byte[] bytes = piece.getValue();
            if (pieceStart > pos) {
                holdCopy(pos, b, off + (int) (pos - from), (int) (pieceStart - pos));
                outcome |= HELD_NEW;
                pos = pieceStart;
            }
            long common = Math.min(pieceStart + bytes.length, to);
            int at = (int) (pos - pieceStart);
            int bAt = off + (int) (pos - from);
            int n = (int) (common - pos);
            outcome |= SAW_HELD;
            if (!Arrays.equals(bytes, at, at + n, b, bAt, bAt + n)) {
                outcome |= DIFFERS;
            }
            pos = common;
            piece = held.higherEntry(pieceStart);
        }
        return outcome;
    }

    private void holdCopy(long offset, byte[] b, int off, int len) {
        byte[] copy = new byte[len];
        System.arraycopy(b, off, copy, 0, len);
        held.put(offset, copy);
        heldBytes += len;
    }

    /** Delivers held pieces that have become next in line. */
    private void drainHeld() {
        while (!held.isEmpty() && held.firstKey() == nextOffset) {
            byte[] bytes = held.pollFirstEntry().getValue();
            heldBytes -= bytes.length;
            deliver(nextOffset, bytes, 0, bytes.length);
        }
    }

    private void deliverFinIfDue() {
        if (!finDelivered && finOffset == nextOffset) {
            finDelivered = true;
            listener.fin(finOffset);
        }
    }

    /** Gap rule b: while too much is held, give up on the first hole. */
    private void enforceHoldBounds() {
        while (heldBytes > limits.maxHeldBytes() || held.size() > limits.maxHeldSegments()) {
            gapTo(held.firstKey());
        }
    }

    /** Turns every hole below {@code target} into a gap, delivering held pieces in between. */
    private void fillHolesUpTo(long target) {
        while (nextOffset < target) {
            gapTo(held.isEmpty() ? target : Math.min(target, held.firstKey()));
        }
    }

    /** Reports {@code [nextOffset, to)} as lost and carries on from {@code to}. */
    private void gapTo(long to) {
        listener.gap(nextOffset, to);
        counters.countGap(to - nextOffset);
        history.restartAt(to);
        nextOffset = to;
        highestOffset = Math.max(highestOffset, to);
        drainHeld();
        deliverFinIfDue();
    }
}
