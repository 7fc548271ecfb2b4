package org.resplice.controller.openflow;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness in both directions. Answers the switch's ECHO_REQUEST with an ECHO_REPLY of the same
 * xid and data; on every read-idle interval (from the {@link io.netty.handler.timeout.IdleStateHandler}
 * ahead of it) sends an ECHO_REQUEST of its own, and closes the connection when the switch has
 * stayed silent through {@code maxMissed} of them. Anything read from the switch counts as alive.
 */
final class EchoHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(EchoHandler.class);
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);

    private final int maxMissed;
    private final OpenFlowCounters counters;
    private int missed;

    EchoHandler(int maxMissed, OpenFlowCounters counters) {
        this.maxMissed = maxMissed;
        this.counters = counters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        missed = 0;
        if (msg instanceof OFEchoRequest request) {
            counters.echoRequests.increment();
            ctx.writeAndFlush(OF13.buildEchoReply().setXid(request.getXid()).setData(request.getData()).build());
        } else if (!(msg instanceof OFEchoReply)) {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            if (missed >= maxMissed) {
                counters.echoTimeouts.increment();
                log.warn("switch {} silent through {} echo requests, disconnecting", ctx.channel().remoteAddress(),
                        missed);
                ctx.close();
                return;
            }
            missed++;
            counters.keepalivesSent.increment();
            ctx.writeAndFlush(OF13.echoRequest(new byte[0]));
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }
}
