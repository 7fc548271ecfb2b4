package org.resplice.splicecore.packet;

import java.util.Arrays;
import java.util.Objects;

/**
 * The fields of an IPv4 header (RFC 791) that are not derived from the rest of the packet:
 * version (always 4), IHL, total length and header checksum are computed when the packet is
 * encoded and checked when it is parsed. Options are kept as raw bytes (a multiple of 4, at most 40).
 */
public final class Ipv4Header {

    public static final int MIN_LENGTH = 20;
    public static final int MAX_OPTIONS_LENGTH = 40;
    public static final int PROTOCOL_TCP = 6;
    public static final int PROTOCOL_UDP = 17;
    public static final int PROTOCOL_ICMP = 1;
    /** Flag bits as they sit in the 3-bit flags field. */
    public static final int FLAG_RESERVED = 0b100;
    public static final int FLAG_DF = 0b010;
    public static final int FLAG_MF = 0b001;

    private final int tos;
    private final int identification;
    private final int flags;
    private final int fragmentOffset;
    private final int ttl;
    private final int protocol;
    private final Ip4Address source;
    private final Ip4Address destination;
    private final byte[] options;

    private Ipv4Header(Builder b) {
        this.tos = b.tos;
        this.identification = b.identification;
        this.flags = b.flags;
        this.fragmentOffset = b.fragmentOffset;
        this.ttl = b.ttl;
        this.protocol = b.protocol;
        this.source = b.source;
        this.destination = b.destination;
        this.options = b.options;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().tos(tos).identification(identification).flags(flags).fragmentOffset(fragmentOffset)
                .ttl(ttl).protocol(protocol).source(source).destination(destination).options(options);
    }

    /** The whole second byte (DSCP and ECN). */
    public int tos() {
        return tos;
    }

    public int dscp() {
        return tos >>> 2;
    }

    public int ecn() {
        return tos & 3;
    }

    public int identification() {
        return identification;
    }

    /** The 3-bit flags field: {@link #FLAG_RESERVED}, {@link #FLAG_DF}, {@link #FLAG_MF}. */
    public int flags() {
        return flags;
    }

    public boolean dontFragment() {
        return (flags & FLAG_DF) != 0;
    }

    public boolean moreFragments() {
        return (flags & FLAG_MF) != 0;
    }

    /** The fragment offset in 8-byte units. */
    public int fragmentOffset() {
        return fragmentOffset;
    }

    /** Whether this is a fragment of a larger datagram (MF set or a non-zero offset). */
    public boolean isFragment() {
        return moreFragments() || fragmentOffset != 0;
    }

    public int ttl() {
        return ttl;
    }

    public int protocol() {
        return protocol;
    }

    public Ip4Address source() {
        return source;
    }

    public Ip4Address destination() {
        return destination;
    }

    /** A copy of the raw option bytes (empty when IHL is 5). */
    public byte[] options() {
        return options.clone();
    }

    /** The encoded header length in bytes (IHL × 4). */
    public int length() {
        return MIN_LENGTH + options.length;
    }

    /** Parsed header plus the wire facts a packet needs. */
    static final class Parsed {
        final Ipv4Header header;
        final int headerLength;
        final int totalLength;
        final int checksum;
        final boolean checksumValid;

        Parsed(Ipv4Header header, int headerLength, int totalLength, int checksum, boolean checksumValid) {
            this.header = header;
            this.headerLength = headerLength;
            this.totalLength = totalLength;
            this.checksum = checksum;
            this.checksumValid = checksumValid;
        }
    }

    /**
     * Parses the header at [off, off+len). The total length must fit in len; bytes after it
     * (Ethernet padding) are ignored by the caller.
     */
    static Parsed parse(byte[] b, int off, int len) throws MalformedPacketException {
        Bytes.checkSlice(b.length, off, len);
        if (len < MIN_LENGTH) {
            throw new MalformedPacketException("ipv4.header", len + " bytes is shorter than a 20-byte header");
        }
        int version = Bytes.u8(b, off) >>> 4;
        if (version != 4) {
            throw new MalformedPacketException("ipv4.version", "version " + version + " is not 4");
        }
        int headerLength = (Bytes.u8(b, off) & 0xF) * 4;
        if (headerLength < MIN_LENGTH) {
            throw new MalformedPacketException("ipv4.ihl", "header length " + headerLength + " is below 20");
        }
        if (headerLength > len) {
            throw new MalformedPacketException("ipv4.ihl",
                    "header length " + headerLength + " exceeds the " + len + " bytes available");
        }
        int totalLength = Bytes.u16(b, off + 2);
        if (totalLength < headerLength) {
            throw new MalformedPacketException("ipv4.totalLength",
                    "total length " + totalLength + " is below the header length " + headerLength);
        }
        if (totalLength > len) {
            throw new MalformedPacketException("ipv4.totalLength",
                    "total length " + totalLength + " exceeds the " + len + " bytes available");
        }
        int flagsAndOffset = Bytes.u16(b, off + 6);
        Ipv4Header h = new Builder()
                .tos(Bytes.u8(b, off + 1))
                .identification(Bytes.u16(b, off + 4))
                .flags(flagsAndOffset >>> 13)
                .fragmentOffset(flagsAndOffset & 0x1FFF)
                .ttl(Bytes.u8(b, off + 8))
                .protocol(Bytes.u8(b, off + 9))
                .source(Ip4Address.of(Bytes.i32(b, off + 12)))
                .destination(Ip4Address.of(Bytes.i32(b, off + 16)))
                .optionsNoCopy(Arrays.copyOfRange(b, off + MIN_LENGTH, off + headerLength))
                .build();
        return new Parsed(h, headerLength, totalLength, Bytes.u16(b, off + 10),
                Checksums.ipv4HeaderValid(b, off, headerLength));
    }

    /** Writes the header with the given total length and a correct checksum at b[off]. */
    void write(byte[] b, int off, int totalLength) {
        int hl = length();
        if (totalLength < hl || totalLength > 0xFFFF) {
            throw new IllegalArgumentException("IPv4 total length " + totalLength + " out of range");
        }
        b[off] = (byte) (0x40 | (hl / 4));
        b[off + 1] = (byte) tos;
        Bytes.put16(b, off + 2, totalLength);
        Bytes.put16(b, off + 4, identification);
        Bytes.put16(b, off + 6, (flags << 13) | fragmentOffset);
        b[off + 8] = (byte) ttl;
        b[off + 9] = (byte) protocol;
        Bytes.put16(b, off + 10, 0);
        Bytes.put32(b, off + 12, source.toInt());
        Bytes.put32(b, off + 16, destination.toInt());
        System.arraycopy(options, 0, b, off + MIN_LENGTH, options.length);
        Bytes.put16(b, off + 10, Checksums.ipv4Header(b, off, hl));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Ipv4Header)) {
            return false;
        }
        Ipv4Header h = (Ipv4Header) o;
        return tos == h.tos && identification == h.identification && flags == h.flags
                && fragmentOffset == h.fragmentOffset && ttl == h.ttl && protocol == h.protocol
                && source.equals(h.source) && destination.equals(h.destination) && Arrays.equals(options, h.options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tos, identification, flags, fragmentOffset, ttl, protocol, source, destination) * 31
                + Arrays.hashCode(options);
    }

    @Override
    public String toString() {
        return "IPv4[" + source + " > " + destination + " proto " + protocol + " ttl " + ttl + " id " + identification
                + (dontFragment() ? " DF" : "") + (moreFragments() ? " MF" : "")
                + (fragmentOffset != 0 ? " frag " + fragmentOffset : "")
                + (options.length > 0 ? " options " + options.length : "") + "]";
    }

    /**
     * Builds an {@link Ipv4Header}. Defaults: TOS 0, id 0, DF set, offset 0, TTL 64, protocol TCP,
     * addresses 0.0.0.0, no options.
     */
    public static final class Builder {
        private int tos;
        private int identification;
        private int flags = FLAG_DF;
        private int fragmentOffset;
        private int ttl = 64;
        private int protocol = PROTOCOL_TCP;
        private Ip4Address source = Ip4Address.of(0);
        private Ip4Address destination = Ip4Address.of(0);
        private byte[] options = new byte[0];

        private Builder() {
        }

        public Builder tos(int v) {
            Bytes.checkRange("tos", v, 0, 0xFF);
            tos = v;
            return this;
        }

        public Builder identification(int v) {
            Bytes.checkRange("identification", v, 0, 0xFFFF);
            identification = v;
            return this;
        }

        public Builder flags(int v) {
            Bytes.checkRange("flags", v, 0, 7);
            flags = v;
            return this;
        }

        public Builder fragmentOffset(int v) {
            Bytes.checkRange("fragmentOffset", v, 0, 0x1FFF);
            fragmentOffset = v;
            return this;
        }

        public Builder ttl(int v) {
            Bytes.checkRange("ttl", v, 0, 0xFF);
            ttl = v;
            return this;
        }

        public Builder protocol(int v) {
            Bytes.checkRange("protocol", v, 0, 0xFF);
            protocol = v;
            return this;
        }

        public Builder source(Ip4Address a) {
            source = Objects.requireNonNull(a);
            return this;
        }

        public Builder destination(Ip4Address a) {
            destination = Objects.requireNonNull(a);
            return this;
        }

        /** Raw option bytes, padded by the caller to a multiple of 4, at most 40. */
        public Builder options(byte[] raw) {
            if (raw.length % 4 != 0 || raw.length > MAX_OPTIONS_LENGTH) {
                throw new IllegalArgumentException("IPv4 options must be a multiple of 4 bytes, at most 40: "
                        + raw.length);
            }
            options = raw.clone();
            return this;
        }

        private Builder optionsNoCopy(byte[] raw) {
            options = raw;
            return this;
        }

        public Ipv4Header build() {
            return new Ipv4Header(this);
        }
    }
}
