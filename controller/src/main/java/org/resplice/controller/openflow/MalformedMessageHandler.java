package org.resplice.controller.openflow;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.OFErrorCauseData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers each {@link MalformedMessage} with an OFPT_ERROR (BAD_REQUEST, the decoder's code, the
 * first 64 bytes of the bad message), counts it, logs it (WARN for the first on a connection,
 * DEBUG after that) and closes the connection only when the stream cannot be resynchronised.
 */
final class MalformedMessageHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(MalformedMessageHandler.class);
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);

    private final OpenFlowCounters counters;
    private boolean warned;

    MalformedMessageHandler(OpenFlowCounters counters) {
        this.counters = counters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof MalformedMessage bad)) {
            ctx.fireChannelRead(msg);
            return;
        }
        counters.malformedMessages.increment();
        if (!warned) {
            warned = true;
            log.warn("malformed OpenFlow message from {}: {}; answered {}{} (further ones on this connection"
                    + " are logged at DEBUG)", ctx.channel().remoteAddress(), bad.reason(), bad.code(),
                    bad.fatal() ? ", closing" : "");
        } else {
            log.debug("malformed OpenFlow message from {}: {}; answered {}{}", ctx.channel().remoteAddress(),
                    bad.reason(), bad.code(), bad.fatal() ? ", closing" : "");
        }
        OFErrorMsg error = OF13.errorMsgs().buildBadRequestErrorMsg()
                .setXid(bad.xid())
                .setCode(bad.code())
                .setData(OFErrorCauseData.of(bad.head(), OFVersion.OF_13))
                .build();
        counters.errorsSent.increment();
        if (bad.fatal()) {
            ctx.writeAndFlush(error).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(error);
        }
    }
}
