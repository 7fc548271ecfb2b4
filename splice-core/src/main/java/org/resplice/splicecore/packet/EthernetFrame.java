package org.resplice.splicecore.packet;

import java.util.Arrays;
import java.util.Objects;

/**
 * An Ethernet II frame without preamble and FCS: destination, source, EtherType, payload.
 * Immutable; {@link #parse} copies the payload out of the caller's buffer. VLAN tags are not
 * interpreted (an 802.1Q frame parses with EtherType 0x8100 and the tag in its payload).
 */
public final class EthernetFrame {

    public static final int HEADER_LENGTH = 14;
    public static final int TYPE_IPV4 = 0x0800;
    public static final int TYPE_ARP = 0x0806;
    public static final int TYPE_VLAN = 0x8100;

    private final MacAddress destination;
    private final MacAddress source;
    private final int etherType;
    private final byte[] payload;

    private EthernetFrame(MacAddress destination, MacAddress source, int etherType, byte[] payload) {
        this.destination = destination;
        this.source = source;
        this.etherType = etherType;
        this.payload = payload;
    }

    public static EthernetFrame parse(byte[] frame) throws MalformedPacketException {
        return parse(frame, 0, frame.length);
    }

    public static EthernetFrame parse(byte[] b, int off, int len) throws MalformedPacketException {
        Bytes.checkSlice(b.length, off, len);
        if (len < HEADER_LENGTH) {
            throw new MalformedPacketException("ethernet.header", "frame of " + len + " bytes is shorter than 14");
        }
        return new EthernetFrame(MacAddress.read(b, off), MacAddress.read(b, off + 6), Bytes.u16(b, off + 12),
                Arrays.copyOfRange(b, off + HEADER_LENGTH, off + len));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().destination(destination).source(source).etherType(etherType).payload(payload);
    }

    public MacAddress destination() {
        return destination;
    }

    public MacAddress source() {
        return source;
    }

    public int etherType() {
        return etherType;
    }

    /** A copy of the payload (for IPv4 it may end with Ethernet padding). */
    public byte[] payload() {
        return payload.clone();
    }

    public int payloadLength() {
        return payload.length;
    }

    public byte[] toBytes() {
        byte[] b = new byte[HEADER_LENGTH + payload.length];
        destination.write(b, 0);
        source.write(b, 6);
        Bytes.put16(b, 12, etherType);
        System.arraycopy(payload, 0, b, HEADER_LENGTH, payload.length);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EthernetFrame)) {
            return false;
        }
        EthernetFrame f = (EthernetFrame) o;
        return destination.equals(f.destination) && source.equals(f.source) && etherType == f.etherType
                && Arrays.equals(payload, f.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(destination, source, etherType) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Ethernet[" + source + " > " + destination + " type 0x" + Integer.toHexString(etherType)
                + ", " + payload.length + " bytes]";
    }

    /** Builds an {@link EthernetFrame}; MACs default to zero, EtherType to IPv4. */
    public static final class Builder {
        private MacAddress destination = MacAddress.ZERO;
        private MacAddress source = MacAddress.ZERO;
        private int etherType = TYPE_IPV4;
        private byte[] payload = new byte[0];

        private Builder() {
        }

        public Builder destination(MacAddress mac) {
            this.destination = Objects.requireNonNull(mac);
            return this;
        }

        public Builder source(MacAddress mac) {
            this.source = Objects.requireNonNull(mac);
            return this;
        }

        public Builder etherType(int type) {
            Bytes.checkRange("etherType", type, 0, 0xFFFF);
            this.etherType = type;
            return this;
        }

        public Builder payload(byte[] bytes) {
            this.payload = bytes.clone();
            return this;
        }

        public EthernetFrame build() {
            return new EthernetFrame(destination, source, etherType, payload);
        }
    }
}
