package org.resplice.controller.openflow;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.projectfloodlight.openflow.protocol.OFBarrierReply;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of a connection. On {@link HandshakeComplete} creates the {@link SwitchConnection}
 * and registers it; then completes barrier and flow-stats futures by xid and hands packet-ins,
 * flow removals, port changes and unclaimed errors to the listener; on close fails what is
 * pending and unregisters the switch. Also the connection's last-resort exception handler.
 */
final class SwitchDispatcher extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(SwitchDispatcher.class);

    private final SwitchRegistry registry;
    private final OpenFlowSwitchListener listener;
    private final OpenFlowServerConfig config;
    private final OpenFlowCounters counters;
    private SwitchConnection sw;

    SwitchDispatcher(SwitchRegistry registry, OpenFlowSwitchListener listener, OpenFlowServerConfig config,
                     OpenFlowCounters counters) {
        this.registry = registry;
        this.listener = listener;
        this.config = config;
        this.counters = counters;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof HandshakeComplete done) {
            sw = new SwitchConnection(ctx.channel(), done.features(), done.ports(), config.requestTimeout(), counters);
            registry.connected(sw);
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (sw == null || !(msg instanceof OFMessage)) {
            log.debug("{}: dropped {}", ctx.channel().remoteAddress(), msg);
            return;
        }
        if (msg instanceof OFBarrierReply reply) {
            if (!sw.pending().barrierReply(reply.getXid())) {
                log.debug("{}: barrier reply xid {} matches no pending barrier", sw, reply.getXid());
            }
        } else if (msg instanceof OFErrorMsg error) {
            counters.errorsReceived.increment();
            if (!sw.pending().error(error) && sw.isAnnounced()) {
                deliver(() -> listener.errorReceived(sw, error), "errorReceived");
            }
        } else if (msg instanceof OFFlowStatsReply reply) {
            if (!sw.pending().flowStatsReply(reply)) {
                log.debug("{}: flow stats reply xid {} matches no pending request", sw, reply.getXid());
            }
        } else if (msg instanceof OFPacketIn packetIn) {
            counters.packetIns.increment();
            if (sw.isAnnounced()) {
                deliver(() -> listener.packetIn(sw, packetIn), "packetIn");
            }
        } else if (msg instanceof OFFlowRemoved removed) {
            counters.flowRemoved.increment();
            if (sw.isAnnounced()) {
                deliver(() -> listener.flowRemoved(sw, removed), "flowRemoved");
            }
        } else if (msg instanceof OFPortStatus status) {
            counters.portStatus.increment();
            sw.applyPortStatus(status);
            if (sw.isAnnounced()) {
                deliver(() -> listener.portChanged(sw, status), "portChanged");
            }
        } else {
            log.debug("{}: ignored {}", sw, msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        counters.disconnections.increment();
        if (sw != null) {
            sw.pending().failAll(new ClosedChannelException());
            registry.disconnected(sw);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Object who = sw != null ? sw : ctx.channel().remoteAddress();
        if (cause instanceof IOException) {
            log.debug("{}: connection error, closing: {}", who, cause.toString());
        } else {
            log.warn("{}: unexpected error, closing the connection", who, cause);
        }
        ctx.close();
    }

    private void deliver(Runnable call, String what) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("{}: listener {} threw", sw, what, e);
        }
    }
}
