package org.resplice.splicecore.tcp;

import org.resplice.splicecore.packet.Ipv4Header;
import org.resplice.splicecore.packet.TcpFrame;
import org.resplice.splicecore.packet.TcpOptions;
import org.resplice.splicecore.packet.TcpSegment;

/** Builds and emits the frames of one connection, local → remote. */
final class FrameWriter {

    private final TcpAddress local;
    private final TcpAddress remote;
    private final int ttl;
    private final FrameSink sink;
    private int ipId;

    FrameWriter(TcpAddress local, TcpAddress remote, int ttl, FrameSink sink) {
        this.local = local;
        this.remote = remote;
        this.ttl = ttl;
        this.sink = sink;
    }

    void emit(int seq, int ack, int flags, int window, TcpOptions options, byte[] data, int off, int len) {
        TcpSegment.Builder s = TcpSegment.builder()
                .sourcePort(local.port())
                .destinationPort(remote.port())
                .seq(seq)
                .ack(ack)
                .flags(flags)
                .window(window)
                .options(options);
        if (len > 0) {
            s.payload(data, off, len);
        }
        sink.emit(frame(s.build()).toBytes());
    }

    void emit(int seq, int ack, int flags, int window) {
        emit(seq, ack, flags, window, TcpOptions.NONE, null, 0, 0);
    }

    TcpFrame frame(TcpSegment segment) {
        Ipv4Header ip = Ipv4Header.builder()
                .source(local.ip())
                .destination(remote.ip())
                .ttl(ttl)
                .identification(ipId)
                .flags(Ipv4Header.FLAG_DF)
                .protocol(Ipv4Header.PROTOCOL_TCP)
                .build();
        ipId = (ipId + 1) & 0xFFFF;
        return TcpFrame.of(remote.mac(), local.mac(), ip, segment);
    }
}
