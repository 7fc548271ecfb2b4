package org.resplice.splicecore.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.resplice.splicecore.packet.TcpFrame;
import org.resplice.splicecore.packet.TcpOptions;
import org.resplice.splicecore.packet.TcpSegment;

class ResetsTest {

    static final TcpAddress CLIENT = TcpAddress.of("02:00:00:00:00:01", "192.0.2.7", 40000);
    static final TcpAddress VIP = TcpAddress.of("02:00:00:00:00:64", "10.0.0.100", 80);

    @Test
    void segmentWithAckGetsSeqEqualToItsAck() {
        TcpFrame in = Segments.frame(CLIENT, VIP, 1000, 0xFFFFFFFF, TcpSegment.ACK | TcpSegment.PSH, 100,
                TcpOptions.NONE, new byte[10]);
        TcpFrame rst = Resets.forSegment(in).get();
        assertEquals(TcpSegment.RST, rst.tcp().flags());
        assertEquals(0xFFFFFFFF, rst.tcp().seq());
        assertEquals(0, rst.tcp().ack());
        assertEquals(0, rst.tcp().payloadLength());
        assertEquals(VIP.ip(), rst.ip().source());
        assertEquals(CLIENT.ip(), rst.ip().destination());
        assertEquals(80, rst.tcp().sourcePort());
        assertEquals(40000, rst.tcp().destinationPort());
        assertEquals(CLIENT.mac(), rst.destinationMac());
        assertEquals(VIP.mac(), rst.sourceMac());
    }

    @Test
    void segmentWithoutAckGetsAckOfItsEnd() {
        TcpFrame syn = Segments.frame(CLIENT, VIP, 0xFFFFFFFF, 0, TcpSegment.SYN, 100);
        TcpFrame rst = Resets.forSegment(syn).get();
        assertEquals(TcpSegment.RST | TcpSegment.ACK, rst.tcp().flags());
        assertEquals(0, rst.tcp().seq());
        assertEquals(0, rst.tcp().ack(), "SYN counts one, wrapping to 0");
        TcpFrame finData = Segments.frame(CLIENT, VIP, 10, 0, TcpSegment.FIN, 100, TcpOptions.NONE, new byte[5]);
        assertEquals(10 + 5 + 1, Resets.forSegment(finData).get().tcp().ack());
    }

    @Test
    void resetIsNeverAnswered() {
        assertFalse(Resets.forSegment(Segments.frame(CLIENT, VIP, 1, 2, TcpSegment.RST | TcpSegment.ACK, 0))
                .isPresent());
        assertFalse(Resets.forSegment(Segments.frame(CLIENT, VIP, 1, 2, TcpSegment.RST, 0)).isPresent());
    }
}
