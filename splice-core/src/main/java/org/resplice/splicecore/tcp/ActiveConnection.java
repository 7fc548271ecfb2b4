package org.resplice.splicecore.tcp;

import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalLong;

import org.resplice.splicecore.Seq32;
import org.resplice.splicecore.packet.MalformedPacketException;
import org.resplice.splicecore.packet.TcpFrame;
import org.resplice.splicecore.packet.TcpOptions;
import org.resplice.splicecore.packet.TcpSegment;

/**
 * The controller's connection toward a backend (DESIGN §4.1 steps 2–4): SYN with a chosen ISN and
 * options, SYN-ACK, handshake ACK, then the held request bytes, sent in segments of at most the
 * MSS within the peer's window and retransmitted until acknowledged.
 *
 * <p>Retransmission: one timer (RFC 6298 without RTT sampling). It starts at the configured initial
 * RTO, doubles at each expiry up to a ceiling, and returns to the initial value when an ACK
 * acknowledges new data. An expiry retransmits the first unacknowledged segment (or the SYN);
 * after {@code maxRetries} retransmissions without progress the next expiry fails the connection.
 * Three duplicate ACKs retransmit the first unacknowledged segment at once (RFC 5681 fast
 * retransmit). After either, every partial ACK below the highest byte sent retransmits the next
 * segment (as NewReno does). There is no congestion window: the held bytes were limited by the
 * client's own congestion window. A zero window is probed by sending one byte when the timer
 * expires. Data the backend sends is not acknowledged (after a splice it goes to the client).
 *
 * <p>Time comes only from the {@link Clock}; call {@link #tick()} at or after
 * {@link #nextTimeout()}. Not thread-safe.
 */
public final class ActiveConnection {

    public enum State {
        /** {@link #open()} not called yet. */
        CLOSED,
        SYN_SENT,
        /** SYN-ACK accepted; waiting for {@link #completeHandshake()} (only with deferHandshakeAck). */
        SYN_ACKED,
        ESTABLISHED,
        FAILED,
        ABORTED
    }

    public enum Failure {
        /** The backend sent an acceptable RST (in SYN_SENT: connection refused). */
        RESET,
        /** The SYN was retransmitted maxRetries times without an acceptable SYN-ACK. */
        SYN_TIMEOUT,
        /** Data was retransmitted maxRetries times without progress. */
        DATA_TIMEOUT
    }

    /** Events, called synchronously from {@link #receive}, {@link #tick()} or the sending methods. */
    public interface Handler {
        /**
         * The backend's SYN-ACK was accepted: {@link #peerIsn()} and {@link #peerOptions()} are known.
         * With deferHandshakeAck the connection waits for {@link #completeHandshake()}.
         */
        default void synAckReceived(ActiveConnection c) {
        }

        /** Every byte given to {@link #send} so far has been acknowledged. */
        default void allAcknowledged(ActiveConnection c) {
        }

        /** The connection failed; nothing more is sent. */
        default void failed(ActiveConnection c, Failure failure) {
        }
    }

    static final int DUP_ACK_THRESHOLD = 3;

    private final Config config;
    private final Clock clock;
    private final Handler handler;
    private final FrameWriter out;
    private final int iss;

    private State state = State.CLOSED;
    private int irs;
    private SynOptions peerOptions;
    private int sendShift;
    private int receiveShift;
    private int sendMss;

    private int sndUna;
    private int sndNxt;
    private long sndWnd;
    private int sndWl1;
    private int sndWl2;
    private int rcvNxt;
    private boolean peerFin;

    /** Bytes from sequence number bufSeq on: unacknowledged, then unsent. */
    private byte[] buf = new byte[0];
    private int bufStart;
    private int bufLen;
    private int bufSeq;

    private boolean timerArmed;
    private long deadline;
    private long rto;
    private int retries;
    private int dupAcks;
    private boolean recovering;
    private int recover;
    private long retransmissions;

    public ActiveConnection(Config config, Clock clock, FrameSink sink, Handler handler) {
        this.config = Objects.requireNonNull(config);
        this.clock = Objects.requireNonNull(clock);
        this.handler = Objects.requireNonNull(handler);
        this.out = new FrameWriter(config.local, config.remote, config.ttl, sink);
        this.iss = config.iss;
        this.rto = config.initialRtoNanos;
        this.bufSeq = Seq32.add(iss, 1);
        this.sndUna = iss;
        this.sndNxt = iss;
    }

    /** Sends the SYN. */
    public void open() {
        if (state != State.CLOSED) {
            throw new IllegalStateException("already opened: " + state);
        }
        state = State.SYN_SENT;
        sndNxt = Seq32.add(iss, 1);
        sendSyn();
        arm();
    }

    private void sendSyn() {
        out.emit(iss, 0, TcpSegment.SYN, (int) Math.min(config.receiveWindow, 0xFFFF), config.synOptions.toTcpOptions(),
                null, 0, 0);
    }

    /**
     * Queues bytes to send. Before the handshake completes they are held; afterwards they are
     * sent as the window allows.
     */
    public void send(byte[] data) {
        send(data, 0, data.length);
    }

    public void send(byte[] data, int off, int len) {
        if (state == State.FAILED || state == State.ABORTED) {
            throw new IllegalStateException("connection " + state);
        }
        if (off < 0 || len < 0 || off > data.length - len) {
            throw new IndexOutOfBoundsException();
        }
        if (bufStart + bufLen + len > buf.length) {
            byte[] n = new byte[Math.max(bufLen + len, buf.length * 2)];
            System.arraycopy(buf, bufStart, n, 0, bufLen);
            buf = n;
            bufStart = 0;
        }
        System.arraycopy(data, off, buf, bufStart + bufLen, len);
        bufLen += len;
        pump();
    }

    /** Sends the handshake ACK and then the queued bytes (needed only with deferHandshakeAck). */
    public void completeHandshake() {
        if (state != State.SYN_ACKED) {
            return;
        }
        state = State.ESTABLISHED;
        sendAck();
        pump();
    }

    /** Sends a RST (seq = SND.NXT) unless not opened or already closed, and stops. */
    public void abort() {
        if (state == State.SYN_SENT || state == State.SYN_ACKED || state == State.ESTABLISHED) {
            out.emit(sndNxt, 0, TcpSegment.RST, 0);
        }
        if (state != State.FAILED) {
            state = State.ABORTED;
        }
        timerArmed = false;
    }

    /**
     * Handles a frame. Returns false if it does not belong to this connection (addresses or ports
     * differ); true otherwise, including when it was dropped.
     */
    public boolean receive(TcpFrame frame) {
        TcpSegment seg = frame.tcp();
        if (!frame.ip().source().equals(config.remote.ip()) || !frame.ip().destination().equals(config.local.ip())
                || seg.sourcePort() != config.remote.port() || seg.destinationPort() != config.local.port()) {
            return false;
        }
        if (!frame.checksumsValid()) {
            return true;
        }
        switch (state) {
            case SYN_SENT:
                receiveInSynSent(frame);
                break;
            case SYN_ACKED:
            case ESTABLISHED:
                receiveSynchronized(seg);
                break;
            default:
                break;
        }
        return true;
    }

    /** Parses and handles a frame; false if it is malformed or not for this connection. */
    public boolean receive(byte[] frame) {
        try {
            return receive(TcpFrame.parse(frame));
        } catch (MalformedPacketException e) {
            return false;
        }
    }

    private void receiveInSynSent(TcpFrame frame) {
        TcpSegment seg = frame.tcp();
        boolean ackOk = seg.isAck() && seg.ack() == Seq32.add(iss, 1);
        if (seg.isAck() && !ackOk) {
            // RFC 9293 §3.10.7.3: an ACK for something we never sent gets <SEQ=SEG.ACK><CTL=RST>.
            if (!seg.isRst()) {
                out.emit(seg.ack(), 0, TcpSegment.RST, 0);
            }
            return;
        }
        if (seg.isRst()) {
            if (ackOk) {
                fail(Failure.RESET);
            }
            return;
        }
        if (!seg.isSyn() || !ackOk) {
            return; // simultaneous open is not supported; a bare ACK means nothing here
        }
        irs = seg.seq();
        rcvNxt = Seq32.add(irs, 1);
        peerOptions = SynOptions.fromSyn(seg.options());
        boolean scaling = config.synOptions.hasWindowScale() && peerOptions.hasWindowScale();
        sendShift = scaling ? peerOptions.windowScale() : 0;
        receiveShift = scaling ? config.synOptions.windowScale() : 0;
        sendMss = Math.min(peerOptions.mss(), config.synOptions.mss());
        sndUna = seg.ack();
        sndWnd = seg.window(); // never scaled in a SYN-ACK
        sndWl1 = seg.seq();
        sndWl2 = seg.ack();
        timerArmed = false;
        retries = 0;
        rto = config.initialRtoNanos;
        state = State.SYN_ACKED;
        handler.synAckReceived(this);
        if (!config.deferHandshakeAck) {
            completeHandshake();
        }
    }

    private void receiveSynchronized(TcpSegment seg) {
        if (seg.isRst()) {
            long ahead = Seq32.forward(rcvNxt, seg.seq());
            if (ahead <= config.receiveWindow) {
                fail(Failure.RESET);
            }
            return;
        }
        if (seg.isSyn()) {
            // A retransmitted SYN-ACK: our handshake ACK was lost. Repeat it once we have sent it.
            if (seg.isAck() && seg.seq() == irs && state == State.ESTABLISHED) {
                sendAck();
            }
            return;
        }
        if (!seg.isAck() || state != State.ESTABLISHED) {
            return;
        }
        if (seg.isFin()) {
            peerFin = true;
        }
        int ack = seg.ack();
        if (Seq32.after(ack, sndNxt)) {
            sendAck(); // acknowledges something not yet sent
            return;
        }
        if (Seq32.before(ack, sndUna)) {
            return; // old duplicate
        }
        long inflightBefore = Seq32.forward(sndUna, sndNxt);
        if (Seq32.after(ack, sndUna)) {
            sndUna = ack;
            long drop = Seq32.forward(bufSeq, sndUna);
            if (drop > 0 && Seq32.after(sndUna, bufSeq)) {
                bufStart += (int) drop;
                bufLen -= (int) drop;
                bufSeq = sndUna;
            }
            dupAcks = 0;
            retries = 0;
            rto = config.initialRtoNanos;
            updateWindow(seg);
            if (recovering) {
                if (Seq32.before(ack, recover)) {
                    retransmitHead();
                } else {
                    recovering = false;
                }
            }
            timerArmed = false;
            pump();
            if (bufLen == 0) {
                handler.allAcknowledged(this);
            }
            return;
        }
        // ack == SND.UNA
        boolean windowChanged = updateWindow(seg);
        if (inflightBefore > 0 && seg.payloadLength() == 0 && !seg.isFin() && !windowChanged) {
            dupAcks++;
            if (dupAcks == DUP_ACK_THRESHOLD && !recovering) {
                recovering = true;
                recover = sndNxt;
                retransmitHead();
            }
        }
        pump();
    }

    /** RFC 9293 §3.10.7.4 window update; returns whether the window changed. */
    private boolean updateWindow(TcpSegment seg) {
        if (Seq32.before(sndWl1, seg.seq()) || (sndWl1 == seg.seq() && Seq32.beforeOrEqual(sndWl2, seg.ack()))) {
            long w = (long) seg.window() << sendShift;
            boolean changed = w != sndWnd;
            sndWnd = w;
            sndWl1 = seg.seq();
            sndWl2 = seg.ack();
            return changed;
        }
        return false;
    }

    /** Sends what the window allows and keeps the timer running while anything is outstanding. */
    private void pump() {
        if (state != State.ESTABLISHED) {
            return;
        }
        int end = Seq32.add(bufSeq, bufLen);
        while (true) {
            long unsent = Seq32.forward(sndNxt, end);
            long usable = sndWnd - Seq32.forward(sndUna, sndNxt);
            if (unsent == 0 || usable <= 0) {
                break;
            }
            int len = (int) Math.min(Math.min(unsent, sendMss), usable);
            sendData(sndNxt, len);
            sndNxt = Seq32.add(sndNxt, len);
        }
        if (!timerArmed && needsTimer()) {
            arm();
        }
    }

    private boolean needsTimer() {
        return sndUna != sndNxt || (bufLen > 0 && sndWnd == 0);
    }

    private void retransmitHead() {
        long inflight = Seq32.forward(sndUna, sndNxt);
        if (inflight > 0) {
            sendData(sndUna, (int) Math.min(inflight, sendMss));
            retransmissions++;
        }
    }

    private void sendData(int seq, int len) {
        int at = bufStart + (int) Seq32.forward(bufSeq, seq);
        boolean last = Seq32.add(seq, len) == Seq32.add(bufSeq, bufLen);
        out.emit(seq, rcvNxt, TcpSegment.ACK | (last ? TcpSegment.PSH : 0), windowField(), TcpOptions.NONE, buf,
                at, len);
    }

    private void sendAck() {
        out.emit(sndNxt, rcvNxt, TcpSegment.ACK, windowField());
    }

    private int windowField() {
        return (int) Math.min(config.receiveWindow >>> receiveShift, 0xFFFF);
    }

    private void arm() {
        timerArmed = true;
        deadline = clock.nanos() + rto;
    }

    /** Runs the retransmission timer if it has expired. */
    public void tick() {
        if (!timerArmed || clock.nanos() - deadline < 0) {
            return;
        }
        timerArmed = false;
        if (state == State.SYN_SENT) {
            if (retries >= config.maxRetries) {
                fail(Failure.SYN_TIMEOUT);
                return;
            }
            backOff();
            sendSyn();
            retransmissions++;
            arm();
            return;
        }
        if (state != State.ESTABLISHED || !needsTimer()) {
            return;
        }
        if (retries >= config.maxRetries) {
            fail(Failure.DATA_TIMEOUT);
            return;
        }
        backOff();
        if (sndUna != sndNxt) {
            recovering = true;
            recover = sndNxt;
            dupAcks = 0;
            retransmitHead();
        } else {
            // Zero-window probe: one new byte beyond the window.
            sendData(sndNxt, 1);
            sndNxt = Seq32.add(sndNxt, 1);
        }
        arm();
    }

    private void backOff() {
        retries++;
        rto = Math.min(rto * 2, config.maxRtoNanos);
    }

    private void fail(Failure f) {
        state = State.FAILED;
        timerArmed = false;
        handler.failed(this, f);
    }

    /** When {@link #tick()} next has something to do, in clock nanoseconds. */
    public OptionalLong nextTimeout() {
        return timerArmed ? OptionalLong.of(deadline) : OptionalLong.empty();
    }

    public State state() {
        return state;
    }

    public Config config() {
        return config;
    }

    public int localIsn() {
        return iss;
    }

    /** The backend's ISN (b in DESIGN §4.1); valid from the SYN-ACK on. */
    public int peerIsn() {
        return irs;
    }

    /** What the backend's SYN-ACK offered (MSS, window scale, SACK); null before it. */
    public SynOptions peerOptions() {
        return peerOptions;
    }

    /** The shift applied to the backend's window fields (0 unless both sides offered scaling). */
    public int sendWindowShift() {
        return sendShift;
    }

    /** The largest segment this connection sends: min(backend's MSS, our SYN's MSS). */
    public int sendMss() {
        return sendMss;
    }

    public int sndUna() {
        return sndUna;
    }

    public int sndNxt() {
        return sndNxt;
    }

    /** The backend's window in bytes, as last advertised. */
    public long sendWindow() {
        return sndWnd;
    }

    /** Bytes given to {@link #send} and not yet acknowledged. */
    public int unacknowledgedBytes() {
        return bufLen;
    }

    /** A copy of the bytes not yet acknowledged. */
    public byte[] unacknowledged() {
        return Arrays.copyOfRange(buf, bufStart, bufStart + bufLen);
    }

    public long retransmissions() {
        return retransmissions;
    }

    /** The current retransmission timeout. */
    public long rtoNanos() {
        return rto;
    }

    /** Whether the backend sent a FIN. */
    public boolean peerFinReceived() {
        return peerFin;
    }

    @Override
    public String toString() {
        return "ActiveConnection[" + config.local + " > " + config.remote + " " + state + " una "
                + Seq32.toString(sndUna) + " nxt " + Seq32.toString(sndNxt) + " queued " + bufLen + "]";
    }

    /**
     * Connection settings. Defaults: receive window 65535, initial RTO 1 s (RFC 6298; 200 ms suits a
     * LAN), RTO ceiling 60 s, 5 retransmissions, handshake ACK sent on the SYN-ACK, TTL 64.
     */
    public static Config.Builder config(TcpAddress local, TcpAddress remote, int iss, SynOptions synOptions) {
        return new Config.Builder(local, remote, iss, synOptions);
    }

    public static final class Config {
        final TcpAddress local;
        final TcpAddress remote;
        final int iss;
        final SynOptions synOptions;
        final long receiveWindow;
        final long initialRtoNanos;
        final long maxRtoNanos;
        final int maxRetries;
        final boolean deferHandshakeAck;
        final int ttl;

        private Config(Builder b) {
            this.local = b.local;
            this.remote = b.remote;
            this.iss = b.iss;
            this.synOptions = b.synOptions;
            this.receiveWindow = b.receiveWindow;
            this.initialRtoNanos = b.initialRtoNanos;
            this.maxRtoNanos = b.maxRtoNanos;
            this.maxRetries = b.maxRetries;
            this.deferHandshakeAck = b.deferHandshakeAck;
            this.ttl = b.ttl;
        }

        public TcpAddress local() {
            return local;
        }

        public TcpAddress remote() {
            return remote;
        }

        public SynOptions synOptions() {
            return synOptions;
        }

        public long initialRtoNanos() {
            return initialRtoNanos;
        }

        public int maxRetries() {
            return maxRetries;
        }

        public static final class Builder {
            private final TcpAddress local;
            private final TcpAddress remote;
            private final int iss;
            private final SynOptions synOptions;
            private long receiveWindow = 0xFFFF;
            private long initialRtoNanos = 1_000_000_000L;
            private long maxRtoNanos = 60_000_000_000L;
            private int maxRetries = 5;
            private boolean deferHandshakeAck;
            private int ttl = 64;

            private Builder(TcpAddress local, TcpAddress remote, int iss, SynOptions synOptions) {
                this.local = Objects.requireNonNull(local);
                this.remote = Objects.requireNonNull(remote);
                this.iss = iss;
                this.synOptions = Objects.requireNonNull(synOptions);
            }

            /**
             * The receive window we advertise, in bytes: unscaled in the SYN (capped at 65535),
             * shifted by our window scale in later segments. After a splice the backend takes it as
             * the client's window until the client's own ACKs arrive, so pass the client's window.
             */
            public Builder receiveWindow(long bytes) {
                if (bytes < 0 || bytes > (0xFFFFL << 14)) {
                    throw new IllegalArgumentException("receive window " + bytes);
                }
                receiveWindow = bytes;
                return this;
            }

            public Builder initialRtoNanos(long v) {
                if (v <= 0) {
                    throw new IllegalArgumentException("initial RTO " + v);
                }
                initialRtoNanos = v;
                return this;
            }

            public Builder maxRtoNanos(long v) {
                if (v <= 0) {
                    throw new IllegalArgumentException("max RTO " + v);
                }
                maxRtoNanos = v;
                return this;
            }

            /** Retransmissions (of the SYN, or without progress of data) before failing. */
            public Builder maxRetries(int v) {
                if (v < 0) {
                    throw new IllegalArgumentException("max retries " + v);
                }
                maxRetries = v;
                return this;
            }

            /**
             * Whether to wait after the SYN-ACK for {@link ActiveConnection#completeHandshake()}
             * before sending the ACK and data: DESIGN §4.1 installs the splice flows in between.
             */
            public Builder deferHandshakeAck(boolean v) {
                deferHandshakeAck = v;
                return this;
            }

            public Builder ttl(int v) {
                if (v < 1 || v > 255) {
                    throw new IllegalArgumentException("ttl " + v);
                }
                ttl = v;
                return this;
            }

            public Config build() {
                if (maxRtoNanos < initialRtoNanos) {
                    throw new IllegalArgumentException("max RTO below initial RTO");
                }
                return new Config(this);
            }
        }
    }
}
