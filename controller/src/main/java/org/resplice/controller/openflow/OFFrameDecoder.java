package org.resplice.controller.openflow;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.projectfloodlight.openflow.protocol.OFBadRequestCode;

/**
 * Cuts the TCP byte stream into OpenFlow frames using the header's length field
 * (version u8, type u8, length u16 at offset 2, xid u32). Emits one retained {@link ByteBuf}
 * slice per frame. A length below the 8-byte header cannot be skipped safely, so it emits a fatal
 * {@link MalformedMessage} and discards everything after it. (The length field is 16 bits, so a
 * frame can never exceed 65535 bytes.)
 */
final class OFFrameDecoder extends ByteToMessageDecoder {

    static final int HEADER_LENGTH = 8;
    private static final int LENGTH_OFFSET = 2;

    private boolean broken;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (broken) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < LENGTH_OFFSET + 2) {
            return;
        }
        int start = in.readerIndex();
        int length = in.getUnsignedShort(start + LENGTH_OFFSET);
        if (length < HEADER_LENGTH) {
            broken = true;
            int n = Math.min(in.readableBytes(), MalformedMessage.MAX_ECHOED_BYTES);
            byte[] head = ByteBufUtil.getBytes(in, start, n);
            long xid = in.readableBytes() >= HEADER_LENGTH ? in.getUnsignedInt(start + 4) : 0;
            in.skipBytes(in.readableBytes());
            out.add(new MalformedMessage(OFBadRequestCode.BAD_LEN, xid, head, true,
                    "length field " + length + " is shorter than the OpenFlow header"));
            return;
        }
        if (in.readableBytes() < length) {
            return;
        }
        out.add(in.readRetainedSlice(length));
    }
}
