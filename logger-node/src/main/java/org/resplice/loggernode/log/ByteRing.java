package org.resplice.loggernode.log;

import java.security.MessageDigest;

/**
 * The bytes of one stream of one connection that the log still holds: the contiguous range
 * {@code [low, high)} of stream offsets, in a circular buffer that grows by doubling up to a fixed
 * capacity and is freed when it empties (so an idle connection costs no buffer). Bytes leave only
 * from the low end. Not thread-safe: the owning connection's lock guards it.
 */
final class ByteRing {

    private static final int INITIAL_CAPACITY = 4096;

    private final int maxCapacity;
    private byte[] buf;
    /** Index in {@code buf} of the byte at offset {@code low}. */
    private int head;
    private long low;
    private long high;

    ByteRing(int maxCapacity) {
        if (maxCapacity <= 0) {
            throw new IllegalArgumentException("maxCapacity must be positive: " + maxCapacity);
        }
        this.maxCapacity = maxCapacity;
    }

    /** Offset of the oldest byte held (equal to {@link #high()} when empty). */
    long low() {
        return low;
    }

    /** Offset just past the newest byte held. */
    long high() {
        return high;
    }

    int size() {
        return (int) (high - low);
    }

    /** Room left before the capacity is reached. */
    int room() {
        return maxCapacity - size();
    }

    /** True if every byte of {@code [from, to)} is held. */
    boolean holds(long from, long to) {
        return from >= low && to <= high && from <= to;
    }

    /** Appends bytes at offset {@link #high()}. */
    void append(byte[] b, int off, int len) {
        if (len > room()) {
            throw new IllegalStateException("append of " + len + " bytes exceeds the ring's room of " + room());
        }
        if (len == 0) {
            return;
        }
        ensureCapacity(size() + len);
        int tail = (head + size()) % buf.length;
        int first = Math.min(len, buf.length - tail);
        System.arraycopy(b, off, buf, tail, first);
        if (first < len) {
            System.arraycopy(b, off + first, buf, 0, len - first);
        }
        high += len;
    }

    /** Drops the bytes below {@code to}; returns how many were dropped. */
    int releaseTo(long to) {
        if (to <= low) {
            return 0;
        }
        long newLow = Math.min(to, high);
        int n = (int) (newLow - low);
        low = newLow;
        if (low == high) {
            head = 0;
            freeIfLarge();
        } else {
            head = (head + n) % buf.length;
        }
        return n;
    }

    /** Drops everything and continues at {@code offset} (after a hole); returns how many bytes were dropped. */
    int restartAt(long offset) {
        int n = size();
        low = offset;
        high = offset;
        head = 0;
        freeIfLarge();
        return n;
    }

    /** Copies {@code [from, to)}, which must be held. */
    byte[] copy(long from, long to) {
        checkHeld(from, to);
        byte[] out = new byte[(int) (to - from)];
        int start = index(from);
        int first = Math.min(out.length, buf == null ? 0 : buf.length - start);
        if (out.length > 0) {
            System.arraycopy(buf, start, out, 0, first);
            if (first < out.length) {
                System.arraycopy(buf, 0, out, first, out.length - first);
            }
        }
        return out;
    }

    /** Feeds {@code [from, to)}, which must be held, to {@code digest} without copying. */
    void digest(MessageDigest digest, long from, long to) {
        checkHeld(from, to);
        int len = (int) (to - from);
        if (len == 0) {
            return;
        }
        int start = index(from);
        int first = Math.min(len, buf.length - start);
        digest.update(buf, start, first);
        if (first < len) {
            digest.update(buf, 0, len - first);
        }
    }

    private int index(long offset) {
        return buf == null ? 0 : (int) ((head + (offset - low)) % buf.length);
    }

    private void checkHeld(long from, long to) {
        if (!holds(from, to)) {
            throw new IllegalArgumentException("[" + from + "," + to + ") is not within the held [" + low + ","
                    + high + ")");
        }
    }

    private void ensureCapacity(int needed) {
        if (buf != null && buf.length >= needed) {
            return;
        }
        int cap = buf == null ? Math.min(INITIAL_CAPACITY, maxCapacity) : buf.length;
        while (cap < needed) {
            cap = (int) Math.min((long) cap * 2, maxCapacity);
        }
        byte[] nb = new byte[cap];
        int n = size();
        if (n > 0) {
            int first = Math.min(n, buf.length - head);
            System.arraycopy(buf, head, nb, 0, first);
            if (first < n) {
                System.arraycopy(buf, 0, nb, first, n - first);
            }
        }
        buf = nb;
        head = 0;
    }

    /** An empty ring keeps only a small buffer: idle connections must not pin large arrays. */
    private void freeIfLarge() {
        if (buf != null && buf.length > INITIAL_CAPACITY) {
            buf = null;
        }
    }
}
