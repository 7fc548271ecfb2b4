package org.resplice.splicecore.packet;

import org.resplice.splicecore.Seq32;

/** One SACK block (RFC 2018): the bytes [left, right) in sequence space. */
public final class SackBlock {

    private final int left;
    private final int right;

    public SackBlock(int left, int right) {
        this.left = left;
        this.right = right;
    }

    public int left() {
        return left;
    }

    public int right() {
        return right;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SackBlock && ((SackBlock) o).left == left && ((SackBlock) o).right == right;
    }

    @Override
    public int hashCode() {
        return left * 31 + right;
    }

    @Override
    public String toString() {
        return Seq32.toString(left) + "-" + Seq32.toString(right);
    }
}
