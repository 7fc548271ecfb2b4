package org.resplice.splicecore.tcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.resplice.splicecore.packet.TcpOption;
import org.resplice.splicecore.packet.TcpOptions;

/**
 * The options of a SYN or SYN-ACK that matter to the splice: MSS, window scale shift (or none)
 * and SACK-permitted. Timestamps are never negotiated (DESIGN §4.1).
 */
public final class SynOptions {

    /** RFC 9293 §3.7.1: the MSS assumed when a SYN carries none. */
    public static final int DEFAULT_MSS = 536;
    public static final int NO_WINDOW_SCALE = -1;

    private final int mss;
    private final int windowScale;
    private final boolean sackPermitted;

    private SynOptions(int mss, int windowScale, boolean sackPermitted) {
        if (mss < 1 || mss > 0xFFFF) {
            throw new IllegalArgumentException("mss " + mss);
        }
        if (windowScale < NO_WINDOW_SCALE || windowScale > TcpOption.MAX_WINDOW_SHIFT) {
            throw new IllegalArgumentException("window scale " + windowScale);
        }
        this.mss = mss;
        this.windowScale = windowScale;
        this.sackPermitted = sackPermitted;
    }

    /**
     * @param windowScale a shift 0..14, or {@link #NO_WINDOW_SCALE}
     */
    public static SynOptions of(int mss, int windowScale, boolean sackPermitted) {
        return new SynOptions(mss, windowScale, sackPermitted);
    }

    /**
     * What a received SYN offers: its MSS or {@link #DEFAULT_MSS}, its window scale shift capped at
     * 14 (RFC 7323 §2.3) or none, SACK-permitted.
     */
    public static SynOptions fromSyn(TcpOptions options) {
        int mss = options.mss().orElse(DEFAULT_MSS);
        int ws = options.windowScale().isPresent()
                ? Math.min(options.windowScale().getAsInt(), TcpOption.MAX_WINDOW_SHIFT) : NO_WINDOW_SCALE;
        return new SynOptions(Math.max(mss, 1), ws, options.sackPermitted());
    }

    public int mss() {
        return mss;
    }

    /** The shift 0..14, or {@link #NO_WINDOW_SCALE}. */
    public int windowScale() {
        return windowScale;
    }

    public boolean hasWindowScale() {
        return windowScale != NO_WINDOW_SCALE;
    }

    public boolean sackPermitted() {
        return sackPermitted;
    }

    /** The option list for a SYN or SYN-ACK, laid out as Linux does without timestamps. */
    public TcpOptions toTcpOptions() {
        List<TcpOption> l = new ArrayList<>(6);
        l.add(TcpOption.mss(mss));
        if (sackPermitted) {
            l.add(TcpOption.nop());
            l.add(TcpOption.nop());
            l.add(TcpOption.sackPermitted());
        }
        if (hasWindowScale()) {
            l.add(TcpOption.nop());
            l.add(TcpOption.windowScale(windowScale));
        }
        return TcpOptions.of(l);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SynOptions)) {
            return false;
        }
        SynOptions s = (SynOptions) o;
        return mss == s.mss && windowScale == s.windowScale && sackPermitted == s.sackPermitted;
    }

    @Override
    public int hashCode() {
        return Objects.hash(mss, windowScale, sackPermitted);
    }

    @Override
    public String toString() {
        return "mss " + mss + (hasWindowScale() ? " wscale " + windowScale : "") + (sackPermitted ? " sackOK" : "");
    }
}
