package org.resplice.loggernode.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.resplice.splicecore.packet.EthernetFrame;
import org.resplice.splicecore.packet.Ip4Address;
import org.resplice.splicecore.packet.Ipv4Header;
import org.resplice.splicecore.packet.Ipv4Packet;
import org.resplice.splicecore.packet.TcpSegment;

class SegmentDecoderTest {

    private final List<MirroredSegment> segments = new ArrayList<>();
    private final List<String> losses = new ArrayList<>();
    private final SegmentDecoder decoder = new SegmentDecoder(new SegmentHandler() {
        @Override
        public void segment(MirroredSegment segment) {
            segments.add(segment);
        }

        @Override
        public void segmentsLost(long count, String cause) {
            losses.add(count + " " + cause);
        }
    });

    @Test
    void decodesAddressesPortsSequenceNumbersFlagsAndWhereThePayloadIs() {
        // IP options move the TCP header; the payload offset must follow.
        byte[] ipOptions = {1, 1, 1, 0};
        byte[] frame = TestFrames.tcpFrame("10.0.0.11", 80, "10.0.0.200", 40001, 0xF0000001, 0x80000002,
                TcpSegment.ACK | TcpSegment.PSH, "HTTP/1.1 200 OK\r\n", ipOptions).toBytes();
        decoder.frame(42L, frame, frame.length);

        assertEquals(1, segments.size());
        MirroredSegment s = segments.get(0);
        assertSame(frame, s.frame(), "the captured array is kept, not copied");
        assertEquals(42L, s.timestampNanos());
        assertEquals(Ip4Address.valueOf("10.0.0.11").toInt(), s.srcIp());
        assertEquals(Ip4Address.valueOf("10.0.0.200").toInt(), s.dstIp());
        assertEquals(80, s.srcPort());
        assertEquals(40001, s.dstPort());
        assertEquals(0xF0000001, s.seq());
        assertEquals(0x80000002, s.ack());
        assertEquals(TcpSegment.ACK | TcpSegment.PSH, s.flags());
        assertTrue(s.has(TcpSegment.PSH));
        assertEquals(14 + 24 + 20, s.payloadOffset());
        assertEquals("HTTP/1.1 200 OK\r\n",
                new String(frame, s.payloadOffset(), s.payloadLength(), StandardCharsets.US_ASCII));
        assertTrue(s.checksumsValid());
        assertEquals(new FlowKey(s.srcIp(), 80, s.dstIp(), 40001), s.flowKey());
        assertEquals(1, decoder.counters().decoded());
    }

    @Test
    void ethernetPaddingIsNotPayload() {
        byte[] frame = TestFrames.tcp("10.0.0.1", 40000, "10.0.0.100", 80, 1, 0, TcpSegment.SYN, "");
        byte[] padded = Arrays.copyOf(frame, 60);
        decoder.frame(0, padded, padded.length);
        assertEquals(0, segments.get(0).payloadLength());
    }

    @Test
    void aBadChecksumIsPassedOnFlaggedAndCounted() {
        byte[] frame = TestFrames.tcp("10.0.0.1", 40000, "10.0.0.100", 80, 1, 0, TcpSegment.ACK, "abc");
        frame[frame.length - 1] ^= 0x55;
        decoder.frame(0, frame, frame.length);
        assertFalse(segments.get(0).checksumsValid());
        assertEquals(1, decoder.counters().badChecksums());
    }

    @Test
    void countsWhatDoesNotDecodeByKindAndReportsPossibleGaps() {
        byte[] good = TestFrames.tcp("10.0.0.1", 40000, "10.0.0.100", 80, 1, 0, TcpSegment.ACK, "abcdef");
        // Not TCP: ARP, and IPv4/UDP. The filter should keep these out; they are no loss.
        byte[] arp = EthernetFrame.builder().etherType(EthernetFrame.TYPE_ARP).payload(new byte[28]).build().toBytes();
        byte[] udp = EthernetFrame.builder().payload(Ipv4Packet.of(Ipv4Header.builder()
                .protocol(Ipv4Header.PROTOCOL_UDP).build(), new byte[8]).toBytes()).build().toBytes();
        // Malformed: too short for Ethernet, and a TCP data offset beyond the segment.
        byte[] runt = new byte[10];
        byte[] badOffset = good.clone();
        badOffset[14 + 20 + 12] = (byte) 0xF0;
        // Truncated by snaplen: the IPv4 total length points past the captured bytes.
        byte[] cut = Arrays.copyOf(good, good.length - 3);
        // A fragment.
        byte[] fragment = EthernetFrame.builder().payload(Ipv4Packet.of(Ipv4Header.builder().flags(Ipv4Header.FLAG_MF)
                .build(), new byte[40]).toBytes()).build().toBytes();

        for (byte[] f : List.of(arp, udp, runt, badOffset, fragment)) {
            decoder.frame(0, f, f.length);
        }
        decoder.frame(0, cut, good.length);

        DecoderCounters c = decoder.counters();
        assertEquals(0, c.decoded());
        assertEquals(2, c.notTcp());
        assertEquals(2, c.malformed());
        assertEquals(1, c.truncated());
        assertEquals(1, c.fragments());
        assertEquals(1L, c.malformedByField().get("ethernet.header"));
        assertEquals(1L, c.malformedByField().get("tcp.dataOffset"));
        assertEquals(1L, c.malformedByField().get("ipv4.fragment"));
        assertEquals(1L, c.malformedByField().get("ipv4.totalLength"));
        assertEquals(4, losses.size(), losses.toString());
        assertTrue(losses.contains("1 undecodable:ipv4.totalLength"), losses.toString());
    }

    @Test
    void captureLossesArePassedOn() {
        decoder.framesLost(7, "queue");
        assertEquals(List.of("7 queue"), losses);
    }
}
