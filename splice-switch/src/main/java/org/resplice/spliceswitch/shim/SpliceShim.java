package org.resplice.spliceswitch.shim;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import static org.resplice.spliceswitch.shim.OfWire.FC_ADD;
import static org.resplice.spliceswitch.shim.OfWire.FC_DELETE_STRICT;
import static org.resplice.spliceswitch.shim.OfWire.FC_MODIFY;
import static org.resplice.spliceswitch.shim.OfWire.FC_MODIFY_STRICT;
import static org.resplice.spliceswitch.shim.OfWire.MP_PORT_DESC;
import static org.resplice.spliceswitch.shim.OfWire.T_FLOW_MOD;
import static org.resplice.spliceswitch.shim.OfWire.T_FLOW_REMOVED;
import static org.resplice.spliceswitch.shim.OfWire.T_MULTIPART_REPLY;
import static org.resplice.spliceswitch.shim.OfWire.T_PORT_STATUS;
import static org.resplice.spliceswitch.shim.OfWire.u16;
import static org.resplice.spliceswitch.shim.OfWire.u8;

/**
 * The OpenFlow shim in front of one Open vSwitch bridge (DESIGN §1, §4.2): OVS connects here, the
 * shim connects on to the controller, and every message passes through unchanged except that
 * <ul>
 *   <li>FLOW_MODs lose their TCP_ADJUST action, which becomes an XDP map entry for the flow's
 *       in_port and 5-tuple (or an OFPT_ERROR back to the controller if the match is not exact);</li>
 *   <li>a flow with an adjustment reaches OVS only after the XDP map holds the adjustment, and a
 *       BARRIER_REQUEST only after every adjustment sent before it: the barrier reply means
 *       "installed in XDP and in OVS";</li>
 *   <li>FLOW_REMOVED of an expired flow drops its XDP entry (a delete drops it as it passes).</li>
 * </ul>
 * Flow-stats replies pass unchanged, without the action: the controller's OpenFlowJ cannot parse an
 * experimenter action it does not know, so the controller compares splice flows by match only.
 * One event loop serves both sides of a connection, so a connection's messages are handled in order.
 */
public final class SpliceShim implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SpliceShim.class);
    private static final int T_BARRIER_REQUEST = 20;
    private static final long REMOVAL_FLUSH_MS = 20;
    /** How long adjusted flow mods wait for a barrier before going on anyway. */
    private static final long HOLD_MS = 20;

    private final InetSocketAddress listen;
    private final InetSocketAddress controller;
    private final AdjustTable table = new AdjustTable();
    private final AdjustTable.Datapath datapath;
    private final PortDirectory ports;
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private Channel server;

    private final LongAdder flowModsEdited = new LongAdder();
    private final LongAdder errorsSent = new LongAdder();
    private final LongAdder mapFlushes = new LongAdder();
    private final LongAdder mapFailures = new LongAdder();
    private final LongAdder slowMapFlushes = new LongAdder();
    private final LongAdder connections = new LongAdder();

    public SpliceShim(InetSocketAddress listen, InetSocketAddress controller, AdjustTable.Datapath datapath,
                      PortDirectory ports) {
        this.listen = listen;
        this.controller = controller;
        this.datapath = datapath;
        this.ports = ports;
    }

    public void start() throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ovs) {
                        connect(ovs);
                    }
                })
                .bind(listen).sync().channel();
        log.info("shim listening on {} for Open vSwitch, controller at {}", server.localAddress(), controller);
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    /** Splice flows the switch holds with an adjustment. */
    public int adjustments() {
        return table.size();
    }

    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("connections", connections.sum());
        c.put("flowModsEdited", flowModsEdited.sum());
        c.put("adjustments", (long) table.size());
        c.put("errorsSent", errorsSent.sum());
        c.put("mapFlushes", mapFlushes.sum());
        c.put("mapFailures", mapFailures.sum());
        c.put("slowMapFlushes", slowMapFlushes.sum());
        return c;
    }

    private static LengthFieldBasedFrameDecoder frames() {
        return new LengthFieldBasedFrameDecoder(0xffff, 2, 2, -4, 0);
    }

    private void connect(SocketChannel ovs) {
        connections.increment();
        ChannelFuture up = new Bootstrap().group(ovs.eventLoop()).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(frames(), new FromController(ovs));
                    }
                })
                .connect(controller);
        up.addListener(f -> {
            if (!f.isSuccess()) {
                log.warn("cannot reach the controller at {}: {}; dropping the switch connection", controller,
                        f.cause().toString());
                ovs.close();
                return;
            }
            Channel ctl = up.channel();
            ovs.pipeline().addLast(frames(), new FromSwitch(ctl));
            ovs.closeFuture().addListener(x -> ctl.close());
            ctl.closeFuture().addListener(x -> ovs.close());
            ovs.config().setAutoRead(true);
        });
    }

    private static byte[] bytes(ByteBuf frame) {
        byte[] b = new byte[frame.readableBytes()];
        frame.readBytes(b);
        return b;
    }

    /** Messages from Open vSwitch to the controller. */
    private final class FromSwitch extends SimpleChannelInboundHandler<ByteBuf> {
        private final Channel ctl;

        FromSwitch(Channel ctl) {
            this.ctl = ctl;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            byte[] m = bytes(frame);
            int type = u8(m, 1);
            if (type == T_FLOW_REMOVED) {
                FlowModEditor.expiredMatch(m).ifPresent(match -> {
                    table.flowGone(match);
                    scheduleRemovalFlush(ctx, ctl);
                });
            } else if (type == T_PORT_STATUS) {
                ports.learn(m, 16, m.length);
            } else if (type == T_MULTIPART_REPLY && m.length >= 16) {
                int mp = u16(m, 8);
                if (mp == MP_PORT_DESC) {
                    ports.learn(m, 16, m.length);
                }
            }
            ctl.writeAndFlush(Unpooled.wrappedBuffer(m));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.warn("switch connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    /**
     * Messages from the controller to Open vSwitch. Once a FLOW_MOD with an adjustment arrives, it and
     * everything after it wait until the next BARRIER_REQUEST (or a few milliseconds): then the XDP
     * map is programmed first and the held messages go to OVS in order. A splice flow is never live
     * in OVS before its adjustment is live in XDP; otherwise a client segment could reach the
     * backend with its acknowledgement unadjusted, and the backend would answer with a reset.
     */
    private final class FromController extends SimpleChannelInboundHandler<ByteBuf> {
        private final Channel ovs;
        private final List<byte[]> held = new ArrayList<>();
        private long heldSince;

        FromController(Channel ovs) {
            this.ovs = ovs;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            byte[] m = bytes(frame);
            int type = u8(m, 1);
            boolean adjusts = false;
            if (type == T_FLOW_MOD) {
                FlowModEditor.Edit edit = FlowModEditor.edit(m);
                m = flowMod(ctx, m, edit);
                if (m == null) {
                    return;
                }
                adjusts = edit.adjustment != null;
            }
            if (adjusts && held.isEmpty()) {
                heldSince = System.nanoTime();
                ctx.executor().schedule(() -> release(ctx.channel()), HOLD_MS, TimeUnit.MILLISECONDS);
            }
            if (adjusts || !held.isEmpty()) {
                held.add(m);
                if (type == T_BARRIER_REQUEST) {
                    release(ctx.channel());
                }
                return;
            }
            if (type == T_BARRIER_REQUEST) {
                flush(ctx.channel());
            }
            ovs.writeAndFlush(Unpooled.wrappedBuffer(m));
        }

        /** Programs the map, then lets the held messages go on, in order. */
        private void release(Channel ctl) {
            if (held.isEmpty()) {
                return;
            }
            long waited = (System.nanoTime() - heldSince) / 1_000_000;
            if (waited > 1000) {
                log.warn("held {} messages for {} ms", held.size(), waited);
            }
            flush(ctl);
            for (byte[] m : held) {
                ovs.write(Unpooled.wrappedBuffer(m));
            }
            held.clear();
            ovs.flush();
        }

        /** The FLOW_MOD to forward, or null when it was answered with an error instead. */
        private byte[] flowMod(ChannelHandlerContext ctx, byte[] m, FlowModEditor.Edit edit) {
            if (edit.error != null) {
                refuse(ctx.channel(), edit.error, edit.why);
                return null;
            }
            boolean install = edit.command == FC_ADD || edit.command == FC_MODIFY || edit.command == FC_MODIFY_STRICT;
            if (edit.adjustment != null && install) {
                OptionalInt ifindex = ports.ifindex(edit.match.inPort());
                if (ifindex.isEmpty()) {
                    refuse(ctx.channel(), OfWire.error(m, OfWire.ET_BAD_ACTION, OfWire.BAC_MATCH_INCONSISTENT),
                            "in_port " + edit.match.inPort() + " is not a port the shim has seen (" + ports.names()
                                    + ")");
                    return null;
                }
                flowModsEdited.increment();
                table.flowAdded(edit.match, ifindex.getAsInt(), edit.adjustment, m);
            } else if (edit.match != null && (install || edit.command == FC_DELETE_STRICT)) {
                table.flowGone(edit.match); // replaced without an adjustment, or deleted
            }
            return edit.forward;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.warn("controller connection: {}", cause.toString());
            ctx.close();
        }
    }

    private void refuse(Channel ctl, byte[] error, String why) {
        errorsSent.increment();
        log.warn("refused a flow mod: {}", why);
        ctl.writeAndFlush(Unpooled.wrappedBuffer(error));
    }

    /** Applies queued map changes; a put the map refused is answered with an error for its flow mod. */
    private void flush(Channel ctl) {
        List<AdjustTable.Op> ops = table.drain();
        if (ops.isEmpty()) {
            return;
        }
        mapFlushes.increment();
        long start = System.nanoTime();
        try {
            datapath.apply(ops);
            long micros = (System.nanoTime() - start) / 1000;
            if (micros > 100_000) {
                slowMapFlushes.increment(); // the relay waits meanwhile
                log.debug("XDP map update of {} changes took {} ms", ops.size(), micros / 1000);
            }
        } catch (Exception e) {
            mapFailures.increment();
            log.error("programming the XDP map failed ({} changes): {}", ops.size(), e.toString());
            for (AdjustTable.Op op : ops) {
                if (op.isPut()) {
                    table.putFailed(op);
                    refuse(ctl, OfWire.error(op.flowMod, 5 /* FLOW_MOD_FAILED */, 0 /* UNKNOWN */),
                            "XDP map refused " + op.match);
                }
            }
        }
    }

    /** Removals need no barrier to wait for; batch those arriving close together. */
    private void scheduleRemovalFlush(ChannelHandlerContext ctx, Channel ctl) {
        ctx.executor().schedule(() -> {
            if (table.hasPending()) {
                flush(ctl);
            }
        }, REMOVAL_FLUSH_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
