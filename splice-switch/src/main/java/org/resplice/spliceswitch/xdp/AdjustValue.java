package org.resplice.spliceswitch.xdp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Value of {@code adjust_map}: what the XDP program adds to a matching packet. All deltas are
 * 32-bit and wrap. Byte layout: see the table in {@link org.resplice.spliceswitch.xdp the package
 * documentation}.
 *
 * @param seqDelta added to the sequence number
 * @param ackDelta added to the acknowledgement number of segments with the ACK flag
 * @param sackDelta added to both edges of every SACK block
 * @param wscaleShift window field rescale: {@code << n} for n &gt; 0 (saturating at 0xffff),
 *        {@code >> -n} for n &lt; 0, nothing for 0; never applied to SYN segments. -14..14.
 * @param flags reserved, 0..255 (the program ignores it; 0 today)
 */
public record AdjustValue(int seqDelta, int ackDelta, int sackDelta, int wscaleShift, int flags) {

    /** Size of {@code struct adjust_value}. */
    public static final int SIZE = 16;

    /** Largest window scale difference (RFC 7323 caps the shift count at 14). */
    public static final int MAX_WSCALE_SHIFT = 14;

    public AdjustValue {
        if (wscaleShift < -MAX_WSCALE_SHIFT || wscaleShift > MAX_WSCALE_SHIFT) {
            throw new IllegalArgumentException("wscaleShift out of range -14..14: " + wscaleShift);
        }
        if (flags < 0 || flags > 0xff) {
            throw new IllegalArgumentException("flags out of range 0..255: " + flags);
        }
    }

    /** Deltas only, no rescale. */
    public static AdjustValue of(int seqDelta, int ackDelta, int sackDelta) {
        return new AdjustValue(seqDelta, ackDelta, sackDelta, 0, 0);
    }

    /**
     * The backend-to-client rule of a splice with offset {@code d = p - b} (DESIGN 4.1): seq += d,
     * and the window rescaled by {@code wscaleShift} when the backend's scale differs from the one
     * the client was told.
     */
    public static AdjustValue backendToClient(int d, int wscaleShift) {
        return new AdjustValue(d, 0, 0, wscaleShift, 0);
    }

    /** The client-to-backend rule of a splice with offset d: ack -= d and every SACK block -= d. */
    public static AdjustValue clientToBackend(int d) {
        return new AdjustValue(0, -d, -d, 0, 0);
    }

    /** The value as the C struct: deltas in host order, then shift, flags and two zero bytes. */
    public byte[] toBytes() {
        return ByteBuffer.allocate(SIZE).order(ByteOrder.nativeOrder())
                .putInt(seqDelta).putInt(ackDelta).putInt(sackDelta)
                .put((byte) wscaleShift).put((byte) flags).putShort((short) 0)
                .array();
    }

    /** Inverse of {@link #toBytes()}; non-zero padding is rejected. */
    public static AdjustValue fromBytes(byte[] bytes) {
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("adjust_value is " + SIZE + " bytes, got " + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        int seq = b.getInt();
        int ack = b.getInt();
        int sack = b.getInt();
        int shift = b.get();
        int flags = Byte.toUnsignedInt(b.get());
        if (b.getShort() != 0) {
            throw new IllegalArgumentException("adjust_value padding is not zero");
        }
        return new AdjustValue(seq, ack, sack, shift, flags);
    }

    @Override
    public String toString() {
        return "seq+" + Integer.toUnsignedString(seqDelta) + " ack+" + Integer.toUnsignedString(ackDelta)
                + " sack+" + Integer.toUnsignedString(sackDelta) + " wscale" + (wscaleShift >= 0 ? "+" : "")
                + wscaleShift + (flags != 0 ? " flags=" + flags : "");
    }
}
