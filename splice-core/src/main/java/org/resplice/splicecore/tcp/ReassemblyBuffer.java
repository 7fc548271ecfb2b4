package org.resplice.splicecore.tcp;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import org.resplice.splicecore.Seq32;

/**
 * Reassembles a byte stream from segments in sequence space without acknowledging anything:
 * segments may arrive in any order, duplicated or overlapping; the contiguous prefix from the first
 * sequence number is exposed. Where segments disagree about a byte, the first copy received wins.
 * Bytes at or beyond {@code capacity} from the start (the window the sender was given) and bytes
 * after a FIN are dropped. Offsets are relative to the first sequence number, so the 2^32 wrap
 * does not matter.
 */
public final class ReassemblyBuffer {

    private final int firstSeq;
    private final int capacity;
    private byte[] contiguous = new byte[0];
    private int contiguousLength;
    /** Out-of-order chunks by offset; disjoint, all beyond contiguousLength. */
    private final TreeMap<Integer, byte[]> pending = new TreeMap<>();
    private int pendingBytes;
    /** Offset of the FIN, or -1. */
    private int finOffset = -1;

    /**
     * @param firstSeq the sequence number of the first data byte (IRS + 1)
     * @param capacity the most bytes accepted, counted from firstSeq
     */
    public ReassemblyBuffer(int firstSeq, int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.firstSeq = firstSeq;
        this.capacity = capacity;
    }

    /**
     * Offers a segment's payload. Returns how many bytes the contiguous prefix grew by.
     */
    public int offer(int seq, byte[] data, int off, int len) {
        if (off < 0 || len < 0 || off > data.length - len) {
            throw new IndexOutOfBoundsException();
        }
        long start = Seq32.diff(seq, firstSeq);
        long end = start + len;
        long limit = finOffset >= 0 ? finOffset : capacity;
        long from = Math.max(start, contiguousLength);
        long to = Math.min(end, limit);
        if (from >= to) {
            return 0;
        }
        insertGaps((int) from, (int) to, data, (int) (off + (from - start)));
        return drain();
    }

    /** Records a FIN at sequence number finSeq (SEG.SEQ + payload length). The first FIN seen wins. */
    public void offerFin(int finSeq) {
        long at = Seq32.diff(finSeq, firstSeq);
        if (finOffset >= 0 || at < contiguousLength || at > capacity) {
            return;
        }
        finOffset = (int) at;
        // Drop anything buffered beyond the FIN.
        while (!pending.isEmpty() && pending.lastKey() >= finOffset) {
            pendingBytes -= pending.pollLastEntry().getValue().length;
        }
        Map.Entry<Integer, byte[]> last = pending.lastEntry();
        if (last != null && last.getKey() + last.getValue().length > finOffset) {
            byte[] cut = Arrays.copyOf(last.getValue(), finOffset - last.getKey());
            pendingBytes -= last.getValue().length - cut.length;
            pending.put(last.getKey(), cut);
        }
    }

    /** Fills the holes of [from, to) with the corresponding bytes of data, data[dataOff] being offset from. */
    private void insertGaps(int from, int to, byte[] data, int dataOff) {
        int pos = from;
        while (pos < to) {
            Map.Entry<Integer, byte[]> floor = pending.floorEntry(pos);
            if (floor != null && floor.getKey() + floor.getValue().length > pos) {
                pos = floor.getKey() + floor.getValue().length;
                continue;
            }
            Integer next = pending.higherKey(pos);
            int gapEnd = next == null ? to : Math.min(to, next);
            int base = dataOff + (pos - from);
            pending.put(pos, Arrays.copyOfRange(data, base, base + (gapEnd - pos)));
            pendingBytes += gapEnd - pos;
            pos = gapEnd;
        }
    }

    private int drain() {
        int grown = 0;
        byte[] chunk;
        while ((chunk = pending.remove(contiguousLength)) != null) {
            pendingBytes -= chunk.length;
            if (contiguousLength + chunk.length > contiguous.length) {
                int n = Math.max(contiguousLength + chunk.length, Math.min(capacity, contiguous.length * 2 + 512));
                contiguous = Arrays.copyOf(contiguous, n);
            }
            System.arraycopy(chunk, 0, contiguous, contiguousLength, chunk.length);
            contiguousLength += chunk.length;
            grown += chunk.length;
        }
        return grown;
    }

    public int firstSeq() {
        return firstSeq;
    }

    public int capacity() {
        return capacity;
    }

    /** The sequence number after the contiguous prefix (what RCV.NXT would be if we acknowledged). */
    public int nextSeq() {
        return Seq32.add(firstSeq, contiguousLength);
    }

    public int contiguousLength() {
        return contiguousLength;
    }

    /** A copy of the contiguous prefix. */
    public byte[] contiguousBytes() {
        return Arrays.copyOf(contiguous, contiguousLength);
    }

    /** Bytes held beyond a hole. */
    public int outOfOrderBytes() {
        return pendingBytes;
    }

    /** Whether a FIN has been seen (not necessarily reached). */
    public boolean finSeen() {
        return finOffset >= 0;
    }

    /** Whether the stream is complete: a FIN was seen and every byte before it received. */
    public boolean finReached() {
        return finOffset >= 0 && contiguousLength == finOffset;
    }
}
