package org.resplice.loggernode.aux;

/**
 * The bytes of one direction of a stream that may still be needed, addressed by stream offset:
 * bytes are appended at the end and dropped from the front once nothing needs them. Holds at most
 * a fixed number of bytes. Not thread-safe.
 */
final class StreamWindow {

    private final int maxBytes;
    private byte[] buf = new byte[256];
    /** Index in {@code buf} of the byte at offset {@code base}. */
    private int start;
    private int len;
    /** Stream offset of the first byte held. */
    private long base;

    /** The largest {@code maxBytes}: 1 GiB keeps every index and doubling inside an int. */
    static final int MAX_BYTES = 1 << 30;

    /** @param maxBytes the most bytes held at once, 1 to {@link #MAX_BYTES} */
    StreamWindow(int maxBytes) {
        if (maxBytes <= 0 || maxBytes > MAX_BYTES) {
            throw new IllegalArgumentException("maxBytes must be 1.." + MAX_BYTES + ", not " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** Offset of the first byte held. */
    long base() {
        return base;
    }

    /** Offset just after the last byte held: where the next append must start. */
    long end() {
        return base + len;
    }

    int size() {
        return len;
    }

    /**
     * Appends the bytes at {@code offset}, which must be {@link #end()}.
     *
     * @return false, holding nothing new, if the window would then hold more than its maximum
     */
    boolean append(long offset, byte[] b, int off, int n) {
        if (offset != end()) {
            throw new IllegalArgumentException("append at offset " + offset + ", expected " + end());
        }
        if ((long) len + n > maxBytes) {
            return false;
        }
        if (start + len + n > buf.length) {
            makeRoom(n);
        }
        System.arraycopy(b, off, buf, start + len, n);
        len += n;
        return true;
    }

    /** A copy of the bytes {@code [from, to)}, which must be held. */
    byte[] copy(long from, long to) {
        check(from, to);
        byte[] out = new byte[(int) (to - from)];
        System.arraycopy(buf, start + (int) (from - base), out, 0, out.length);
        return out;
    }

    /** Copies the held bytes {@code [from, to)} into {@code out} at {@code at}. */
    void copyTo(long from, long to, byte[] out, int at) {
        check(from, to);
        System.arraycopy(buf, start + (int) (from - base), out, at, (int) (to - from));
    }

    /** The held byte at {@code offset}. */
    byte byteAt(long offset) {
        check(offset, offset + 1);
        return buf[start + (int) (offset - base)];
    }

    /** Drops the bytes before {@code offset} (nothing if it is at or before {@link #base()}). */
    void dropBefore(long offset) {
        long k = Math.min(offset, end()) - base;
        if (k <= 0) {
            return;
        }
        start += (int) k;
        len -= (int) k;
        base += k;
        if (len == 0) {
            start = 0;
        }
    }

    /** Drops every byte and moves the base to the end; appends continue there. */
    void clear() {
        dropBefore(end());
        if (buf.length > 256) {
            buf = new byte[256];
        }
    }

    private void check(long from, long to) {
        if (from < base || to > end() || from > to) {
            throw new IllegalArgumentException("bytes [" + from + "," + to + ") are not all held; holding ["
                    + base + "," + end() + ")");
        }
    }

    private void makeRoom(int n) {
        int need = len + n;
        if (need <= buf.length / 2 + buf.length / 4) {
            System.arraycopy(buf, start, buf, 0, len); // plenty of space once compacted
        } else {
            int cap = buf.length;
            while (cap < need) {
                cap <<= 1; // need <= maxBytes <= 2^30, so this ends by 2^30
            }
            byte[] nb = new byte[cap];
            System.arraycopy(buf, start, nb, 0, len);
            buf = nb;
        }
        start = 0;
    }
}
