package org.resplice.splicecore.packet;

import java.util.Arrays;
import java.util.Objects;

/**
 * An IPv4 datagram: {@link Ipv4Header} plus payload. Parsing trims bytes beyond the total length
 * (Ethernet padding) and records the header checksum as found; equality ignores the wire checksum.
 */
public final class Ipv4Packet {

    private final Ipv4Header header;
    private final byte[] payload;
    /** The checksum found when parsing, or -1 for a built packet (computed on encoding). */
    private final int wireChecksum;
    private final boolean checksumValid;

    private Ipv4Packet(Ipv4Header header, byte[] payload, int wireChecksum, boolean checksumValid) {
        this.header = header;
        this.payload = payload;
        this.wireChecksum = wireChecksum;
        this.checksumValid = checksumValid;
    }

    /** A packet to encode; its checksum is computed by {@link #toBytes()}. */
    public static Ipv4Packet of(Ipv4Header header, byte[] payload) {
        Ipv4Packet p = new Ipv4Packet(Objects.requireNonNull(header), payload.clone(), -1, true);
        if (header.length() + payload.length > 0xFFFF) {
            throw new IllegalArgumentException("IPv4 datagram longer than 65535 bytes");
        }
        return p;
    }

    public static Ipv4Packet parse(byte[] b) throws MalformedPacketException {
        return parse(b, 0, b.length);
    }

    public static Ipv4Packet parse(byte[] b, int off, int len) throws MalformedPacketException {
        Ipv4Header.Parsed p = Ipv4Header.parse(b, off, len);
        return new Ipv4Packet(p.header, Arrays.copyOfRange(b, off + p.headerLength, off + p.totalLength),
                p.checksum, p.checksumValid);
    }

    public Ipv4Header header() {
        return header;
    }

    public byte[] payload() {
        return payload.clone();
    }

    public int payloadLength() {
        return payload.length;
    }

    public int totalLength() {
        return header.length() + payload.length;
    }

    /** The header checksum found when parsing; for a built packet, the one {@link #toBytes()} writes. */
    public int headerChecksum() {
        if (wireChecksum < 0) {
            return Bytes.u16(toBytes(), 10);
        }
        return wireChecksum;
    }

    /** Whether the header checksum was correct when parsed (always true for built packets). */
    public boolean headerChecksumValid() {
        return checksumValid;
    }

    public byte[] toBytes() {
        byte[] b = new byte[totalLength()];
        header.write(b, 0, b.length);
        System.arraycopy(payload, 0, b, header.length(), payload.length);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Ipv4Packet)) {
            return false;
        }
        Ipv4Packet p = (Ipv4Packet) o;
        return header.equals(p.header) && Arrays.equals(payload, p.payload);
    }

    @Override
    public int hashCode() {
        return header.hashCode() * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return header + "+" + payload.length + " bytes";
    }
}
