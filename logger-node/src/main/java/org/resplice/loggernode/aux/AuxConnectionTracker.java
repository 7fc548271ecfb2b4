package org.resplice.loggernode.aux;

import java.util.Objects;
import java.util.function.Consumer;

import org.resplice.loggernode.capture.FlowKey;
import org.resplice.loggernode.capture.MirroredSegment;
import org.resplice.loggernode.stream.SplicedConnectionTracker;
import org.resplice.splicecore.Seq32;
import org.resplice.splicecore.packet.TcpSegment;

/**
 * One backend → aux server connection. Aux connections are not spliced, so no controller tells the
 * logger their initial sequence numbers: this learns them from the mirrored handshake (the
 * backend's SYN, which created it, and the aux server's SYN-ACK), then drives the stream rebuild
 * ({@link SplicedConnectionTracker}, with the backend as "client" and the aux server as "server")
 * into an {@link AuxSink}. If anything but the SYN-ACK (or a repeated SYN) comes first, the
 * SYN-ACK was not captured: the connection is given up, never guessed.
 *
 * <p>Not thread-safe: the {@link AuxFollower} drives it on the capture's parse thread.
 */
final class AuxConnectionTracker {

    /** What a segment did to the connection. */
    enum Result {
        /** The connection goes on. */
        FOLLOWING,
        /** The handshake was not captured (the SYN-ACK is missing): the connection is not followed. */
        NO_HANDSHAKE,
        /** The connection ended (FIN pair or RST). */
        ENDED
    }

    private final FlowKey backendToAux;
    private final int backendIsn;
    private final AuxFollowerConfig config;
    private final Consumer<AuxCommand> recorder;
    private final AuxCounters counters;
    private long lastActivityNanos;
    private SplicedConnectionTracker stream;
    private AuxSink sink;
    private boolean ended;

    /**
     * Starts at the backend's SYN.
     *
     * @param backendToAux the connection's key in the backend → aux server direction
     * @param backendIsn   the SYN's sequence number
     * @param nowNanos     the follower's clock now
     */
    AuxConnectionTracker(FlowKey backendToAux, int backendIsn, AuxFollowerConfig config,
            Consumer<AuxCommand> recorder, AuxCounters counters, long nowNanos) {
        this.backendToAux = Objects.requireNonNull(backendToAux, "backendToAux");
        this.backendIsn = backendIsn;
        this.config = Objects.requireNonNull(config, "config");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.lastActivityNanos = nowNanos;
    }

    int backendIsn() {
        return backendIsn;
    }

    long lastActivityNanos() {
        return lastActivityNanos;
    }

    /** True once the aux server's SYN-ACK was seen. */
    boolean isEstablished() {
        return stream != null;
    }

    /** The sink, once established; else null. */
    AuxSink sink() {
        return sink;
    }

    /**
     * One mirrored segment of this connection.
     *
     * @param fromBackend true for backend → aux server, false for the other direction
     * @param nowNanos    the follower's clock now
     */
    Result segment(boolean fromBackend, MirroredSegment s, long nowNanos) {
        if (ended) {
            return Result.ENDED;
        }
        lastActivityNanos = nowNanos;
        if (stream == null) {
            return handshake(fromBackend, s);
        }
        if (fromBackend) {
            stream.clientSegment(s.seq(), s.ack(), s.flags(), s.frame(), s.payloadOffset(), s.payloadLength());
        } else {
            stream.serverSegment(s.seq(), s.ack(), s.flags(), s.frame(), s.payloadOffset(), s.payloadLength());
        }
        if (sink.isEnded()) {
            ended = true;
            return Result.ENDED;
        }
        return Result.FOLLOWING;
    }

    /**
     * Ends the connection: holes left in the streams become gaps, and commands still open are
     * logged as incomplete with {@code reason}. Idempotent.
     */
    void end(String reason) {
        if (ended) {
            return;
        }
        ended = true;
        if (stream != null) {
            stream.flush();
            sink.end(reason);
        }
    }

    private Result handshake(boolean fromBackend, MirroredSegment s) {
        if (s.has(TcpSegment.RST)) {
            ended = true; // refused or aborted before it started: nothing to log
            return Result.ENDED;
        }
        if (fromBackend) {
            if (s.has(TcpSegment.SYN) && !s.has(TcpSegment.ACK) && s.seq() == backendIsn) {
                return Result.FOLLOWING; // the SYN again
            }
            ended = true;
            return Result.NO_HANDSHAKE;
        }
        if (s.has(TcpSegment.SYN | TcpSegment.ACK) && s.ack() == Seq32.add(backendIsn, 1)) {
            sink = new AuxSink(backendToAux, recorder, counters, config.maxBufferedBytes());
            stream = new SplicedConnectionTracker(backendIsn, s.seq(), sink, config.limits());
            counters.countConnectionFollowed();
            stream.serverSegment(s.seq(), s.ack(), s.flags(), s.frame(), s.payloadOffset(), s.payloadLength());
            return Result.FOLLOWING;
        }
        ended = true;
        return Result.NO_HANDSHAKE;
    }
}
