package org.resplice.spliceswitch.xdp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Builds Ethernet/IPv4/TCP frames for BPF_PROG_TEST_RUN, with checksums computed from scratch, and
 * reads fields back. Offsets are found by parsing, so VLAN tags and IP options work.
 */
final class TestFrame {
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;

    String src = "10.1.0.1";
    String dst = "10.1.0.2";
    int sport = 40000;
    int dport = 80;
    long seq = 1000;
    long ack = 2000;
    int flags = ACK;
    int window = 1000;
    byte[] tcpOptions = new byte[0];
    byte[] ipOptions = new byte[0];
    byte[] payload = new byte[0];
    int vlan = -1;
    int fragOff = 0x4000; // DF, offset 0

    TestFrame from(String ip, int port) {
        src = ip;
        sport = port;
        return this;
    }

    TestFrame to(String ip, int port) {
        dst = ip;
        dport = port;
        return this;
    }

    TestFrame seq(long v) {
        seq = v;
        return this;
    }

    TestFrame ack(long v) {
        ack = v;
        return this;
    }

    TestFrame flags(int v) {
        flags = v;
        return this;
    }

    TestFrame window(int v) {
        window = v;
        return this;
    }

    /** Raw option bytes; padded with EOL to a multiple of 4. */
    TestFrame options(byte[] v) {
        tcpOptions = v;
        return this;
    }

    TestFrame ipOptions(byte[] v) {
        ipOptions = v;
        return this;
    }

    TestFrame payload(byte[] v) {
        payload = v;
        return this;
    }

    TestFrame vlan(int id) {
        vlan = id;
        return this;
    }

    TestFrame fragment(int flagsAndOffset) {
        fragOff = flagsAndOffset;
        return this;
    }

    byte[] build() {
        byte[] opts = pad4(tcpOptions);
        byte[] ipo = pad4(ipOptions);
        int ipHdr = 20 + ipo.length;
        int tcpHdr = 20 + opts.length;
        int totLen = ipHdr + tcpHdr + payload.length;
        ByteBuffer b = ByteBuffer.allocate(14 + (vlan >= 0 ? 4 : 0) + totLen);
        b.put(new byte[] {2, 0, 0, 0, 0, 2}).put(new byte[] {2, 0, 0, 0, 0, 1});
        if (vlan >= 0) {
            b.putShort((short) 0x8100).putShort((short) vlan);
        }
        b.putShort((short) 0x0800);
        int ip = b.position();
        b.put((byte) (0x40 | (ipHdr / 4))).put((byte) 0).putShort((short) totLen).putShort((short) 0x1234)
                .putShort((short) fragOff).put((byte) 64).put((byte) 6).putShort((short) 0)
                .put(AdjustKey.ipv4(src).getAddress()).put(AdjustKey.ipv4(dst).getAddress()).put(ipo);
        int tcp = b.position();
        b.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt((int) ack)
                .put((byte) ((tcpHdr / 4) << 4)).put((byte) flags).putShort((short) window)
                .putShort((short) 0).putShort((short) 0).put(opts).put(payload);
        byte[] f = b.array();
        put16(f, ip + 10, checksum(f, ip, ipHdr, 0));
        put16(f, tcp + 16, tcpChecksum(f));
        return f;
    }

    // ---- reading frames ----

    static int ipOffset(byte[] f) {
        int type = u16(f, 12);
        return type == 0x8100 || type == 0x88a8 ? 18 : 14;
    }

    static int tcpOffset(byte[] f) {
        int ip = ipOffset(f);
        return ip + (f[ip] & 0xf) * 4;
    }

    static long seqOf(byte[] f) {
        return u32(f, tcpOffset(f) + 4);
    }

    static long ackOf(byte[] f) {
        return u32(f, tcpOffset(f) + 8);
    }

    static int windowOf(byte[] f) {
        return u16(f, tcpOffset(f) + 14);
    }

    static int checksumOf(byte[] f) {
        return u16(f, tcpOffset(f) + 16);
    }

    /** The TCP checksum computed from scratch (pseudo header, header with check = 0, payload). */
    static int tcpChecksum(byte[] f) {
        int ip = ipOffset(f);
        int tcp = tcpOffset(f);
        int tcpLen = u16(f, ip + 2) - (tcp - ip);
        byte[] seg = new byte[12 + tcpLen];
        System.arraycopy(f, ip + 12, seg, 0, 8);
        seg[9] = 6;
        seg[10] = (byte) (tcpLen >> 8);
        seg[11] = (byte) tcpLen;
        System.arraycopy(f, tcp, seg, 12, tcpLen);
        seg[12 + 16] = 0;
        seg[12 + 17] = 0;
        return checksum(seg, 0, seg.length, 0);
    }

    /** RFC 1071 Internet checksum of f[off, off+len). */
    static int checksum(byte[] f, int off, int len, int initial) {
        long sum = initial;
        for (int i = 0; i + 1 < len; i += 2) {
            sum += u16(f, off + i);
        }
        if ((len & 1) != 0) {
            sum += (f[off + len - 1] & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    // ---- option builders ----

    static final byte NOP = 1;

    static byte[] timestamps(long val, long ecr) {
        return ByteBuffer.allocate(10).put((byte) 8).put((byte) 10).putInt((int) val).putInt((int) ecr).array();
    }

    /** SACK option with blocks given as left, right, left, right, ... */
    static byte[] sack(long... edges) {
        ByteBuffer b = ByteBuffer.allocate(2 + edges.length * 4).put((byte) 5).put((byte) (2 + edges.length * 4));
        for (long e : edges) {
            b.putInt((int) e);
        }
        return b.array();
    }

    static byte[] concat(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof Byte x) {
                out.write(x);
            } else {
                out.writeBytes((byte[]) p);
            }
        }
        return out.toByteArray();
    }

    static int u16(byte[] f, int off) {
        return ((f[off] & 0xff) << 8) | (f[off + 1] & 0xff);
    }

    static long u32(byte[] f, int off) {
        return ((long) u16(f, off) << 16) | u16(f, off + 2);
    }

    static void put16(byte[] f, int off, int v) {
        f[off] = (byte) (v >> 8);
        f[off + 1] = (byte) v;
    }

    private static byte[] pad4(byte[] v) {
        byte[] p = new byte[(v.length + 3) / 4 * 4];
        System.arraycopy(v, 0, p, 0, v.length);
        return p;
    }
}
