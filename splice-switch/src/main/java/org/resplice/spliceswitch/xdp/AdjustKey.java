package org.resplice.spliceswitch.xdp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Key of {@code adjust_map}: one direction of one spliced connection as it enters one interface.
 * Byte layout: see the table in {@link org.resplice.spliceswitch.xdp the package documentation}.
 *
 * @param ifindex ingress interface index (in the network namespace of that interface)
 * @param src IPv4 source address
 * @param dst IPv4 destination address
 * @param srcPort TCP source port, 0..65535
 * @param dstPort TCP destination port, 0..65535
 */
public record AdjustKey(int ifindex, Inet4Address src, Inet4Address dst, int srcPort, int dstPort) {

    /** Size of {@code struct adjust_key}. */
    public static final int SIZE = 16;

    public AdjustKey {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        if (ifindex <= 0) {
            throw new IllegalArgumentException("ifindex must be positive: " + ifindex);
        }
        checkPort(srcPort, "srcPort");
        checkPort(dstPort, "dstPort");
    }

    /** Key from dotted-quad addresses, e.g. {@code of(3, "10.0.0.1", 80, "10.0.0.2", 40000)}. */
    public static AdjustKey of(int ifindex, String src, int srcPort, String dst, int dstPort) {
        return new AdjustKey(ifindex, ipv4(src), ipv4(dst), srcPort, dstPort);
    }

    /** The key as the C struct: ifindex in host order, addresses and ports in network order. */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        b.order(ByteOrder.nativeOrder()).putInt(ifindex);
        b.order(ByteOrder.BIG_ENDIAN).put(src.getAddress()).put(dst.getAddress())
                .putShort((short) srcPort).putShort((short) dstPort);
        return b.array();
    }

    /** Inverse of {@link #toBytes()}. */
    public static AdjustKey fromBytes(byte[] bytes) {
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("adjust_key is " + SIZE + " bytes, got " + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int ifindex = b.order(ByteOrder.nativeOrder()).getInt();
        b.order(ByteOrder.BIG_ENDIAN);
        byte[] s = new byte[4];
        byte[] d = new byte[4];
        b.get(s).get(d);
        int sport = Short.toUnsignedInt(b.getShort());
        int dport = Short.toUnsignedInt(b.getShort());
        return new AdjustKey(ifindex, ipv4(s), ipv4(d), sport, dport);
    }

    @Override
    public String toString() {
        return "if" + ifindex + " " + src.getHostAddress() + ":" + srcPort + ">" + dst.getHostAddress() + ":" + dstPort;
    }

    static Inet4Address ipv4(String dottedQuad) {
        String[] parts = dottedQuad.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + dottedQuad);
        }
        byte[] a = new byte[4];
        for (int i = 0; i < 4; i++) {
            int v;
            try {
                v = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 address: " + dottedQuad, e);
            }
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + dottedQuad);
            }
            a[i] = (byte) v;
        }
        return ipv4(a);
    }

    static Inet4Address ipv4(byte[] a) {
        try {
            return (Inet4Address) InetAddress.getByAddress(a);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void checkPort(int port, String name) {
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException(name + " out of range: " + port);
        }
    }
}
