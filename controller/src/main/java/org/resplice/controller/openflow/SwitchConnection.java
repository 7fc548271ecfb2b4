package org.resplice.controller.openflow;

import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import org.projectfloodlight.openflow.protocol.OFBarrierRequest;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesReply;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link OpenFlowSwitch} of one handshaken connection. */
final class SwitchConnection implements OpenFlowSwitch {

    private static final Logger log = LoggerFactory.getLogger(SwitchConnection.class);
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);

    private final Channel channel;
    private final OFFeaturesReply features;
    private final InetSocketAddress remote;
    private final Duration requestTimeout;
    private final OpenFlowCounters counters;
    private final PendingRequests pending = new PendingRequests();
    private final AtomicBoolean up = new AtomicBoolean();
    private final AtomicBoolean announcedDown = new AtomicBoolean();
    private volatile List<OFPortDesc> ports;

    private final ChannelFutureListener logWriteFailure = f -> {
        if (!f.isSuccess()) {
            logWriteFailure(f.cause());
        }
    };

    SwitchConnection(Channel channel, OFFeaturesReply features, List<OFPortDesc> ports, Duration requestTimeout,
                     OpenFlowCounters counters) {
        this.channel = channel;
        this.features = features;
        this.remote = (InetSocketAddress) channel.remoteAddress();
        this.ports = List.copyOf(ports);
        this.requestTimeout = requestTimeout;
        this.counters = counters;
    }

    @Override
    public DatapathId dpid() {
        return features.getDatapathId();
    }

    @Override
    public OFFactory factory() {
        return OF13;
    }

    @Override
    public List<OFPortDesc> ports() {
        return ports;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public boolean isConnected() {
        return up.get() && !announcedDown.get() && channel.isActive();
    }

    @Override
    public void send(OFMessage msg) {
        if (!channel.isActive()) {
            dropped(1);
            return;
        }
        channel.writeAndFlush(msg).addListener(logWriteFailure);
    }

    @Override
    public void send(List<OFMessage> msgs) {
        if (msgs.isEmpty()) {
            return;
        }
        if (!channel.isActive()) {
            dropped(msgs.size());
            return;
        }
        for (OFMessage m : msgs) {
            channel.write(m).addListener(logWriteFailure);
        }
        channel.flush();
    }

    @Override
    public CompletableFuture<Void> sendWithBarrier(List<OFMessage> msgs) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        if (!channel.isActive()) {
            future.completeExceptionally(new ClosedChannelException());
            return future;
        }
        OFBarrierRequest barrier = OF13.buildBarrierRequest().setXid(OF13.nextXid()).build();
        long xid = barrier.getXid();
        Set<Long> covered = new HashSet<>();
        for (OFMessage m : msgs) {
            covered.add(m.getXid());
        }
        pending.addBarrier(xid, Set.copyOf(covered), future);
        armTimeout(xid, "barrier");
        ChannelFutureListener failOnWriteError = f -> {
            if (!f.isSuccess()) {
                pending.fail(xid, f.cause());
            }
        };
        for (OFMessage m : msgs) {
            channel.write(m).addListener(failOnWriteError);
        }
        channel.writeAndFlush(barrier).addListener(failOnWriteError);
        return future;
    }

    @Override
    public CompletableFuture<List<OFFlowStatsEntry>> flowStats() {
        CompletableFuture<List<OFFlowStatsEntry>> future = new CompletableFuture<>();
        if (!channel.isActive()) {
            future.completeExceptionally(new ClosedChannelException());
            return future;
        }
        OFFlowStatsRequest request = OF13.buildFlowStatsRequest()
                .setXid(OF13.nextXid())
                .setTableId(TableId.ALL)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .setCookie(U64.ZERO)
                .setCookieMask(U64.ZERO)
                .setMatch(OF13.matchWildcardAll())
                .build();
        long xid = request.getXid();
        pending.addFlowStats(xid, future);
        armTimeout(xid, "flow stats");
        channel.writeAndFlush(request).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                pending.fail(xid, f.cause());
            }
        });
        return future;
    }

    @Override
    public void disconnect() {
        channel.close();
    }

    @Override
    public String toString() {
        return "OpenFlowSwitch[" + dpid() + " at " + remote + (isConnected() ? "" : ", disconnected") + "]";
    }

    // ---- used by the pipeline and the server ----

    Channel channel() {
        return channel;
    }

    OFFeaturesReply features() {
        return features;
    }

    PendingRequests pending() {
        return pending;
    }

    void markUp() {
        up.set(true);
    }

    /** @return true the first time only: the caller then announces the disconnect */
    boolean markDown() {
        return announcedDown.compareAndSet(false, true);
    }

    /** Whether events of this connection may still reach the listener. */
    boolean isAnnounced() {
        return up.get() && !announcedDown.get();
    }

    /** Keeps {@link #ports()} current; called on the connection's event loop only. */
    void applyPortStatus(OFPortStatus status) {
        OFPortDesc desc = status.getDesc();
        List<OFPortDesc> next = new ArrayList<>(ports);
        int index = -1;
        for (int i = 0; i < next.size(); i++) {
            if (next.get(i).getPortNo().equals(desc.getPortNo())) {
                index = i;
                break;
            }
        }
        if (status.getReason() == OFPortReason.DELETE) {
            if (index >= 0) {
                next.remove(index);
            }
        } else if (index >= 0) {
            next.set(index, desc);
        } else {
            next.add(desc);
        }
        ports = List.copyOf(next);
    }

    private void armTimeout(long xid, String what) {
        // Runs on the event loop, like every answer, so nothing completes the request in between.
        pending.setTimer(xid, channel.eventLoop().schedule(() -> {
            if (pending.isPending(xid)) {
                counters.requestTimeouts.increment();
                log.warn("{}: {} xid {} timed out after {} ms", this, what, xid, requestTimeout.toMillis());
                pending.fail(xid, new TimeoutException("no " + what + " reply from " + dpid() + " within "
                        + requestTimeout.toMillis() + " ms (xid " + xid + ")"));
            }
        }, requestTimeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    private void dropped(int n) {
        counters.messagesDropped.add(n);
        log.debug("{}: not connected, dropped {} message(s)", this, n);
    }

    private void logWriteFailure(Throwable cause) {
        if (cause instanceof ClosedChannelException) {
            log.debug("{}: write after close", this);
        } else {
            log.warn("{}: write failed", this, cause);
        }
    }
}
