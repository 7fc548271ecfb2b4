package org.resplice.splicecore.packet;

import java.util.Arrays;
import java.util.Objects;

import org.resplice.splicecore.Seq32;

/**
 * A TCP segment (RFC 9293 §3.1): header fields, options and payload. The data offset and the
 * checksum are derived when encoding (the checksum needs the IPv4 pseudo-header, so encoding takes
 * the addresses); {@link TcpFrame} reports the checksum found when parsing. Immutable.
 */
public final class TcpSegment {

    public static final int MIN_HEADER_LENGTH = 20;
    public static final int FIN = 0x001;
    public static final int SYN = 0x002;
    public static final int RST = 0x004;
    public static final int PSH = 0x008;
    public static final int ACK = 0x010;
    public static final int URG = 0x020;
    public static final int ECE = 0x040;
    public static final int CWR = 0x080;
    /** The former NS bit (RFC 3540, historic; AE in AccECN). */
    public static final int NS = 0x100;
    /** The three reserved bits after the data offset, kept so that a parsed header re-encodes exactly. */
    public static final int RESERVED = 0xE00;

    private final int sourcePort;
    private final int destinationPort;
    private final int seq;
    private final int ack;
    private final int flags;
    private final int window;
    private final int urgentPointer;
    private final TcpOptions options;
    private final byte[] payload;

    private TcpSegment(Builder b, byte[] payload) {
        this.sourcePort = b.sourcePort;
        this.destinationPort = b.destinationPort;
        this.seq = b.seq;
        this.ack = b.ack;
        this.flags = b.flags;
        this.window = b.window;
        this.urgentPointer = b.urgentPointer;
        this.options = b.options;
        this.payload = payload;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().sourcePort(sourcePort).destinationPort(destinationPort).seq(seq).ack(ack).flags(flags)
                .window(window).urgentPointer(urgentPointer).options(options).payload(payload);
    }

    /** Parses the segment at [off, off+len) without checking its checksum. */
    public static TcpSegment parse(byte[] b, int off, int len) throws MalformedPacketException {
        Bytes.checkSlice(b.length, off, len);
        if (len < MIN_HEADER_LENGTH) {
            throw new MalformedPacketException("tcp.header", len + " bytes is shorter than a 20-byte header");
        }
        int headerLength = (Bytes.u8(b, off + 12) >>> 4) * 4;
        if (headerLength < MIN_HEADER_LENGTH) {
            throw new MalformedPacketException("tcp.dataOffset", "header length " + headerLength + " is below 20");
        }
        if (headerLength > len) {
            throw new MalformedPacketException("tcp.dataOffset",
                    "header length " + headerLength + " exceeds the " + len + " bytes of the segment");
        }
        TcpOptions options = TcpOptions.parse(b, off + MIN_HEADER_LENGTH, headerLength - MIN_HEADER_LENGTH);
        Builder bl = new Builder()
                .sourcePort(Bytes.u16(b, off))
                .destinationPort(Bytes.u16(b, off + 2))
                .seq(Bytes.i32(b, off + 4))
                .ack(Bytes.i32(b, off + 8))
                .flags(Bytes.u16(b, off + 12) & 0xFFF)
                .window(Bytes.u16(b, off + 14))
                .urgentPointer(Bytes.u16(b, off + 18))
                .options(options);
        return new TcpSegment(bl, Arrays.copyOfRange(b, off + headerLength, off + len));
    }

    public int sourcePort() {
        return sourcePort;
    }

    public int destinationPort() {
        return destinationPort;
    }

    public int seq() {
        return seq;
    }

    public int ack() {
        return ack;
    }

    /** The 12 bits after the data offset: {@link #FIN} … {@link #NS} and {@link #RESERVED}. */
    public int flags() {
        return flags;
    }

    /** Whether every bit of mask is set. */
    public boolean has(int mask) {
        return (flags & mask) == mask;
    }

    public boolean isSyn() {
        return has(SYN);
    }

    public boolean isAck() {
        return has(ACK);
    }

    public boolean isRst() {
        return has(RST);
    }

    public boolean isFin() {
        return has(FIN);
    }

    /** The window field as carried (unscaled). */
    public int window() {
        return window;
    }

    public int urgentPointer() {
        return urgentPointer;
    }

    public TcpOptions options() {
        return options;
    }

    public byte[] payload() {
        return payload.clone();
    }

    public int payloadLength() {
        return payload.length;
    }

    /** Copies payload bytes [from, from+len) into dst at dstOff. */
    public void copyPayload(int from, byte[] dst, int dstOff, int len) {
        System.arraycopy(payload, from, dst, dstOff, len);
    }

    /** SEG.LEN: payload bytes plus one for SYN and one for FIN. */
    public int sequenceLength() {
        return payload.length + (isSyn() ? 1 : 0) + (isFin() ? 1 : 0);
    }

    /** Header length in bytes: 20 plus the padded options. */
    public int headerLength() {
        return MIN_HEADER_LENGTH + options.encodedLength();
    }

    public int length() {
        return headerLength() + payload.length;
    }

    /** Encodes the segment with the checksum for the given IPv4 source and destination. */
    public byte[] toBytes(Ip4Address source, Ip4Address destination) {
        byte[] b = new byte[length()];
        write(b, 0, source.toInt(), destination.toInt());
        return b;
    }

    void write(byte[] b, int off, int srcIp, int dstIp) {
        int hl = headerLength();
        Bytes.put16(b, off, sourcePort);
        Bytes.put16(b, off + 2, destinationPort);
        Bytes.put32(b, off + 4, seq);
        Bytes.put32(b, off + 8, ack);
        Bytes.put16(b, off + 12, ((hl / 4) << 12) | flags);
        Bytes.put16(b, off + 14, window);
        Bytes.put16(b, off + 16, 0);
        Bytes.put16(b, off + 18, urgentPointer);
        Arrays.fill(b, off + MIN_HEADER_LENGTH, off + hl, (byte) 0);
        options.write(b, off + MIN_HEADER_LENGTH);
        System.arraycopy(payload, 0, b, off + hl, payload.length);
        Bytes.put16(b, off + 16, Checksums.tcp(srcIp, dstIp, b, off, hl + payload.length));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TcpSegment)) {
            return false;
        }
        TcpSegment s = (TcpSegment) o;
        return sourcePort == s.sourcePort && destinationPort == s.destinationPort && seq == s.seq && ack == s.ack
                && flags == s.flags && window == s.window && urgentPointer == s.urgentPointer
                && options.equals(s.options) && Arrays.equals(payload, s.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sourcePort, destinationPort, seq, ack, flags, window, urgentPointer, options) * 31
                + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TCP[").append(sourcePort).append(" > ").append(destinationPort).append(' ');
        String names = "FSRPAUEC";
        for (int i = 0; i < names.length(); i++) {
            if ((flags & (1 << i)) != 0) {
                sb.append(names.charAt(i));
            }
        }
        sb.append(" seq ").append(Seq32.toString(seq));
        if (isAck()) {
            sb.append(" ack ").append(Seq32.toString(ack));
        }
        sb.append(" win ").append(window);
        if (!options.isEmpty()) {
            sb.append(" opts ").append(options);
        }
        return sb.append(" len ").append(payload.length).append(']').toString();
    }

    /** Builds a {@link TcpSegment}; everything defaults to zero / empty. */
    public static final class Builder {
        private int sourcePort;
        private int destinationPort;
        private int seq;
        private int ack;
        private int flags;
        private int window;
        private int urgentPointer;
        private TcpOptions options = TcpOptions.NONE;
        private byte[] payload = new byte[0];

        private Builder() {
        }

        public Builder sourcePort(int v) {
            Bytes.checkRange("sourcePort", v, 0, 0xFFFF);
            sourcePort = v;
            return this;
        }

        public Builder destinationPort(int v) {
            Bytes.checkRange("destinationPort", v, 0, 0xFFFF);
            destinationPort = v;
            return this;
        }

        public Builder seq(int v) {
            seq = v;
            return this;
        }

        public Builder ack(int v) {
            ack = v;
            return this;
        }

        public Builder flags(int v) {
            Bytes.checkRange("flags", v, 0, 0xFFF);
            flags = v;
            return this;
        }

        public Builder window(int v) {
            Bytes.checkRange("window", v, 0, 0xFFFF);
            window = v;
            return this;
        }

        public Builder urgentPointer(int v) {
            Bytes.checkRange("urgentPointer", v, 0, 0xFFFF);
            urgentPointer = v;
            return this;
        }

        public Builder options(TcpOptions v) {
            options = Objects.requireNonNull(v);
            return this;
        }

        public Builder payload(byte[] v) {
            payload = v.clone();
            return this;
        }

        public Builder payload(byte[] v, int off, int len) {
            Bytes.checkSlice(v.length, off, len);
            payload = Arrays.copyOfRange(v, off, off + len);
            return this;
        }

        public TcpSegment build() {
            return new TcpSegment(this, payload);
        }
    }
}
