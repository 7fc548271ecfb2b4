package org.resplice.controller.openflow;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * One connected OpenFlow 1.3 switch, as seen by the rest of the controller.
 *
 * <p>Every method is thread-safe and none blocks. Futures complete on the connection's
 * event-loop thread: callbacks attached to them must not block either, or they stall every
 * switch served by that thread.
 */
public interface OpenFlowSwitch {

    /** The datapath id announced in the FEATURES_REPLY. */
    DatapathId dpid();

    /** The OpenFlow 1.3 factory to build messages for this switch with. */
    OFFactory factory();

    /** The switch's ports: from the port description multipart, kept current by PORT_STATUS. */
    List<OFPortDesc> ports();

    InetSocketAddress remoteAddress();

    /** True from the handshake until the connection closes or is replaced by a newer one. */
    boolean isConnected();

    /**
     * Queues {@code msg} for the switch. Assigns nothing: the caller sets the xid or uses the one the
     * factory's builder assigned. A message for a disconnected switch is dropped (and logged at DEBUG).
     */
    void send(OFMessage msg);

    /** Queues {@code msgs} in order and flushes once. */
    void send(List<OFMessage> msgs);

    /**
     * Sends {@code msgs} then a BARRIER_REQUEST; completes when the barrier reply arrives.
     * Completes exceptionally with {@link OpenFlowErrorException} if the switch answers any of
     * {@code msgs}' xids (or the barrier's) with an ERROR before the barrier reply, with a
     * {@link java.nio.channels.ClosedChannelException} on disconnect, or with a
     * {@link java.util.concurrent.TimeoutException} when no barrier reply comes within the
     * configured request timeout (default 5 s).
     */
    CompletableFuture<Void> sendWithBarrier(List<OFMessage> msgs);

    /**
     * All flow entries of all tables (OFPMP_FLOW multipart, following OFPMPF_REPLY_MORE).
     * Fails like {@link #sendWithBarrier(List)}: error, disconnect, timeout.
     */
    CompletableFuture<List<OFFlowStatsEntry>> flowStats();

    /** Closes the connection; the listener then hears {@code switchDisconnected}. */
    void disconnect();
}
