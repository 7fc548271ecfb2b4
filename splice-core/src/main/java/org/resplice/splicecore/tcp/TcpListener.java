package org.resplice.splicecore.tcp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.resplice.splicecore.Seq32;
import org.resplice.splicecore.packet.Ip4Address;
import org.resplice.splicecore.packet.MalformedPacketException;
import org.resplice.splicecore.packet.TcpFrame;
import org.resplice.splicecore.packet.TcpOption;
import org.resplice.splicecore.packet.TcpSegment;

/**
 * The passive opener for one VIP:port (DESIGN §4.1 step 1). A SYN is answered with a SYN-ACK whose
 * ISN is a {@link SynCookies SYN cookie} and nothing is remembered; a client ACK that returns a
 * valid cookie creates a {@link PassiveConnection}, which then receives the request. Options in the
 * SYN-ACK: MSS = min(client's, configured); window scale = the configured shift only if the client
 * offered scaling; SACK-permitted only if the client offered it; never timestamps (nor ECN).
 *
 * <p>Not thread-safe: feed it from one thread (or lock around it).
 */
public final class TcpListener {

    /** Events of the connections this listener creates. Called synchronously from {@link #receive}. */
    public interface Handler {
        /** A client's ACK returned a valid cookie; its data, if any, follows in {@link #dataReceived}. */
        default void established(PassiveConnection c) {
        }

        /** The contiguous request bytes grew, or the client's FIN was reached. */
        default void dataReceived(PassiveConnection c) {
        }

        /** The client reset the connection. */
        default void reset(PassiveConnection c) {
        }
    }

    private final Config config;
    private final SynCookies cookies;
    private final FrameSink sink;
    private final Handler handler;
    private final Map<Key, PassiveConnection> connections = new HashMap<>();
    private long synAcksSent;
    private long cookiesRejected;
    private long resetsSent;
    private long badChecksums;

    public TcpListener(Config config, SynCookies cookies, FrameSink sink, Handler handler) {
        this.config = Objects.requireNonNull(config);
        this.cookies = Objects.requireNonNull(cookies);
        this.sink = Objects.requireNonNull(sink);
        this.handler = Objects.requireNonNull(handler);
    }

    /** Parses and handles a frame; false if it is malformed or not addressed to this listener. */
    public boolean receive(byte[] frame) {
        try {
            return receive(TcpFrame.parse(frame));
        } catch (MalformedPacketException e) {
            return false;
        }
    }

    /**
     * Handles a frame. Returns false if it is not addressed to the listener's IP and port (it is
     * then left alone); true if it was consumed, including when it was dropped.
     */
    public boolean receive(TcpFrame frame) {
        TcpSegment seg = frame.tcp();
        TcpAddress local = config.local;
        if (!frame.ip().destination().equals(local.ip()) || seg.destinationPort() != local.port()) {
            return false;
        }
        if (!frame.checksumsValid()) {
            badChecksums++;
            return true;
        }
        Key key = new Key(frame.ip().source(), seg.sourcePort());
        PassiveConnection c = connections.get(key);
        if (c != null) {
            c.receive(frame);
            return true;
        }
        if (seg.isRst()) {
            return true;
        }
        if (seg.isAck()) {
            if (seg.isSyn()) {
                reset(frame);
                return true;
            }
            acceptCookie(frame, key);
            return true;
        }
        if (seg.isSyn() && !seg.isFin()) {
            answerSyn(frame);
        }
        return true;
    }

    private void answerSyn(TcpFrame frame) {
        TcpSegment syn = frame.tcp();
        SynOptions offered = SynOptions.fromSyn(syn.options());
        int isn = cookies.encode(frame.ip().source(), syn.sourcePort(), config.local.ip(), config.local.port(),
                syn.seq(), offered);
        SynOptions answer = SynOptions.of(Math.min(offered.mss(), config.mss),
                offered.hasWindowScale() ? config.windowScale : SynOptions.NO_WINDOW_SCALE, offered.sackPermitted());
        TcpAddress client = TcpAddress.of(frame.sourceMac(), frame.ip().source(), syn.sourcePort());
        new FrameWriter(config.local, client, config.ttl, sink).emit(isn, Seq32.add(syn.seq(), 1),
                TcpSegment.SYN | TcpSegment.ACK, Math.min(config.receiveWindow, 0xFFFF), answer.toTcpOptions(), null,
                0, 0);
        synAcksSent++;
    }

    private void acceptCookie(TcpFrame frame, Key key) {
        TcpSegment seg = frame.tcp();
        int cookie = Seq32.add(seg.ack(), -1);
        int clientIsn = Seq32.add(seg.seq(), -1);
        Optional<SynOptions> offered = cookies.check(key.ip, key.port, config.local.ip(), config.local.port(),
                clientIsn, cookie);
        if (!offered.isPresent()) {
            cookiesRejected++;
            if (config.resetOnInvalidCookie) {
                reset(frame);
            }
            return;
        }
        SynOptions o = offered.get();
        TcpAddress client = TcpAddress.of(frame.sourceMac(), key.ip, key.port);
        PassiveConnection c = new PassiveConnection(config.local, client, cookie, clientIsn, o,
                o.hasWindowScale() ? config.windowScale : SynOptions.NO_WINDOW_SCALE, config.receiveWindow,
                config.ttl, sink, handler, this);
        connections.put(key, c);
        handler.established(c);
        c.receive(frame);
    }

    private void reset(TcpFrame frame) {
        Optional<TcpFrame> rst = Resets.forSegment(frame, config.ttl);
        if (rst.isPresent()) {
            sink.emit(rst.get().toBytes());
            resetsSent++;
        }
    }

    /** The established connection from a client, if any. */
    public Optional<PassiveConnection> connection(Ip4Address clientIp, int clientPort) {
        return Optional.ofNullable(connections.get(new Key(clientIp, clientPort)));
    }

    public Collection<PassiveConnection> connections() {
        return Collections.unmodifiableCollection(new ArrayList<>(connections.values()));
    }

    /**
     * Forgets a connection (once it is spliced, or given up); later segments from that client are
     * treated as for no connection. The connection ignores segments from then on.
     */
    public void remove(PassiveConnection c) {
        if (connections.get(keyOf(c)) == c) {
            connections.remove(keyOf(c));
        }
        c.release();
    }

    void closed(PassiveConnection c) {
        if (connections.get(keyOf(c)) == c) {
            connections.remove(keyOf(c));
        }
    }

    private static Key keyOf(PassiveConnection c) {
        return new Key(c.remote().ip(), c.remote().port());
    }

    public Config config() {
        return config;
    }

    public long synAcksSent() {
        return synAcksSent;
    }

    /** ACKs for no connection whose cookie did not check (dropped, or reset if so configured). */
    public long cookiesRejected() {
        return cookiesRejected;
    }

    public long resetsSent() {
        return resetsSent;
    }

    public long badChecksums() {
        return badChecksums;
    }

    private static final class Key {
        final Ip4Address ip;
        final int port;

        Key(Ip4Address ip, int port) {
            this.ip = ip;
            this.port = port;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).ip.equals(ip) && ((Key) o).port == port;
        }

        @Override
        public int hashCode() {
            return ip.hashCode() * 65599 + port;
        }
    }

    public static Config.Builder config(TcpAddress local) {
        return new Config.Builder(local);
    }

    /** Listener settings; build with {@link TcpListener#config(TcpAddress)}. */
    public static final class Config {
        final TcpAddress local;
        final int mss;
        final int windowScale;
        final int receiveWindow;
        final int ttl;
        final boolean resetOnInvalidCookie;

        private Config(Builder b) {
            this.local = b.local;
            this.mss = b.mss;
            this.windowScale = b.windowScale;
            this.receiveWindow = b.receiveWindow;
            this.ttl = b.ttl;
            this.resetOnInvalidCookie = b.resetOnInvalidCookie;
        }

        public TcpAddress local() {
            return local;
        }

        public int mss() {
            return mss;
        }

        public int windowScale() {
            return windowScale;
        }

        public int receiveWindow() {
            return receiveWindow;
        }

        /** Defaults: MSS 1460, window scale 7, receive window 65535, TTL 64, invalid cookies dropped. */
        public static final class Builder {
            private final TcpAddress local;
            private int mss = 1460;
            private int windowScale = 7;
            private int receiveWindow = 0xFFFF;
            private int ttl = 64;
            private boolean resetOnInvalidCookie;

            private Builder(TcpAddress local) {
                this.local = Objects.requireNonNull(local);
            }

            /** The pool's MSS: the SYN-ACK announces min(client's, this). */
            public Builder mss(int v) {
                if (v < 1 || v > 0xFFFF) {
                    throw new IllegalArgumentException("mss " + v);
                }
                mss = v;
                return this;
            }

            /** The pool's backend window scale shift, announced when the client offers scaling. */
            public Builder windowScale(int v) {
                if (v < 0 || v > TcpOption.MAX_WINDOW_SHIFT) {
                    throw new IllegalArgumentException("window scale " + v);
                }
                windowScale = v;
                return this;
            }

            /**
             * The window of the SYN-ACK (unscaled, at most 65535). As nothing is acknowledged, it is
             * also the most request bytes a client can send and the listener will hold.
             */
            public Builder receiveWindow(int v) {
                if (v < 0 || v > 0xFFFF) {
                    throw new IllegalArgumentException("receive window " + v);
                }
                receiveWindow = v;
                return this;
            }

            public Builder ttl(int v) {
                if (v < 1 || v > 255) {
                    throw new IllegalArgumentException("ttl " + v);
                }
                ttl = v;
                return this;
            }

            /**
             * Whether an ACK for no connection whose cookie fails is answered with a RST (RFC 793)
             * rather than dropped. Dropping is the default: when a client's first data segment is
             * lost, its next one carries seq ≠ ISN + 1 and fails the check, and the client recovers
             * by retransmitting the lost one; a RST would kill it.
             */
            public Builder resetOnInvalidCookie(boolean v) {
                resetOnInvalidCookie = v;
                return this;
            }

            public Config build() {
                return new Config(this);
            }
        }
    }
}
