package org.resplice.splicecore.adjust;

import java.util.Objects;

/**
 * What a splice switch does to the TCP header of one spliced direction (DESIGN §4.2):
 * seq += seqDelta, ack += ackDelta, every SACK block edge += sackDelta (all 32-bit wrapping), and
 * the window field shifted by wscaleShift (left when positive, right when negative; 0 = untouched).
 * A "minus d" in the design is a delta of -d here.
 */
public final class TcpAdjustment {

    /** Shifts beyond this would make the window meaningless (RFC 7323 caps scaling at 14). */
    public static final int MAX_SHIFT = 14;

    private final int seqDelta;
    private final int ackDelta;
    private final int sackDelta;
    private final int wscaleShift;

    private TcpAdjustment(int seqDelta, int ackDelta, int sackDelta, int wscaleShift) {
        if (wscaleShift < -MAX_SHIFT || wscaleShift > MAX_SHIFT) {
            throw new IllegalArgumentException("wscaleShift must be in -" + MAX_SHIFT + ".." + MAX_SHIFT
                    + ", not " + wscaleShift);
        }
        this.seqDelta = seqDelta;
        this.ackDelta = ackDelta;
        this.sackDelta = sackDelta;
        this.wscaleShift = wscaleShift;
    }

    public static TcpAdjustment of(int seqDelta, int ackDelta, int sackDelta, int wscaleShift) {
        return new TcpAdjustment(seqDelta, ackDelta, sackDelta, wscaleShift);
    }

    /** backend→client: sequence numbers move by d into the client's space. */
    public static TcpAdjustment towardClient(int d, int wscaleShift) {
        return new TcpAdjustment(d, 0, 0, wscaleShift);
    }

    /** client→backend: acknowledgements and SACK blocks move by -d into the backend's space. */
    public static TcpAdjustment towardBackend(int d) {
        return new TcpAdjustment(0, -d, -d, 0);
    }

    public int seqDelta() {
        return seqDelta;
    }

    public int ackDelta() {
        return ackDelta;
    }

    public int sackDelta() {
        return sackDelta;
    }

    public int wscaleShift() {
        return wscaleShift;
    }

    /** Whether applying it changes nothing. */
    public boolean isIdentity() {
        return seqDelta == 0 && ackDelta == 0 && sackDelta == 0 && wscaleShift == 0;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TcpAdjustment)) {
            return false;
        }
        TcpAdjustment t = (TcpAdjustment) o;
        return seqDelta == t.seqDelta && ackDelta == t.ackDelta && sackDelta == t.sackDelta
                && wscaleShift == t.wscaleShift;
    }

    @Override
    public int hashCode() {
        return Objects.hash(seqDelta, ackDelta, sackDelta, wscaleShift);
    }

    @Override
    public String toString() {
        return "TcpAdjustment{seq+" + Integer.toUnsignedString(seqDelta) + ", ack+" + Integer.toUnsignedString(ackDelta)
                + ", sack+" + Integer.toUnsignedString(sackDelta) + ", wscale" + (wscaleShift >= 0 ? "<<" : ">>")
                + Math.abs(wscaleShift) + "}";
    }
}
