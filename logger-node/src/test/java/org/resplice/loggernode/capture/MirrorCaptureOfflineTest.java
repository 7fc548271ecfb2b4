package org.resplice.loggernode.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resplice.loggernode.Await;
import org.resplice.splicecore.packet.TcpSegment;

/** The capture path (pcap callback, bounded queue, parse thread) over pcap files; needs no root. */
class MirrorCaptureOfflineTest {

    private static final long T0 = 1_700_000_000_123_456_789L;
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    record Seen(long timestampNanos, byte[] frame, int wireLength) {
    }

    static final class Collecting implements FrameHandler {
        final List<Seen> frames = new CopyOnWriteArrayList<>();
        final AtomicLong lost = new AtomicLong();
        final List<String> lossCauses = new CopyOnWriteArrayList<>();

        @Override
        public void frame(long timestampNanos, byte[] frame, int wireLength) {
            frames.add(new Seen(timestampNanos, frame, wireLength));
        }

        @Override
        public void framesLost(long count, String cause) {
            lost.addAndGet(count);
            lossCauses.add(cause);
        }
    }

    @Test
    void everyFrameThatPassesTheFilterArrivesInOrderWithItsTimestamp() throws Exception {
        List<TestFrames.Record> records = new ArrayList<>();
        List<TestFrames.Record> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            boolean followed = i % 2 == 0;
            byte[] f = TestFrames.tcp("10.0.0.1", 40000, "10.0.0.100", followed ? 80 : 9999, 1000 + i, 0,
                    TcpSegment.ACK, "request " + i);
            TestFrames.Record r = new TestFrames.Record(T0 + i * 1_000L, f);
            records.add(r);
            if (followed) {
                expected.add(r);
            }
        }
        Path file = dir.resolve("mirror.pcap");
        TestFrames.writePcap(file, records);

        Collecting h = new Collecting();
        MirrorCapture capture = MirrorCapture.openOffline(file, "tcp and port 80", 1024, 1 << 20, h);
        capture.start();
        assertTrue(capture.awaitEnd(DEADLINE), "the file was not read within " + DEADLINE);
        capture.stop();

        assertEquals(expected.size(), h.frames.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).timestampNanos(), h.frames.get(i).timestampNanos(), "timestamp of " + i);
            assertArrayEquals(expected.get(i).frame(), h.frames.get(i).frame(), "frame " + i);
            assertEquals(expected.get(i).frame().length, h.frames.get(i).wireLength());
        }
        CaptureCounters c = capture.counters();
        assertEquals(100, c.framesCaptured());
        assertEquals(100, c.framesDelivered());
        assertEquals(0, c.framesLost());
        assertEquals(0, h.lost.get());
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlockingTheCaptureThread() throws Exception {
        int n = 50;
        List<TestFrames.Record> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(new TestFrames.Record(T0 + i, TestFrames.tcp("10.0.0.1", 40000, "10.0.0.100", 80, i, 0,
                    TcpSegment.ACK, "x")));
        }
        Path file = dir.resolve("burst.pcap");
        TestFrames.writePcap(file, records);

        CountDownLatch release = new CountDownLatch(1);
        Collecting inner = new Collecting();
        FrameHandler blocking = new FrameHandler() {
            @Override
            public void frame(long ts, byte[] frame, int wireLength) {
                try {
                    // Holds the parse thread until the capture thread has seen every frame.
                    if (!release.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                        throw new IllegalStateException("never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                inner.frame(ts, frame, wireLength);
            }

            @Override
            public void framesLost(long count, String cause) {
                inner.framesLost(count, cause);
            }
        };
        MirrorCapture capture = MirrorCapture.openOffline(file, null, 4, 1 << 20, blocking);
        capture.start();
        // The capture thread must get through the whole file while the parse thread is stuck.
        Await.until(() -> capture.counters().framesCaptured() == n, "all frames captured while the handler blocks");
        release.countDown();
        assertTrue(capture.awaitEnd(DEADLINE));
        capture.stop();

        CaptureCounters c = capture.counters();
        assertEquals(n, c.framesDelivered() + c.queueOverflows());
        assertTrue(c.queueOverflows() >= n - 5, "at most 1 in the handler and 4 queued, got " + c);
        assertEquals(c.queueOverflows(), inner.lost.get());
        assertTrue(inner.lossCauses.stream().allMatch("queue"::equals), inner.lossCauses.toString());
        // Delivered frames keep their order: sequence numbers increase.
        int previous = -1;
        for (Seen s : inner.frames) {
            int seq = MirroredSegment.decode(s.timestampNanos(), s.frame(), s.wireLength()).seq();
            assertTrue(seq > previous, "order");
            previous = seq;
        }
    }

    @Test
    void aFrameCutBySnaplenKeepsItsWireLength() throws Exception {
        byte[] whole = TestFrames.tcp("10.0.0.1", 40000, "10.0.0.100", 80, 1, 0, TcpSegment.ACK, "0123456789");
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 4);
        Path file = dir.resolve("cut.pcap");
        TestFrames.writePcap(file, List.of(new TestFrames.Record(T0, cut, whole.length)));
        Collecting h = new Collecting();
        try (MirrorCapture capture = MirrorCapture.openOffline(file, null, 8, 1 << 20, h)) {
            capture.start();
            assertTrue(capture.awaitEnd(DEADLINE));
        }
        assertEquals(1, h.frames.size());
        assertEquals(cut.length, h.frames.get(0).frame().length);
        assertEquals(whole.length, h.frames.get(0).wireLength());
    }

    @Test
    void aHandlerThatThrowsIsCountedAndCaptureGoesOn() throws Exception {
        List<TestFrames.Record> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(new TestFrames.Record(T0 + i, TestFrames.tcp("10.0.0.1", 40000, "10.0.0.100", 80, i, 0,
                    TcpSegment.ACK, "y")));
        }
        Path file = dir.resolve("throw.pcap");
        TestFrames.writePcap(file, records);
        Collecting inner = new Collecting();
        AtomicLong calls = new AtomicLong();
        FrameHandler flaky = (ts, frame, wire) -> {
            if (calls.incrementAndGet() % 2 == 0) {
                throw new IllegalStateException("handler bug");
            }
            inner.frame(ts, frame, wire);
        };
        try (MirrorCapture capture = MirrorCapture.openOffline(file, null, 16, 1 << 20, flaky)) {
            capture.start();
            assertTrue(capture.awaitEnd(DEADLINE));
            assertEquals(5, capture.counters().handlerFailures());
            assertEquals(10, capture.counters().framesDelivered());
        }
        assertEquals(5, inner.frames.size());
    }

    @Test
    void aBadFilterOrMissingFileIsRefusedNamingIt() throws Exception {
        Path file = dir.resolve("empty.pcap");
        TestFrames.writePcap(file, List.of());
        CaptureException filter = assertThrows(CaptureException.class,
                () -> MirrorCapture.openOffline(file, "tcp and (port", 8, 1 << 20, new Collecting()));
        assertTrue(filter.getMessage().startsWith("filter \"tcp and (port\""), filter.getMessage());
        CaptureException missing = assertThrows(CaptureException.class,
                () -> MirrorCapture.openOffline(dir.resolve("nope.pcap"), null, 8, 1 << 20, new Collecting()));
        assertTrue(missing.getMessage().contains("nope.pcap"), missing.getMessage());
    }

    @Test
    void stopBeforeStartClosesAndIsIdempotent() throws Exception {
        Path file = dir.resolve("idle.pcap");
        TestFrames.writePcap(file, List.of());
        MirrorCapture capture = MirrorCapture.openOffline(file, null, 8, 1 << 20, new Collecting());
        capture.stop();
        capture.stop();
        assertTrue(capture.awaitEnd(Duration.ofSeconds(1)));
        assertThrows(IllegalStateException.class, capture::start);
    }
}
