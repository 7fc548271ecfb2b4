package org.resplice.loggernode.stream;

import java.util.Objects;

import org.resplice.splicecore.Seq32;
import org.resplice.splicecore.packet.TcpSegment;

/**
 * Stream rebuild of one spliced connection: takes the captured segments of both directions, with
 * sequence and acknowledgement numbers already in backend sequence space, and tells a
 * {@link ConnectionSink} the client and server streams, the ACKs, FINs and RSTs.
 *
 * <p>Each direction has a {@link DirectionReassembler}. An ACK is a statement about the other
 * direction: it is reported to the sink when it grows, and it turns holes in the other direction
 * below it into gaps (see {@link DirectionReassembler#acknowledged}). Within a segment the ACK is
 * handled before the payload, so the sink hears about the acknowledged range of the other stream
 * (data or gaps) before the ACK itself.
 *
 * <p>Not thread-safe: one capture parse thread drives it, in capture order.
 */
public final class SplicedConnectionTracker {

    private final int clientIsn;
    private final int backendIsn;
    private final ConnectionSink sink;
    private final DirectionReassembler clientStream;
    private final DirectionReassembler serverStream;
    /** The server stream offset the client has acknowledged (Ack_CL). */
    private long ackedByClient;
    /** The client stream offset the server has acknowledged. */
    private long ackedByServer;
    private boolean clientReset;
    private boolean serverReset;

    /**
     * @param clientIsn  the client's initial sequence number, in backend sequence space
     * @param backendIsn the backend's initial sequence number
     * @param sink       hears the rebuilt connection
     * @param limits     memory bounds of each direction
     */
    public SplicedConnectionTracker(int clientIsn, int backendIsn, ConnectionSink sink, ReassemblyLimits limits) {
        this.clientIsn = clientIsn;
        this.backendIsn = backendIsn;
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clientStream = new DirectionReassembler(clientIsn, limits, new ClientStreamListener(sink));
        this.serverStream = new DirectionReassembler(backendIsn, limits, new ServerStreamListener(sink));
    }

    /**
     * A segment the client sent.
     *
     * @param seq   sequence number
     * @param ack   acknowledgement number (used only with {@link TcpSegment#ACK} in {@code flags})
     * @param flags TCP flags as on the wire ({@link TcpSegment#SYN}, {@link TcpSegment#ACK},
     *              {@link TcpSegment#FIN}, {@link TcpSegment#RST}; others are ignored)
     * @param b     holds the payload; read only during the call
     * @param off   where the payload starts in {@code b}
     * @param len   payload length
     */
    public void clientSegment(int seq, int ack, int flags, byte[] b, int off, int len) {
        onSegment(false, seq, ack, flags, b, off, len);
    }

    /** A segment the backend sent; parameters as for {@link #clientSegment}. */
    public void serverSegment(int seq, int ack, int flags, byte[] b, int off, int len) {
        onSegment(true, seq, ack, flags, b, off, len);
    }

    /** The connection ended or went idle: turns remaining holes of both directions into gaps (rule c). */
    public void flush() {
        clientStream.flush();
        serverStream.flush();
    }

    /** Counters of the client→server direction; its bogus ACKs are ones the server sent. */
    public StreamCounters clientCounters() {
        return clientStream.counters();
    }

    /** Counters of the server→client direction; its bogus ACKs are ones the client sent. */
    public StreamCounters serverCounters() {
        return serverStream.counters();
    }

    /** The server stream offset the client has acknowledged so far (Ack_CL). */
    public long ackedByClient() {
        return ackedByClient;
    }

    /** The client stream offset the server has acknowledged so far. */
    public long ackedByServer() {
        return ackedByServer;
    }

    private void onSegment(boolean fromServer, int seq, int ack, int flags, byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        DirectionReassembler own = fromServer ? serverStream : clientStream;
        if ((flags & TcpSegment.RST) != 0) {
            // A RST's payload is a diagnostic, not stream data (RFC 9293 §3.5.3), and its ACK may
            // answer a stray segment, so only the reset itself counts. The mirror may copy it twice.
            own.counters().countSegment();
            reportReset(fromServer);
            return;
        }
        if ((flags & TcpSegment.ACK) != 0) {
            acknowledge(fromServer, ack);
        }
        if ((flags & TcpSegment.SYN) != 0) {
            int isn = fromServer ? backendIsn : clientIsn;
            if (seq != isn) {
                // Another connection's SYN on the same addresses; the capture must start a new tracker.
                own.counters().countSegment();
                own.counters().countImplausibleSegment();
                return;
            }
            // The SYN takes the ISN; data on a SYN (TCP Fast Open) starts after it.
            seq = Seq32.add(seq, 1);
        }
        own.segment(seq, b, off, len, (flags & TcpSegment.FIN) != 0);
    }

    /** An ACK sent by one side, about the other side's stream. */
    private void acknowledge(boolean fromServer, int ackSeq) {
        DirectionReassembler acked = fromServer ? clientStream : serverStream;
        long offset = acked.offsetOf(ackSeq);
        long fin = acked.finOffset();
        if (offset < 0 || offset - acked.highestOffset() > DirectionReassembler.PLAUSIBLE_AHEAD
                || (fin != DirectionReassembler.NO_FIN && offset > fin + 1)) {
            acked.counters().countBogusAck();
            return;
        }
        if (fin != DirectionReassembler.NO_FIN) {
            offset = Math.min(offset, fin); // the FIN's sequence number is not a byte of the stream
        }
        if (offset <= (fromServer ? ackedByServer : ackedByClient)) {
            return; // not news: a repeated or reordered ACK, or the ACK of the SYN (offset 0)
        }
        acked.acknowledged(offset);
        if (fromServer) {
            ackedByServer = offset;
            sink.serverAck(offset);
        } else {
            ackedByClient = offset;
            sink.clientAck(offset);
        }
    }

    private void reportReset(boolean byServer) {
        if (byServer ? serverReset : clientReset) {
            return;
        }
        if (byServer) {
            serverReset = true;
        } else {
            clientReset = true;
        }
        sink.reset(byServer);
    }

    /** The client→server stream, as the sink names it. */
    private record ClientStreamListener(ConnectionSink sink) implements StreamListener {
        @Override
        public void data(long offset, byte[] b, int off, int len) {
            sink.clientData(offset, b, off, len);
        }

        @Override
        public void gap(long from, long to) {
            sink.clientGap(from, to);
        }

        @Override
        public void fin(long offset) {
            sink.clientFin(offset);
        }
    }

    /** The server→client stream, as the sink names it. */
    private record ServerStreamListener(ConnectionSink sink) implements StreamListener {
        @Override
        public void data(long offset, byte[] b, int off, int len) {
            sink.serverData(offset, b, off, len);
        }

        @Override
        public void gap(long from, long to) {
            sink.serverGap(from, to);
        }

        @Override
        public void fin(long offset) {
            sink.serverFin(offset);
        }
    }
}
