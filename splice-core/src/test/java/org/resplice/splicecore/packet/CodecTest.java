package org.resplice.splicecore.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class CodecTest {

    static final MacAddress M1 = MacAddress.valueOf("02:00:00:00:00:01");
    static final MacAddress M2 = MacAddress.valueOf("02:00:00:00:00:64");
    static final Ip4Address A1 = Ip4Address.valueOf("10.0.0.1");
    static final Ip4Address A2 = Ip4Address.valueOf("10.0.0.100");

    static TcpFrame sample(TcpOptions options, byte[] payload) {
        TcpSegment s = TcpSegment.builder().sourcePort(40000).destinationPort(80).seq(0xFFFFFFF0).ack(7)
                .flags(TcpSegment.ACK | TcpSegment.PSH).window(501).options(options).payload(payload).build();
        Ipv4Header ip = Ipv4Header.builder().source(A1).destination(A2).identification(0x1234).ttl(63).build();
        return TcpFrame.of(M2, M1, ip, s);
    }

    @Test
    void parsesTheKnownSyn() throws Exception {
        TcpFrame f = TcpFrame.parse(ChecksumsTest.hex(ChecksumsTest.SYN_FRAME));
        assertTrue(f.checksumsValid());
        assertEquals(M2, f.destinationMac());
        assertEquals(M1, f.sourceMac());
        assertEquals(A1, f.ip().source());
        assertEquals(A2, f.ip().destination());
        assertEquals(0x1234, f.ip().identification());
        assertTrue(f.ip().dontFragment());
        assertEquals(40000, f.tcp().sourcePort());
        assertEquals(80, f.tcp().destinationPort());
        assertEquals(0x01020304, f.tcp().seq());
        assertEquals(TcpSegment.SYN, f.tcp().flags());
        assertEquals(64240, f.tcp().window());
        assertEquals(1460, f.tcp().options().mss().getAsInt());
        assertEquals(7, f.tcp().options().windowScale().getAsInt());
        assertTrue(f.tcp().options().sackPermitted());
        assertEquals(6, f.tcp().options().list().size());
        assertEquals(1, f.tcp().sequenceLength());
        // And re-encodes to the very same bytes.
        assertArrayEquals(ChecksumsTest.hex(ChecksumsTest.SYN_FRAME), f.toBytes());
    }

    @Test
    void everyOptionKindRoundTrips() throws Exception {
        TcpOptions o = TcpOptions.of(TcpOption.nop(), TcpOption.nop(), TcpOption.timestamps(0xFFFFFFFE, 12345),
                TcpOption.sack(Arrays.asList(new SackBlock(1, 2), new SackBlock(0xFFFFFFF0, 0x10))),
                TcpOption.unknown(30, new byte[] {1, 2, 3}), TcpOption.unknown(254, new byte[0]));
        TcpFrame f = sample(o, "hello".getBytes());
        TcpFrame p = TcpFrame.parse(f.toBytes());
        assertEquals(f, p);
        assertTrue(p.checksumsValid());
        assertEquals(List.of(new SackBlock(1, 2), new SackBlock(0xFFFFFFF0, 0x10)), p.tcp().options().sackBlocks());
        assertEquals(0xFFFFFFFE, p.tcp().options().timestamps().get().tsVal());
        assertEquals(12345, p.tcp().options().timestamps().get().tsEcr());
        TcpOption unknown = p.tcp().options().find(30).get();
        assertArrayEquals(new byte[] {1, 2, 3}, unknown.data());
        assertEquals(5, unknown.encodedLength());
        assertEquals(0, p.tcp().options().find(254).get().data().length);
        assertEquals(20 + 40, p.tcp().headerLength()); // 37 option bytes padded to 40
    }

    @Test
    void eolEndsTheOptionList() throws Exception {
        byte[] b = sample(TcpOptions.NONE, new byte[0]).toBytes();
        // Rebuild with a hand-written option area: NOP, EOL, then junk that must be ignored.
        byte[] f = new byte[b.length + 8];
        System.arraycopy(b, 0, f, 0, 34 + 20);
        f[34 + 12] = (byte) (7 << 4);
        f[54] = 1;
        f[55] = 0;
        f[56] = 2; // would be a truncated MSS if parsed
        f[16] = 0;
        f[17] = (byte) (20 + 28);
        f[24] = 0;
        f[25] = 0;
        int c = Checksums.ipv4Header(f, 14, 20);
        f[24] = (byte) (c >>> 8);
        f[25] = (byte) c;
        TcpFrame p = TcpFrame.parse(f);
        assertEquals(List.of(TcpOption.nop()), p.tcp().options().list());
        assertTrue(p.ipChecksumValid());
        assertFalse(p.tcpChecksumValid(), "the TCP checksum was not recomputed");
    }

    @Test
    void ipv4OptionsAndEthernetPadding() throws Exception {
        Ipv4Header ip = Ipv4Header.builder().source(A1).destination(A2).options(new byte[] {1, 1, 1, 0}).tos(0xB8)
                .build();
        TcpSegment s = TcpSegment.builder().sourcePort(1).destinationPort(2).flags(TcpSegment.RST).build();
        byte[] f = TcpFrame.of(M2, M1, ip, s).toBytes();
        assertEquals(14 + 24 + 20, f.length);
        byte[] padded = Arrays.copyOf(f, 64);
        Arrays.fill(padded, f.length, 64, (byte) 0xAA);
        TcpFrame p = TcpFrame.parse(padded);
        assertTrue(p.checksumsValid());
        assertArrayEquals(new byte[] {1, 1, 1, 0}, p.ip().options());
        assertEquals(46, p.ip().dscp());
        assertEquals(0, p.tcp().payloadLength());
        Ipv4Packet pk = Ipv4Packet.parse(padded, 14, 50);
        assertEquals(20, pk.payloadLength());
        assertTrue(pk.headerChecksumValid());
        assertEquals(pk.headerChecksum(), Ipv4Packet.of(pk.header(), pk.payload()).headerChecksum());
    }

    @Test
    void ethernetAndIpv4PacketRoundTrip() throws Exception {
        EthernetFrame e = EthernetFrame.builder().destination(MacAddress.BROADCAST).source(M1)
                .etherType(EthernetFrame.TYPE_ARP).payload(new byte[28]).build();
        assertEquals(e, EthernetFrame.parse(e.toBytes()));
        Ipv4Packet p = Ipv4Packet.of(Ipv4Header.builder().protocol(Ipv4Header.PROTOCOL_UDP).source(A1)
                .destination(A2).flags(Ipv4Header.FLAG_MF).fragmentOffset(100).build(), new byte[] {9, 8, 7});
        Ipv4Packet q = Ipv4Packet.parse(p.toBytes());
        assertEquals(p, q);
        assertTrue(q.header().isFragment());
        assertTrue(q.headerChecksumValid());
    }

    @Test
    void addresses() {
        assertEquals("10.0.0.100", A2.toString());
        assertEquals(0x0a000064, A2.toInt());
        assertEquals("02:00:00:00:00:64", M2.toString());
        assertEquals(M2, MacAddress.of(M2.toBytes()));
        assertThrows(IllegalArgumentException.class, () -> Ip4Address.valueOf("1.2.3.256"));
        assertThrows(IllegalArgumentException.class, () -> Ip4Address.valueOf("1.2.3"));
        assertThrows(IllegalArgumentException.class, () -> Ip4Address.valueOf("1.2.+3.4"));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.valueOf("02:00:00:00:00"));
    }

    @Test
    void buildersRejectOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> TcpSegment.builder().sourcePort(65536));
        assertThrows(IllegalArgumentException.class, () -> TcpSegment.builder().window(-1));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Header.builder().options(new byte[3]));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Header.builder().options(new byte[44]));
        assertThrows(IllegalArgumentException.class, () -> TcpOption.unknown(TcpOption.KIND_MSS, new byte[2]));
        assertThrows(IllegalArgumentException.class, () -> TcpOption.sack(List.of()));
        assertThrows(IllegalArgumentException.class, () -> TcpOptions.of(TcpOption.unknown(99, new byte[38]),
                TcpOption.nop(), TcpOption.nop(), TcpOption.nop()));
        Ipv4Header udp = Ipv4Header.builder().protocol(17).build();
        assertThrows(IllegalArgumentException.class, () -> TcpFrame.of(M1, M2, udp, TcpSegment.builder().build()));
        Ipv4Header frag = Ipv4Header.builder().flags(Ipv4Header.FLAG_MF).build();
        assertThrows(IllegalArgumentException.class, () -> TcpFrame.of(M1, M2, frag, TcpSegment.builder().build()));
    }

    @Test
    void valuesAreImmutable() {
        byte[] payload = {1, 2, 3};
        TcpFrame f = sample(TcpOptions.NONE, payload);
        payload[0] = 9;
        assertEquals(1, f.tcp().payload()[0]);
        f.tcp().payload()[1] = 9;
        assertEquals(2, f.tcp().payload()[1]);
    }
}
