package org.resplice.controller.openflow;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.projectfloodlight.openflow.protocol.OFMessage;

/** Writes OpenFlowJ messages onto the wire. A message that fails to encode fails only its own write. */
final class OFMessageEncoder extends MessageToByteEncoder<OFMessage> {

    private final OpenFlowCounters counters;

    OFMessageEncoder(OpenFlowCounters counters) {
        super(OFMessage.class);
        this.counters = counters;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, OFMessage msg, ByteBuf out) {
        int start = out.writerIndex();
        try {
            msg.writeTo(out);
        } catch (RuntimeException e) {
            out.writerIndex(start);
            throw e;
        }
        counters.messagesOut.increment();
    }
}
