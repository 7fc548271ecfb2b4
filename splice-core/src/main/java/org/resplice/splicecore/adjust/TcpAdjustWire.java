package org.resplice.splicecore.adjust;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The RESPLICE_TCP_ADJUST OpenFlow 1.3 experimenter action on the wire: written by the controller,
 * read and removed by the splice switch's shim, never seen by Open vSwitch.
 *
 * <pre>
 *  offset size field
 *   0     2    type         = 0xffff (OFPAT_EXPERIMENTER)
 *   2     2    len          = 24
 *   4     4    experimenter = {@value #EXPERIMENTER_HEX}
 *   8     2    subtype      = 1 (TCP_ADJUST)
 *  10     1    wscale_shift   signed
 *  11     1    flags        = 0 (reserved, must be 0)
 *  12     4    seq_delta
 *  16     4    ack_delta
 *  20     4    sack_delta
 * </pre>
 * All fields big-endian, as OpenFlow is. The experimenter id is not registered with the ONF: it is
 * only ever spoken between our controller and our shim.
 */
public final class TcpAdjustWire {

    public static final int OFPAT_EXPERIMENTER = 0xffff;
    public static final long EXPERIMENTER = 0x00525350L;
    static final String EXPERIMENTER_HEX = "0x00525350";
    public static final int SUBTYPE_TCP_ADJUST = 1;
    public static final int LENGTH = 24;

    private TcpAdjustWire() {
    }

    /** Writes the whole action (24 bytes) at the buffer's position. */
    public static void write(TcpAdjustment a, ByteBuffer out) {
        out.order(ByteOrder.BIG_ENDIAN);
        out.putShort((short) OFPAT_EXPERIMENTER);
        out.putShort((short) LENGTH);
        out.putInt((int) EXPERIMENTER);
        out.putShort((short) SUBTYPE_TCP_ADJUST);
        out.put((byte) a.wscaleShift());
        out.put((byte) 0);
        out.putInt(a.seqDelta());
        out.putInt(a.ackDelta());
        out.putInt(a.sackDelta());
    }

    public static byte[] encode(TcpAdjustment a) {
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        write(a, b);
        return b.array();
    }

    /** Whether the action starting at {@code offset} is ours (type, length and experimenter checked). */
    public static boolean isTcpAdjust(byte[] buf, int offset, int available) {
        if (available < 10) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(buf, offset, available).order(ByteOrder.BIG_ENDIAN);
        return (b.getShort(offset) & 0xffff) == OFPAT_EXPERIMENTER
                && (b.getInt(offset + 4) & 0xffffffffL) == EXPERIMENTER
                && (b.getShort(offset + 8) & 0xffff) == SUBTYPE_TCP_ADJUST;
    }

    /**
     * Reads the action at {@code offset}.
     *
     * @throws IllegalArgumentException naming the field when it is not a well-formed TCP_ADJUST action
     */
    public static TcpAdjustment decode(byte[] buf, int offset, int available) {
        if (available < LENGTH) {
            throw new IllegalArgumentException("TCP_ADJUST action truncated: " + available + " of " + LENGTH + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.BIG_ENDIAN);
        if ((b.getShort(offset) & 0xffff) != OFPAT_EXPERIMENTER) {
            throw new IllegalArgumentException("action type " + (b.getShort(offset) & 0xffff) + " is not EXPERIMENTER");
        }
        int len = b.getShort(offset + 2) & 0xffff;
        if (len != LENGTH) {
            throw new IllegalArgumentException("TCP_ADJUST len must be " + LENGTH + ", not " + len);
        }
        long experimenter = b.getInt(offset + 4) & 0xffffffffL;
        if (experimenter != EXPERIMENTER) {
            throw new IllegalArgumentException("experimenter 0x" + Long.toHexString(experimenter) + " is not resplice's");
        }
        int subtype = b.getShort(offset + 8) & 0xffff;
        if (subtype != SUBTYPE_TCP_ADJUST) {
            throw new IllegalArgumentException("unknown resplice action subtype " + subtype);
        }
        if (b.get(offset + 11) != 0) {
            throw new IllegalArgumentException("TCP_ADJUST flags must be 0, not " + b.get(offset + 11));
        }
        return TcpAdjustment.of(b.getInt(offset + 12), b.getInt(offset + 16), b.getInt(offset + 20), b.get(offset + 10));
    }
}
