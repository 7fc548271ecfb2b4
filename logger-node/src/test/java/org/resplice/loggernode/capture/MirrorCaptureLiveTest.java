package org.resplice.loggernode.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.resplice.loggernode.Await;
import org.resplice.splicecore.packet.TcpSegment;

/**
 * A live capture on loopback with real TCP from java.net sockets. Needs root (or CAP_NET_RAW), as
 * the tests have here and in CI; without it {@link MirrorCapture#openLive} fails and so does the test.
 */
class MirrorCaptureLiveTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Test
    void capturesBothDirectionsOfARealConnectionOnLoopback() throws Exception {
        List<MirroredSegment> seen = new CopyOnWriteArrayList<>();
        SegmentDecoder decoder = new SegmentDecoder(seen::add);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            CaptureConfig config = CaptureConfig.of("lo", "tcp and port " + port).withBufferBytes(4 << 20)
                    .withStatsInterval(Duration.ofMillis(50));
            try (MirrorCapture capture = MirrorCapture.openLive(config, decoder)) {
                capture.start();
                try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
                     Socket accepted = server.accept()) {
                    client.setSoTimeout((int) DEADLINE.toMillis());
                    accepted.setSoTimeout((int) DEADLINE.toMillis());
                    OutputStream out = client.getOutputStream();
                    out.write("ping-resplice".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    InputStream in = accepted.getInputStream();
                    assertEquals("ping-resplice", new String(in.readNBytes(13), StandardCharsets.US_ASCII));
                    accepted.getOutputStream().write("pong-resplice".getBytes(StandardCharsets.US_ASCII));
                    assertEquals("pong-resplice",
                            new String(client.getInputStream().readNBytes(13), StandardCharsets.US_ASCII));

                    Await.until(() -> carries(seen, port, true, "ping-resplice")
                            && carries(seen, port, false, "pong-resplice"), "both payloads captured");
                }
                assertTrue(seen.stream().anyMatch(s -> s.dstPort() == port && s.has(TcpSegment.SYN)),
                        "the client's SYN was captured");
                capture.stop();
                CaptureCounters c = capture.counters();
                assertEquals(c.framesCaptured(), c.framesDelivered());
                assertEquals(0, c.queueOverflows());
                assertEquals(0, c.kernelDrops());
                assertTrue(c.framesCaptured() >= 4, c.toString());
                assertEquals(c.framesCaptured(), decoder.counters().decoded());
            }
        }
    }

    private static boolean carries(List<MirroredSegment> seen, int serverPort, boolean toServer, String text) {
        for (MirroredSegment s : seen) {
            int port = toServer ? s.dstPort() : s.srcPort();
            if (port == serverPort && s.payloadLength() == text.length() && text.equals(
                    new String(s.frame(), s.payloadOffset(), s.payloadLength(), StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }
}
