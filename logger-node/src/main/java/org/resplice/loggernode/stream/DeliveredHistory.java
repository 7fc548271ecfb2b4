package org.resplice.loggernode.stream;

import java.util.Arrays;

/**
 * The most recently delivered bytes of one direction, so that a retransmission can be checked
 * against what was first seen without keeping the stream. A ring indexed by stream offset; it
 * starts small and doubles up to its bound, so short connections stay cheap. A gap makes every
 * earlier byte unknown. Not thread-safe.
 */
final class DeliveredHistory {

    private static final int INITIAL_CAPACITY = 4096;
    private static final byte[] NONE = new byte[0];

    private final int maxBytes;
    private byte[] ring = NONE;
    /** Bytes before this offset are unknown (never recorded, overwritten, or before a gap). */
    private long knownFrom;
    /** The offset after the last recorded byte. */
    private long end;

    DeliveredHistory(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Records bytes {@code [offset, offset + len)}; {@code offset} is where the last record ended. */
    void record(long offset, byte[] b, int off, int len) {
        if (offset != end) {
            throw new IllegalStateException("history ends at " + end + ", not " + offset);
        }
        end = offset + len;
        if (maxBytes == 0) {
            knownFrom = end;
            return;
        }
        growFor(end - knownFrom, offset);
        int cap = ring.length;
        if (len > cap) {
            // Only the newest cap bytes fit.
            off += len - cap;
            offset += len - cap;
            len = cap;
        }
        int at = (int) (offset % cap);
        int first = Math.min(len, cap - at);
        System.arraycopy(b, off, ring, at, first);
        System.arraycopy(b, off + first, ring, 0, len - first);
        knownFrom = Math.max(knownFrom, end - cap);
    }

    /** Nothing before {@code offset} is known any more: the stream continues there after a gap. */
    void restartAt(long offset) {
        knownFrom = offset;
        end = offset;
    }

    /**
     * Whether the bytes {@code [offset, offset + len)} agree with the recorded ones wherever the
     * recorded ones are still known; bytes not known are not held against the caller.
     */
    boolean agrees(long offset, byte[] b, int off, int len) {
        long from = Math.max(offset, knownFrom);
        long to = Math.min(offset + len, end);
        if (from >= to) {
            return true;
        }
        int cap = ring.length;
        int bAt = off + (int) (from - offset);
        int n = (int) (to - from);
        int at = (int) (from % cap);
        int first = Math.min(n, cap - at);
        return Arrays.equals(ring, at, at + first, b, bAt, bAt + first)
                && Arrays.equals(ring, 0, n - first, b, bAt + first, bAt + n);
    }

    /**
     * Makes room for {@code wanted} bytes up to the bound, keeping the known bytes recorded so far,
     * which end at {@code oldEnd}.
     */
    private void growFor(long wanted, long oldEnd) {
        int cap = ring.length;
        if (wanted <= cap || cap == maxBytes) {
            return;
        }
        long target = Math.max(cap, Math.min(INITIAL_CAPACITY, maxBytes));
        while (target < wanted && target < maxBytes) {
            target = Math.min((long) maxBytes, target * 2);
        }
        byte[] bigger = new byte[(int) target];
        long keepFrom = Math.max(knownFrom, oldEnd - cap);
        for (long o = keepFrom; o < oldEnd; ) {
            int at = (int) (o % cap);
            int n = (int) Math.min(oldEnd - o, cap - at);
            int to = (int) (o % bigger.length);
            int m = Math.min(n, bigger.length - to);
            System.arraycopy(ring, at, bigger, to, m);
            o += m;
        }
        ring = bigger;
        knownFrom = keepFrom;
    }
}
