package org.resplice.controller.openflow;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ImmediateEventExecutor;
import org.projectfloodlight.openflow.types.DatapathId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's OpenFlow 1.3 listener. Each accepted connection gets a pipeline of small
 * handlers, each with one job:
 * <pre>
 *   idle       IdleStateHandler: read-idle events for the echo handler
 *   frame      {@link OFFrameDecoder}: cut the byte stream into frames by the header's length
 *   decode     {@link OFMessageDecoder}: frame to OFMessage / PeerHello / MalformedMessage
 *   encode     {@link OFMessageEncoder}: OFMessage to bytes
 *   malformed  {@link MalformedMessageHandler}: answer bad input with OFPT_ERROR, count, log
 *   echo       {@link EchoHandler}: answer ECHO_REQUEST, probe an idle switch, drop a dead one
 *   handshake  {@link HandshakeHandler}: HELLO, FEATURES, SET_CONFIG, PORT_DESC; then leaves
 *   dispatch   {@link SwitchDispatcher}: futures by xid, the rest to the listener
 * </pre>
 * NIO event loops: one boss, two workers; TCP_NODELAY on every connection.
 */
public final class OpenFlowServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpenFlowServer.class);
    private static final int WORKER_THREADS = 2;

    private final InetSocketAddress bindAddress;
    private final OpenFlowSwitchListener listener;
    private final OpenFlowServerConfig config;
    private final OpenFlowCounters counters = new OpenFlowCounters();
    private final Map<DatapathId, SwitchConnection> switches = new ConcurrentHashMap<>();
    private final ChannelGroup channels = new DefaultChannelGroup("openflow", ImmediateEventExecutor.INSTANCE);
    private final Object announceLock = new Object();
    private final SwitchRegistry registry = new Registry();

    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel serverChannel;
    private volatile boolean closed;

    public OpenFlowServer(InetSocketAddress bindAddress, OpenFlowSwitchListener listener) {
        this(bindAddress, listener, OpenFlowServerConfig.defaults());
    }

    public OpenFlowServer(InetSocketAddress bindAddress, OpenFlowSwitchListener listener,
                          OpenFlowServerConfig config) {
        this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Binds the listening socket (port 0 picks an ephemeral port). */
    public synchronized void start() throws InterruptedException {
        if (serverChannel != null || closed) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        boss = new NioEventLoopGroup(1, new DefaultThreadFactory("openflow-boss", true));
        workers = new NioEventLoopGroup(WORKER_THREADS, new DefaultThreadFactory("openflow-io", true));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        initPipeline(ch);
                    }
                });
        try {
            serverChannel = bootstrap.bind(bindAddress).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            shutdownGroups();
            throw e;
        }
        log.info("OpenFlow server listening on {}", serverChannel.localAddress());
    }

    private void initPipeline(SocketChannel ch) {
        counters.connections.increment();
        channels.add(ch);
        ChannelPipeline p = ch.pipeline();
        p.addLast("idle", new IdleStateHandler(config.echoInterval().toNanos(), 0, 0, TimeUnit.NANOSECONDS));
        p.addLast("frame", new OFFrameDecoder());
        p.addLast("decode", new OFMessageDecoder(counters));
        p.addLast("encode", new OFMessageEncoder(counters));
        p.addLast("malformed", new MalformedMessageHandler(counters));
        p.addLast("echo", new EchoHandler(config.maxMissedEchoes(), counters));
        p.addLast("handshake", new HandshakeHandler(config.handshakeTimeout(), counters));
        p.addLast("dispatch", new SwitchDispatcher(registry, listener, config, counters));
        log.debug("connection from {}", ch.remoteAddress());
    }

    /** The bound address, e.g. to learn the ephemeral port. */
    public InetSocketAddress localAddress() {
        Channel ch = serverChannel;
        if (ch == null) {
            throw new IllegalStateException("not started");
        }
        return (InetSocketAddress) ch.localAddress();
    }

    /** The switches that finished their handshake and are still connected. */
    public Collection<OpenFlowSwitch> switches() {
        return List.copyOf(switches.values());
    }

    public OpenFlowCounters counters() {
        return counters;
    }

    public OpenFlowServerConfig config() {
        return config;
    }

    /** Closes the listening socket and every connection (each announced as disconnected), then the threads. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutdownGroups();
        log.info("OpenFlow server closed; counters {}", counters.snapshot());
    }

    private void shutdownGroups() {
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Announcements are serialised under one lock so that, for one datapath id, the listener hears the
     * disconnect of a replaced connection before the connect of its replacement.
     */
    private final class Registry implements SwitchRegistry {

        @Override
        public void connected(SwitchConnection sw) {
            synchronized (announceLock) {
                SwitchConnection old = switches.put(sw.dpid(), sw);
                if (old != null && old != sw) {
                    counters.replacedConnections.increment();
                    log.info("switch {} reconnected from {}; closing its older connection from {}", sw.dpid(),
                            sw.remoteAddress(), old.remoteAddress());
                    old.channel().close();
                    announceDown(old);
                }
                sw.markUp();
                try {
                    listener.switchConnected(sw);
                } catch (RuntimeException e) {
                    log.warn("{}: listener switchConnected threw", sw, e);
                }
            }
        }

        @Override
        public void disconnected(SwitchConnection sw) {
            synchronized (announceLock) {
                switches.remove(sw.dpid(), sw);
                announceDown(sw);
            }
        }

        private void announceDown(SwitchConnection sw) {
            if (sw.markDown()) {
                log.info("switch {} at {} disconnected", sw.dpid(), sw.remoteAddress());
                try {
                    listener.switchDisconnected(sw);
                } catch (RuntimeException e) {
                    log.warn("{}: listener switchDisconnected threw", sw, e);
                }
            }
        }
    }
}
