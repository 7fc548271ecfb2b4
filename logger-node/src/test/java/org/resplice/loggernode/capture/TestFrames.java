package org.resplice.loggernode.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.resplice.splicecore.packet.Ip4Address;
import org.resplice.splicecore.packet.Ipv4Header;
import org.resplice.splicecore.packet.MacAddress;
import org.resplice.splicecore.packet.TcpFrame;
import org.resplice.splicecore.packet.TcpSegment;

/** Frames built with splice-core's codec, and a pcap file writer (the format is 24 + 16 bytes of headers). */
final class TestFrames {

    static final MacAddress MAC_A = MacAddress.valueOf("02:00:00:00:00:01");
    static final MacAddress MAC_B = MacAddress.valueOf("02:00:00:00:00:02");

    private TestFrames() {
    }

    static byte[] tcp(String srcIp, int srcPort, String dstIp, int dstPort, int seq, int ack, int flags,
            String payload) {
        return tcpFrame(srcIp, srcPort, dstIp, dstPort, seq, ack, flags, payload, new byte[0]).toBytes();
    }

    static TcpFrame tcpFrame(String srcIp, int srcPort, String dstIp, int dstPort, int seq, int ack, int flags,
            String payload, byte[] ipOptions) {
        Ipv4Header ip = Ipv4Header.builder().source(Ip4Address.valueOf(srcIp))
                .destination(Ip4Address.valueOf(dstIp)).options(ipOptions).build();
        TcpSegment tcp = TcpSegment.builder().sourcePort(srcPort).destinationPort(dstPort).seq(seq).ack(ack)
                .flags(flags).window(65535).payload(payload.getBytes(StandardCharsets.US_ASCII)).build();
        return TcpFrame.of(MAC_B, MAC_A, ip, tcp);
    }

    /** A timestamped frame for {@link #writePcap}. */
    record Record(long timestampNanos, byte[] frame, int wireLength) {
        Record(long timestampNanos, byte[] frame) {
            this(timestampNanos, frame, frame.length);
        }
    }

    /** Writes a nanosecond-resolution pcap file (magic 0xa1b23c4d), link type Ethernet. */
    static void writePcap(Path file, List<Record> records) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(0xa1b23c4d).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
            out.write(h.array());
            for (Record r : records) {
                ByteBuffer rh = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                rh.putInt((int) (r.timestampNanos / 1_000_000_000L)).putInt((int) (r.timestampNanos % 1_000_000_000L))
                        .putInt(r.frame.length).putInt(r.wireLength);
                out.write(rh.array());
                out.write(r.frame);
            }
        }
    }
}
