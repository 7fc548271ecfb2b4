package org.resplice.splicecore.packet;

/**
 * The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum.
 * Used for the IPv4 header and for TCP over the IPv4 pseudo-header (RFC 9293 §3.1).
 */
public final class Checksums {

    private Checksums() {
    }

    /**
     * Adds the bytes [off, off+len) as big-endian 16-bit words (an odd last byte is padded with a
     * zero) to {@code sum} and returns the unfolded 32-bit-safe sum as a long.
     */
    public static long sum(byte[] b, int off, int len, long sum) {
        Bytes.checkSlice(b.length, off, len);
        int i = off;
        int end = off + len;
        while (end - i >= 2) {
            sum += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
            i += 2;
        }
        if (i < end) {
            sum += (b[i] & 0xFF) << 8;
        }
        return sum;
    }

    /** Folds a sum to 16 bits with end-around carry. */
    public static int fold(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) sum;
    }

    /**
     * The checksum of the IPv4 header at [off, off+headerLength), computed as if its checksum field
     * (bytes 10–11) were zero, whatever it holds.
     */
    public static int ipv4Header(byte[] b, int off, int headerLength) {
        long s = sum(b, off, headerLength, 0);
        s -= Bytes.u16(b, off + 10); // exact: the plain sum included that word
        return ~fold(s) & 0xFFFF;
    }

    /** Whether the IPv4 header at [off, off+headerLength) carries a correct checksum. */
    public static boolean ipv4HeaderValid(byte[] b, int off, int headerLength) {
        return fold(sum(b, off, headerLength, 0)) == 0xFFFF;
    }

    /** The one's complement sum of the TCP/IPv4 pseudo-header (source, destination, zero, 6, length). */
    public static long pseudoHeaderSum(int srcIp, int dstIp, int protocol, int length) {
        return (srcIp >>> 16) + (srcIp & 0xFFFF) + (dstIp >>> 16) + (dstIp & 0xFFFF) + protocol + length;
    }

    /**
     * The TCP checksum of the segment at [off, off+len) sent from srcIp to dstIp, computed as if
     * its checksum field (bytes 16–17 of the segment) were zero, whatever it holds.
     */
    public static int tcp(int srcIp, int dstIp, byte[] b, int off, int len) {
        if (len < 18) {
            throw new IllegalArgumentException("TCP segment shorter than its checksum field: " + len);
        }
        long s = pseudoHeaderSum(srcIp, dstIp, Ipv4Header.PROTOCOL_TCP, len);
        s = sum(b, off, len, s);
        s -= Bytes.u16(b, off + 16);
        return ~fold(s) & 0xFFFF;
    }

    /** Whether the TCP segment at [off, off+len) from srcIp to dstIp carries a correct checksum. */
    public static boolean tcpValid(int srcIp, int dstIp, byte[] b, int off, int len) {
        long s = pseudoHeaderSum(srcIp, dstIp, Ipv4Header.PROTOCOL_TCP, len);
        return fold(sum(b, off, len, s)) == 0xFFFF;
    }
}
