package org.resplice.splicecore.tcp;

import java.util.Optional;

import org.resplice.splicecore.Seq32;
import org.resplice.splicecore.packet.Ipv4Header;
import org.resplice.splicecore.packet.TcpFrame;
import org.resplice.splicecore.packet.TcpSegment;

/**
 * Reset generation for a segment that belongs to no connection (RFC 9293 §3.10.7.1, RFC 793 p. 36):
 * never answer a RST; if the segment has ACK, send {@code <SEQ=SEG.ACK><CTL=RST>}; otherwise send
 * {@code <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>}, SEG.LEN counting payload, SYN and FIN.
 * The reply goes back the way the segment came: MACs, addresses and ports swapped.
 */
public final class Resets {

    public static final int DEFAULT_TTL = 64;

    private Resets() {
    }

    /** The reset answering {@code received}, or empty when it is itself a reset. */
    public static Optional<TcpFrame> forSegment(TcpFrame received) {
        return forSegment(received, DEFAULT_TTL);
    }

    public static Optional<TcpFrame> forSegment(TcpFrame received, int ttl) {
        TcpSegment in = received.tcp();
        if (in.isRst()) {
            return Optional.empty();
        }
        TcpSegment.Builder out = TcpSegment.builder()
                .sourcePort(in.destinationPort())
                .destinationPort(in.sourcePort())
                .window(0);
        if (in.isAck()) {
            out.seq(in.ack()).ack(0).flags(TcpSegment.RST);
        } else {
            out.seq(0).ack(Seq32.add(in.seq(), in.sequenceLength())).flags(TcpSegment.RST | TcpSegment.ACK);
        }
        Ipv4Header ip = Ipv4Header.builder()
                .source(received.ip().destination())
                .destination(received.ip().source())
                .ttl(ttl)
                .flags(Ipv4Header.FLAG_DF)
                .build();
        return Optional.of(TcpFrame.of(received.sourceMac(), received.destinationMac(), ip, out.build()));
    }
}
