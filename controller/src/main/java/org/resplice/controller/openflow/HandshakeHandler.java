package org.resplice.controller.openflow;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesReply;
import org.projectfloodlight.openflow.protocol.OFFeaturesRequest;
import org.projectfloodlight.openflow.protocol.OFHelloFailedCode;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFSetConfig;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.OFErrorCauseData;
import org.projectfloodlight.openflow.types.U32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a new connection up to a usable OpenFlow 1.3 switch: HELLO (offering 1.3 only),
 * version negotiation (HELLO_FAILED and close if the switch cannot do 1.3), FEATURES_REQUEST,
 * SET_CONFIG with miss_send_len = NO_BUFFER so packet-ins carry whole frames, and the
 * PORT_DESC multipart. Then fires {@link HandshakeComplete} and leaves the pipeline. Messages
 * that arrive before that and are not part of the handshake are dropped; an error answering one
 * of the handshake requests, or no finished handshake within the timeout, closes the connection.
 */
final class HandshakeHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(HandshakeHandler.class);
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);

    /** OFPCML_NO_BUFFER: send the whole frame to the controller, do not buffer in the switch. */
    static final int MISS_SEND_LEN_NO_BUFFER = 0xffff;

    private enum State { WAIT_HELLO, WAIT_FEATURES, WAIT_PORT_DESC, DONE }

    private final Duration timeout;
    private final OpenFlowCounters counters;

    private State state = State.WAIT_HELLO;
    private ScheduledFuture<?> timer;
    private long featuresXid = -1;
    private long setConfigXid = -1;
    private long portDescXid = -1;
    private OFFeaturesReply features;
    private final List<OFPortDesc> ports = new ArrayList<>();

    HandshakeHandler(Duration timeout, OpenFlowCounters counters) {
        this.timeout = timeout;
        this.counters = counters;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timer = ctx.executor().schedule(() -> {
            if (state != State.DONE) {
                fail(ctx, "no finished handshake within " + timeout.toMillis() + " ms (state " + state + ")");
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        ctx.writeAndFlush(OF13.buildHello()
                .setElements(List.of(OF13.helloElemVersionbitmap(
                        List.of(U32.of(1L << OFMessageDecoder.OF13)))))
                .build());
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimer();
        if (state != State.DONE) {
            log.debug("{} closed during handshake (state {})", ctx.channel().remoteAddress(), state);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PeerHello hello) {
            onHello(ctx, hello);
        } else if (msg instanceof OFErrorMsg error) {
            onError(ctx, error);
        } else if (msg instanceof OFFeaturesReply reply && state == State.WAIT_FEATURES) {
            onFeatures(ctx, reply);
        } else if (msg instanceof OFPortDescStatsReply reply && state == State.WAIT_PORT_DESC
                && reply.getXid() == portDescXid) {
            onPortDesc(ctx, reply);
        } else {
            log.debug("{} sent {} during handshake (state {}), dropped", ctx.channel().remoteAddress(), msg, state);
        }
    }

    private void onHello(ChannelHandlerContext ctx, PeerHello hello) {
        if (state != State.WAIT_HELLO) {
            log.debug("{} sent a second HELLO, ignored", ctx.channel().remoteAddress());
            return;
        }
        if (!hello.accepts(OFMessageDecoder.OF13)) {
            String text = "resplice controller speaks OpenFlow 1.3 (wire version 4) only; switch offered version "
                    + hello.version() + (hello.hasBitmap() ? String.format(" bitmap 0x%x", hello.bitmapWord0()) : "");
            OFErrorMsg error = OF13.errorMsgs().buildHelloFailedErrorMsg()
                    .setXid(hello.xid())
                    .setCode(OFHelloFailedCode.INCOMPATIBLE)
                    .setData(OFErrorCauseData.of(text.getBytes(StandardCharsets.US_ASCII), OFVersion.OF_13))
                    .build();
            counters.errorsSent.increment();
            state = State.DONE;
            cancelTimer();
            counters.handshakeFailures.increment();
            log.warn("version negotiation with {} failed: {}", ctx.channel().remoteAddress(), text);
            ctx.writeAndFlush(error).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        OFFeaturesRequest request = OF13.buildFeaturesRequest().setXid(OF13.nextXid()).build();
        featuresXid = request.getXid();
        state = State.WAIT_FEATURES;
        ctx.writeAndFlush(request);
    }

    private void onFeatures(ChannelHandlerContext ctx, OFFeaturesReply reply) {
        features = reply;
        OFSetConfig setConfig = OF13.buildSetConfig()
                .setXid(OF13.nextXid())
                .setMissSendLen(MISS_SEND_LEN_NO_BUFFER)
                .build();
        setConfigXid = setConfig.getXid();
        OFPortDescStatsRequest portDesc = OF13.buildPortDescStatsRequest().setXid(OF13.nextXid()).build();
        portDescXid = portDesc.getXid();
        state = State.WAIT_PORT_DESC;
        ctx.write(setConfig);
        ctx.writeAndFlush(portDesc);
    }

    private void onPortDesc(ChannelHandlerContext ctx, OFPortDescStatsReply reply) {
        ports.addAll(reply.getEntries());
        if (reply.getFlags().contains(OFStatsReplyFlags.REPLY_MORE)) {
            return;
        }
        state = State.DONE;
        cancelTimer();
        counters.handshakesCompleted.increment();
        log.info("switch {} at {} connected: {} ports, {} tables", features.getDatapathId(),
                ctx.channel().remoteAddress(), ports.size(), features.getNTables());
        ctx.fireUserEventTriggered(new HandshakeComplete(features, List.copyOf(ports)));
        ctx.pipeline().remove(this);
    }

    private void onError(ChannelHandlerContext ctx, OFErrorMsg error) {
        long xid = error.getXid();
        if (xid == featuresXid || xid == setConfigXid || xid == portDescXid) {
            fail(ctx, "switch rejected a handshake request: " + OpenFlowErrorException.describe(error));
        } else {
            log.warn("{} sent an error during handshake (state {}): {}", ctx.channel().remoteAddress(), state,
                    OpenFlowErrorException.describe(error));
        }
    }

    private void fail(ChannelHandlerContext ctx, String why) {
        state = State.DONE;
        cancelTimer();
        counters.handshakeFailures.increment();
        log.warn("handshake with {} failed: {}", ctx.channel().remoteAddress(), why);
        ctx.close();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
