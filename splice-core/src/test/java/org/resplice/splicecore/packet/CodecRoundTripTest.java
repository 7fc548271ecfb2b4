package org.resplice.splicecore.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** parse(build(x)) == x, and the encoding is a fixed point, for arbitrary frames. */
class CodecRoundTripTest {

    @Property(tries = 500)
    void tcpFrameRoundTrips(@ForAll("frames") TcpFrame f) throws Exception {
        byte[] b = f.toBytes();
        TcpFrame p = TcpFrame.parse(b);
        assertEquals(f, p);
        assertEquals(f.hashCode(), p.hashCode());
        assertTrue(p.checksumsValid());
        assertArrayEquals(b, p.toBytes());
        // Each layer on its own agrees.
        EthernetFrame e = EthernetFrame.parse(b);
        assertEquals(EthernetFrame.TYPE_IPV4, e.etherType());
        Ipv4Packet ip = Ipv4Packet.parse(e.payload());
        assertEquals(f.ip(), ip.header());
        TcpSegment s = TcpSegment.parse(ip.payload(), 0, ip.payloadLength());
        assertEquals(f.tcp(), s);
        assertArrayEquals(ip.payload(), s.toBytes(f.ip().source(), f.ip().destination()));
    }

    @Provide
    Arbitrary<TcpFrame> frames() {
        Arbitrary<Ipv4Header> ip = Combinators.combine(
                Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.of(0, Ipv4Header.FLAG_DF, Ipv4Header.FLAG_RESERVED | Ipv4Header.FLAG_DF),
                Arbitraries.integers().between(0, 255),
                Arbitraries.integers(), Arbitraries.integers(),
                Arbitraries.integers().between(0, 10).map(n -> new byte[4 * n]))
                .as((tos, id, flags, ttl, src, dst, opts) -> Ipv4Header.builder().tos(tos).identification(id)
                        .flags(flags).ttl(ttl).source(Ip4Address.of(src)).destination(Ip4Address.of(dst))
                        .options(opts).build());
        Arbitrary<TcpSegment> tcp = Combinators.combine(
                Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.integers(), Arbitraries.integers(),
                Arbitraries.integers().between(0, 0xFFF),
                Arbitraries.integers().between(0, 0xFFFF),
                options(),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(1600))
                .as((sp, dp, seq, ack, flags, win, opts, payload) -> TcpSegment.builder().sourcePort(sp)
                        .destinationPort(dp).seq(seq).ack(ack).flags(flags).window(win).urgentPointer(win ^ 0x5A5A)
                        .options(opts).payload(payload).build());
        Arbitrary<MacAddress> mac = Arbitraries.bytes().array(byte[].class).ofSize(6).map(MacAddress::of);
        return Combinators.combine(mac, mac, ip, tcp).as(TcpFrame::of);
    }

    Arbitrary<TcpOptions> options() {
        Arbitrary<TcpOption> one = Arbitraries.oneOf(
                Arbitraries.just(TcpOption.nop()),
                Arbitraries.integers().between(0, 0xFFFF).map(TcpOption::mss),
                Arbitraries.integers().between(0, 255).map(TcpOption::windowScale),
                Arbitraries.just(TcpOption.sackPermitted()),
                Combinators.combine(Arbitraries.integers(), Arbitraries.integers()).as(TcpOption::timestamps),
                Combinators.combine(Arbitraries.integers(), Arbitraries.integers()).as(SackBlock::new).list()
                        .ofMinSize(1).ofMaxSize(3).map(TcpOption::sack),
                Combinators.combine(Arbitraries.of(6, 7, 9, 19, 28, 29, 30, 34, 253, 254, 200),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(10)).as(TcpOption::unknown));
        return one.list().ofMaxSize(8).map(l -> {
            List<TcpOption> fit = new ArrayList<>();
            int n = 0;
            for (TcpOption o : l) {
                if (n + o.encodedLength() <= TcpOptions.MAX_LENGTH) {
                    fit.add(o);
                    n += o.encodedLength();
                }
            }
            return TcpOptions.of(fit);
        });
    }
}
