package org.resplice.splicecore.tcp;

import org.resplice.splicecore.packet.Ipv4Header;
import org.resplice.splicecore.packet.MalformedPacketException;
import org.resplice.splicecore.packet.TcpFrame;
import org.resplice.splicecore.packet.TcpOptions;
import org.resplice.splicecore.packet.TcpSegment;

/** Builds the frames a peer sends, through the codec (so they go over the wire form). */
final class Segments {

    private Segments() {
    }

    static TcpFrame frame(TcpAddress from, TcpAddress to, int seq, int ack, int flags, int window,
            TcpOptions options, byte[] payload) {
        TcpSegment s = TcpSegment.builder()
                .sourcePort(from.port())
                .destinationPort(to.port())
                .seq(seq)
                .ack(ack)
                .flags(flags)
                .window(window)
                .options(options)
                .payload(payload)
                .build();
        Ipv4Header ip = Ipv4Header.builder().source(from.ip()).destination(to.ip()).build();
        TcpFrame f = TcpFrame.of(to.mac(), from.mac(), ip, s);
        try {
            return TcpFrame.parse(f.toBytes());
        } catch (MalformedPacketException e) {
            throw new AssertionError(e);
        }
    }

    static TcpFrame frame(TcpAddress from, TcpAddress to, int seq, int ack, int flags, int window) {
        return frame(from, to, seq, ack, flags, window, TcpOptions.NONE, new byte[0]);
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed * 7 + (i >>> 8));
        }
        return b;
    }
}
