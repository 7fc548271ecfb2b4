package org.resplice.splicecore.tcp;

import org.resplice.splicecore.Seq32;
import org.resplice.splicecore.packet.TcpFrame;
import org.resplice.splicecore.packet.TcpSegment;

/**
 * The client side of a splice once the client's ACK has returned a valid SYN cookie (DESIGN §4.1
 * step 2). It receives the client's request bytes and never acknowledges them: the client keeps
 * them in its retransmission queue until the backend acknowledges them through the splice. It emits
 * only a RST ({@link #abort()}) and, for a SYN with a new ISN on this tuple, a challenge ACK
 * (RFC 5961 §4) that acknowledges nothing beyond the SYN.
 *
 * <p>Not thread-safe; created by {@link TcpListener}.
 */
public final class PassiveConnection {

    public enum State {
        ESTABLISHED,
        /** The client sent an acceptable RST. */
        RESET,
        /** We sent a RST ({@link #abort()}). */
        ABORTED,
        /** Handed over to a splice ({@link TcpListener#remove}); segments are ignored. */
        RELEASED
    }

    private final TcpAddress local;
    private final TcpAddress remote;
    private final int iss;
    private final int irs;
    private final SynOptions clientOptions;
    private final int windowScaleSent;
    private final int receiveWindow;
    private final FrameWriter out;
    private final TcpListener.Handler handler;
    private final TcpListener owner;
    private final ReassemblyBuffer buffer;
    private State state = State.ESTABLISHED;
    private long peerWindow;

    PassiveConnection(TcpAddress local, TcpAddress remote, int iss, int irs, SynOptions clientOptions,
            int windowScaleSent, int receiveWindow, int ttl, FrameSink sink, TcpListener.Handler handler,
            TcpListener owner) {
        this.local = local;
        this.remote = remote;
        this.iss = iss;
        this.irs = irs;
        this.clientOptions = clientOptions;
        this.windowScaleSent = windowScaleSent;
        this.receiveWindow = receiveWindow;
        this.out = new FrameWriter(local, remote, ttl, sink);
        this.handler = handler;
        this.owner = owner;
        this.buffer = new ReassemblyBuffer(Seq32.add(irs, 1), receiveWindow);
    }

    /** Handles a segment of this connection (addresses already matched, checksums already checked). */
    public void receive(TcpFrame frame) {
        if (state != State.ESTABLISHED) {
            return;
        }
        TcpSegment seg = frame.tcp();
        int rcvStart = Seq32.add(irs, 1);
        if (seg.isRst()) {
            // RFC 793: acceptable when in the window we gave; the client's SND.NXT may be past the
            // bytes it sent us, which we never acknowledged, so an exact match (RFC 5961) is too strict.
            if (Seq32.forward(rcvStart, seg.seq()) <= receiveWindow) {
                state = State.RESET;
                owner.closed(this);
                handler.reset(this);
            }
            return;
        }
        if (seg.isSyn()) {
            if (seg.seq() != irs) {
                out.emit(Seq32.add(iss, 1), rcvStart, TcpSegment.ACK, advertisedWindowField());
            }
            return;
        }
        if (!seg.isAck() || Seq32.after(seg.ack(), Seq32.add(iss, 1))) {
            return; // no ACK, or it acknowledges what we never sent
        }
        int peerShift = clientOptions.hasWindowScale() && windowScaleSent >= 0 ? clientOptions.windowScale() : 0;
        peerWindow = (long) seg.window() << peerShift;
        boolean wasReached = buffer.finReached();
        int grown = 0;
        if (seg.payloadLength() > 0) {
            grown = buffer.offer(seg.seq(), seg.payload(), 0, seg.payloadLength());
        }
        if (seg.isFin()) {
            buffer.offerFin(Seq32.add(seg.seq(), seg.payloadLength()));
        }
        if (grown > 0 || buffer.finReached() != wasReached) {
            handler.dataReceived(this);
        }
    }

    /** Sends the client a RST (seq = our ISN + 1, which the client's RCV.NXT is) and closes. */
    public void abort() {
        if (state != State.ESTABLISHED) {
            return;
        }
        out.emit(Seq32.add(iss, 1), 0, TcpSegment.RST, 0);
        state = State.ABORTED;
        owner.closed(this);
    }

    void release() {
        if (state == State.ESTABLISHED) {
            state = State.RELEASED;
        }
    }

    private int advertisedWindowField() {
        int shift = windowScaleSent >= 0 ? windowScaleSent : 0;
        return Math.min(receiveWindow >>> shift, 0xFFFF);
    }

    public State state() {
        return state;
    }

    public TcpAddress local() {
        return local;
    }

    /** The client: its IP and port, and the MAC its ACK came from. */
    public TcpAddress remote() {
        return remote;
    }

    /** Our ISN (the SYN cookie), p in DESIGN §4.1. */
    public int localIsn() {
        return iss;
    }

    /** The client's ISN; the backend SYN uses it too so that client→backend needs no offset. */
    public int clientIsn() {
        return irs;
    }

    /** What the client's SYN offered, as recovered from the cookie (MSS rounded down to the cookie table). */
    public SynOptions clientOptions() {
        return clientOptions;
    }

    /** The window scale shift our SYN-ACK announced, or -1 when the client did not offer scaling. */
    public int windowScaleSent() {
        return windowScaleSent;
    }

    /** Whether SACK is in use on this connection (the client offered it, so our SYN-ACK permitted it). */
    public boolean sackEnabled() {
        return clientOptions.sackPermitted();
    }

    /** The window the client last advertised, in bytes (scaled). */
    public long peerWindow() {
        return peerWindow;
    }

    /** The contiguous request bytes received so far (a copy). */
    public byte[] receivedBytes() {
        return buffer.contiguousBytes();
    }

    public int receivedLength() {
        return buffer.contiguousLength();
    }

    /** The sequence number following the contiguous bytes. */
    public int receivedUpTo() {
        return buffer.nextSeq();
    }

    public int outOfOrderBytes() {
        return buffer.outOfOrderBytes();
    }

    /** Whether the client's FIN has been reached (every byte before it received). */
    public boolean finReceived() {
        return buffer.finReached();
    }

    @Override
    public String toString() {
        return "PassiveConnection[" + remote + " > " + local + " " + state + " received " + receivedLength() + "]";
    }
}
