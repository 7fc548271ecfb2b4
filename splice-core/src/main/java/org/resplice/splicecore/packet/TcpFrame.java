package org.resplice.splicecore.packet;

import java.util.Objects;

/**
 * A complete Ethernet II / IPv4 / TCP frame, the unit the controller receives in a packet-in and
 * sends in a packet-out. {@link #parse} accepts only unfragmented IPv4 carrying TCP and records
 * whether both checksums were correct; {@link #toBytes()} computes both. Equality covers the
 * header fields and payload, not the checksums found on the wire.
 */
public final class TcpFrame {

    private final MacAddress destinationMac;
    private final MacAddress sourceMac;
    private final Ipv4Header ip;
    private final TcpSegment tcp;
    private final boolean ipChecksumValid;
    private final boolean tcpChecksumValid;

    private TcpFrame(MacAddress destinationMac, MacAddress sourceMac, Ipv4Header ip, TcpSegment tcp,
            boolean ipChecksumValid, boolean tcpChecksumValid) {
        this.destinationMac = destinationMac;
        this.sourceMac = sourceMac;
        this.ip = ip;
        this.tcp = tcp;
        this.ipChecksumValid = ipChecksumValid;
        this.tcpChecksumValid = tcpChecksumValid;
    }

    /** A frame to send. The IPv4 header must say protocol 6 and must not be a fragment. */
    public static TcpFrame of(MacAddress destinationMac, MacAddress sourceMac, Ipv4Header ip, TcpSegment tcp) {
        if (ip.protocol() != Ipv4Header.PROTOCOL_TCP) {
            throw new IllegalArgumentException("IPv4 protocol " + ip.protocol() + " is not TCP");
        }
        if (ip.isFragment()) {
            throw new IllegalArgumentException("a TCP frame is not sent as a fragment");
        }
        if (ip.length() + tcp.length() > 0xFFFF) {
            throw new IllegalArgumentException("IPv4 datagram longer than 65535 bytes");
        }
        return new TcpFrame(Objects.requireNonNull(destinationMac), Objects.requireNonNull(sourceMac), ip,
                Objects.requireNonNull(tcp), true, true);
    }

    public static TcpFrame parse(byte[] frame) throws MalformedPacketException {
        return parse(frame, 0, frame.length);
    }

    /** Parses the frame at [off, off+len); bytes after the IPv4 total length (padding) are ignored. */
    public static TcpFrame parse(byte[] b, int off, int len) throws MalformedPacketException {
        Bytes.checkSlice(b.length, off, len);
        if (len < EthernetFrame.HEADER_LENGTH) {
            throw new MalformedPacketException("ethernet.header", "frame of " + len + " bytes is shorter than 14");
        }
        int type = Bytes.u16(b, off + 12);
        if (type != EthernetFrame.TYPE_IPV4) {
            throw new MalformedPacketException("ethernet.etherType", "0x" + Integer.toHexString(type) + " is not IPv4");
        }
        int ipOff = off + EthernetFrame.HEADER_LENGTH;
        Ipv4Header.Parsed p = Ipv4Header.parse(b, ipOff, len - EthernetFrame.HEADER_LENGTH);
        if (p.header.protocol() != Ipv4Header.PROTOCOL_TCP) {
            throw new MalformedPacketException("ipv4.protocol", "protocol " + p.header.protocol() + " is not TCP");
        }
        if (p.header.isFragment()) {
            throw new MalformedPacketException("ipv4.fragment", "IPv4 fragments are not handled");
        }
        int tcpOff = ipOff + p.headerLength;
        int tcpLen = p.totalLength - p.headerLength;
        TcpSegment tcp = TcpSegment.parse(b, tcpOff, tcpLen);
        boolean tcpOk = Checksums.tcpValid(p.header.source().toInt(), p.header.destination().toInt(), b, tcpOff,
                tcpLen);
        return new TcpFrame(MacAddress.read(b, off), MacAddress.read(b, off + 6), p.header, tcp, p.checksumValid,
                tcpOk);
    }

    public MacAddress destinationMac() {
        return destinationMac;
    }

    public MacAddress sourceMac() {
        return sourceMac;
    }

    public Ipv4Header ip() {
        return ip;
    }

    public TcpSegment tcp() {
        return tcp;
    }

    /** Whether the IPv4 header checksum was correct when parsed (true for built frames). */
    public boolean ipChecksumValid() {
        return ipChecksumValid;
    }

    /** Whether the TCP checksum was correct when parsed (true for built frames). */
    public boolean tcpChecksumValid() {
        return tcpChecksumValid;
    }

    public boolean checksumsValid() {
        return ipChecksumValid && tcpChecksumValid;
    }

    /** The encoded length: 14 + IPv4 header + TCP header + payload (no Ethernet padding). */
    public int length() {
        return EthernetFrame.HEADER_LENGTH + ip.length() + tcp.length();
    }

    public byte[] toBytes() {
        byte[] b = new byte[length()];
        destinationMac.write(b, 0);
        sourceMac.write(b, 6);
        Bytes.put16(b, 12, EthernetFrame.TYPE_IPV4);
        int ipOff = EthernetFrame.HEADER_LENGTH;
        ip.write(b, ipOff, ip.length() + tcp.length());
        tcp.write(b, ipOff + ip.length(), ip.source().toInt(), ip.destination().toInt());
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TcpFrame)) {
            return false;
        }
        TcpFrame f = (TcpFrame) o;
        return destinationMac.equals(f.destinationMac) && sourceMac.equals(f.sourceMac) && ip.equals(f.ip)
                && tcp.equals(f.tcp);
    }

    @Override
    public int hashCode() {
        return Objects.hash(destinationMac, sourceMac, ip, tcp);
    }

    @Override
    public String toString() {
        return ip.source() + ":" + tcp.sourcePort() + " > " + ip.destination() + ":" + tcp.destinationPort() + " "
                + tcp + (checksumsValid() ? "" : " BAD-CHECKSUM");
    }
}
