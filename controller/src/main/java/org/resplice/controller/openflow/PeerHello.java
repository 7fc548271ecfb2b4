package org.resplice.controller.openflow;

import io.netty.buffer.ByteBuf;

/**
 * A switch's OFPT_HELLO, of whatever protocol version, reduced to what version negotiation needs.
 * It is decoded by hand because a switch may speak a version OpenFlowJ cannot parse.
 *
 * @param version       the version byte of the HELLO's header
 * @param xid           the HELLO's xid
 * @param hasBitmap     whether the HELLO carried a version-bitmap element
 * @param bitmapWord0   the first 32-bit word of that bitmap (bit n set = version n supported)
 */
record PeerHello(int version, long xid, boolean hasBitmap, long bitmapWord0) {

    private static final int ELEM_VERSIONBITMAP = 1;

    /** Whether this HELLO lets both sides settle on {@code wireVersion}. */
    boolean accepts(int wireVersion) {
        if (hasBitmap) {
            return wireVersion < 32 && (bitmapWord0 & (1L << wireVersion)) != 0;
        }
        // Without a bitmap the negotiated version is min(ours, theirs).
        return version >= wireVersion;
    }

    /**
     * Decodes one complete HELLO frame (header included).
     *
     * @throws IllegalArgumentException if an element's length is impossible
     */
    static PeerHello parse(ByteBuf frame) {
        int start = frame.readerIndex();
        int end = start + frame.readableBytes();
        int version = frame.getUnsignedByte(start);
        long xid = frame.getUnsignedInt(start + 4);
        boolean hasBitmap = false;
        long word0 = 0;
        int pos = start + OFFrameDecoder.HEADER_LENGTH;
        while (pos + 4 <= end) {
            int type = frame.getUnsignedShort(pos);
            int len = frame.getUnsignedShort(pos + 2);
            if (len < 4 || pos + len > end) {
                throw new IllegalArgumentException("hello element of type " + type + " has length " + len
                        + " with " + (end - pos) + " bytes left");
            }
            if (type == ELEM_VERSIONBITMAP && len >= 8) {
                hasBitmap = true;
                word0 = frame.getUnsignedInt(pos + 4);
            }
            pos += (len + 7) / 8 * 8;
        }
        frame.readerIndex(end);
        return new PeerHello(version, xid, hasBitmap, word0);
    }
}
