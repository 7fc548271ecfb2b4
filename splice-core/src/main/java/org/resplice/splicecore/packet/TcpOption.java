package org.resplice.splicecore.packet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One TCP option: its kind and the bytes after the kind and length octets. NOP is the only
 * one-byte option kept; EOL ends the option list when parsing and is written only as padding.
 * Options of unknown kind are preserved as they were found.
 */
public final class TcpOption {

    public static final int KIND_EOL = 0;
    public static final int KIND_NOP = 1;
    public static final int KIND_MSS = 2;
    public static final int KIND_WINDOW_SCALE = 3;
    public static final int KIND_SACK_PERMITTED = 4;
    public static final int KIND_SACK = 5;
    public static final int KIND_TIMESTAMPS = 8;
    /** RFC 7323 §2.3: a shift above 14 is used as 14. */
    public static final int MAX_WINDOW_SHIFT = 14;

    private static final TcpOption NOP = new TcpOption(KIND_NOP, new byte[0]);
    private static final TcpOption SACK_PERMITTED = new TcpOption(KIND_SACK_PERMITTED, new byte[0]);

    private final int kind;
    private final byte[] data;

    private TcpOption(int kind, byte[] data) {
        this.kind = kind;
        this.data = data;
    }

    public static TcpOption nop() {
        return NOP;
    }

    public static TcpOption mss(int mss) {
        Bytes.checkRange("mss", mss, 0, 0xFFFF);
        byte[] d = new byte[2];
        Bytes.put16(d, 0, mss);
        return new TcpOption(KIND_MSS, d);
    }

    /** The window scale option carrying shift as given (0..255; a receiver uses at most 14). */
    public static TcpOption windowScale(int shift) {
        Bytes.checkRange("windowScale", shift, 0, 0xFF);
        return new TcpOption(KIND_WINDOW_SCALE, new byte[] {(byte) shift});
    }

    public static TcpOption sackPermitted() {
        return SACK_PERMITTED;
    }

    /** A SACK option with 1 to 4 blocks. */
    public static TcpOption sack(List<SackBlock> blocks) {
        if (blocks.isEmpty() || blocks.size() > 4) {
            throw new IllegalArgumentException("a SACK option holds 1 to 4 blocks, not " + blocks.size());
        }
        byte[] d = new byte[8 * blocks.size()];
        for (int i = 0; i < blocks.size(); i++) {
            Bytes.put32(d, 8 * i, blocks.get(i).left());
            Bytes.put32(d, 8 * i + 4, blocks.get(i).right());
        }
        return new TcpOption(KIND_SACK, d);
    }

    public static TcpOption timestamps(int tsVal, int tsEcr) {
        byte[] d = new byte[8];
        Bytes.put32(d, 0, tsVal);
        Bytes.put32(d, 4, tsEcr);
        return new TcpOption(KIND_TIMESTAMPS, d);
    }

    /**
     * An option of a kind this codec does not interpret (not EOL, NOP, MSS, window scale,
     * SACK-permitted, SACK or timestamps), with up to 38 data bytes.
     */
    public static TcpOption unknown(int kind, byte[] data) {
        Bytes.checkRange("kind", kind, 0, 0xFF);
        if (isKnown(kind)) {
            throw new IllegalArgumentException("kind " + kind + " has its own factory");
        }
        if (data.length > 38) {
            throw new IllegalArgumentException("option data longer than 38 bytes: " + data.length);
        }
        return new TcpOption(kind, data.clone());
    }

    private static boolean isKnown(int kind) {
        return kind == KIND_EOL || kind == KIND_NOP || kind == KIND_MSS || kind == KIND_WINDOW_SCALE
                || kind == KIND_SACK_PERMITTED || kind == KIND_SACK || kind == KIND_TIMESTAMPS;
    }

    /** Parses the option starting at b[i] (not EOL), which must end by end. */
    static TcpOption read(byte[] b, int i, int end) throws MalformedPacketException {
        int kind = Bytes.u8(b, i);
        if (kind == KIND_NOP) {
            return NOP;
        }
        if (i + 1 >= end) {
            throw new MalformedPacketException("tcp.options.length", "option kind " + kind + " has no length octet");
        }
        int len = Bytes.u8(b, i + 1);
        if (len < 2) {
            throw new MalformedPacketException("tcp.options.length", "option kind " + kind + " has length " + len);
        }
        if (len > end - i) {
            throw new MalformedPacketException("tcp.options.length",
                    "option kind " + kind + " of length " + len + " runs past the header");
        }
        switch (kind) {
            case KIND_MSS:
                expect(len == 4, "tcp.options.mss", len);
                break;
            case KIND_WINDOW_SCALE:
                expect(len == 3, "tcp.options.windowScale", len);
                break;
            case KIND_SACK_PERMITTED:
                expect(len == 2, "tcp.options.sackPermitted", len);
                return SACK_PERMITTED;
            case KIND_SACK:
                expect(len >= 10 && (len - 2) % 8 == 0, "tcp.options.sack", len);
                break;
            case KIND_TIMESTAMPS:
                expect(len == 10, "tcp.options.timestamps", len);
                break;
            default:
                break;
        }
        return new TcpOption(kind, Arrays.copyOfRange(b, i + 2, i + len));
    }

    private static void expect(boolean ok, String field, int len) throws MalformedPacketException {
        if (!ok) {
            throw new MalformedPacketException(field, "bad option length " + len);
        }
    }

    public int kind() {
        return kind;
    }

    /** A copy of the bytes after the kind and length octets. */
    public byte[] data() {
        return data.clone();
    }

    /** Bytes this option takes when encoded. */
    public int encodedLength() {
        return kind == KIND_NOP ? 1 : 2 + data.length;
    }

    void write(byte[] b, int off) {
        b[off] = (byte) kind;
        if (kind != KIND_NOP) {
            b[off + 1] = (byte) (2 + data.length);
            System.arraycopy(data, 0, b, off + 2, data.length);
        }
    }

    private void require(int k) {
        if (kind != k) {
            throw new IllegalStateException("option kind " + kind + " is not " + k);
        }
    }

    public int mssValue() {
        require(KIND_MSS);
        return Bytes.u16(data, 0);
    }

    /** The shift as carried (may exceed 14). */
    public int windowScaleValue() {
        require(KIND_WINDOW_SCALE);
        return Bytes.u8(data, 0);
    }

    public List<SackBlock> sackBlocks() {
        require(KIND_SACK);
        List<SackBlock> l = new ArrayList<>(data.length / 8);
        for (int i = 0; i < data.length; i += 8) {
            l.add(new SackBlock(Bytes.i32(data, i), Bytes.i32(data, i + 4)));
        }
        return Collections.unmodifiableList(l);
    }

    public int tsVal() {
        require(KIND_TIMESTAMPS);
        return Bytes.i32(data, 0);
    }

    public int tsEcr() {
        require(KIND_TIMESTAMPS);
        return Bytes.i32(data, 4);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TcpOption && ((TcpOption) o).kind == kind && Arrays.equals(((TcpOption) o).data, data);
    }

    @Override
    public int hashCode() {
        return kind * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        switch (kind) {
            case KIND_NOP:
                return "nop";
            case KIND_MSS:
                return "mss " + mssValue();
            case KIND_WINDOW_SCALE:
                return "wscale " + windowScaleValue();
            case KIND_SACK_PERMITTED:
                return "sackOK";
            case KIND_SACK:
                return "sack " + sackBlocks();
            case KIND_TIMESTAMPS:
                return "TS val " + Integer.toUnsignedString(tsVal()) + " ecr " + Integer.toUnsignedString(tsEcr());
            default:
                return "kind " + kind + " len " + encodedLength();
        }
    }
}
