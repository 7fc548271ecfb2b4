package org.resplice.loggernode.capture;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link MirrorCapture} opens and drains the mirror interface.
 *
 * @param device          the interface that receives the mirror port's traffic, e.g. {@code logger-eth1}
 * @param filter          BPF expression, usually from {@link CaptureFilter#expression()}
 * @param snaplen         bytes kept of each frame; 65535 keeps whole frames even with offloads
 * @param bufferBytes     the kernel capture buffer; large so that a parse-thread stall does not drop
 * @param readTimeout     how long libpcap waits for more packets before delivering what it has;
 *                        also bounds how long {@link MirrorCapture#stop()} waits for the loop
 * @param queueFrames     frames the capture thread may queue for the parse thread
 * @param queueBytes      bytes the capture thread may queue for the parse thread
 * @param statsInterval   how often libpcap's drop counters are read
 */
public record CaptureConfig(String device, String filter, int snaplen, int bufferBytes, Duration readTimeout,
                            int queueFrames, long queueBytes, Duration statsInterval) {

    public static final int DEFAULT_SNAPLEN = 65535;
    public static final int DEFAULT_BUFFER_BYTES = 64 << 20;
    /**
     * How long libpcap holds a partly filled block before handing it over: the capture's share of
     * the failure detector's latency budget (DESIGN §4.5), so small; under load blocks fill first.
     */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMillis(10);
    public static final int DEFAULT_QUEUE_FRAMES = 32768;
    public static final long DEFAULT_QUEUE_BYTES = 128L << 20;
    public static final Duration DEFAULT_STATS_INTERVAL = Duration.ofSeconds(1);

    public CaptureConfig {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(statsInterval, "statsInterval");
        if (device.isBlank()) {
            throw new IllegalArgumentException("device: empty; name the interface that receives the mirror port");
        }
        if (filter.isBlank()) {
            throw new IllegalArgumentException("filter: empty; build one with CaptureFilter so that only"
                    + " followed traffic is captured");
        }
        if (snaplen < 64 || snaplen > 262144) {
            throw new IllegalArgumentException("snaplen: " + snaplen + " is outside 64..262144; use 65535");
        }
        if (bufferBytes < (1 << 20)) {
            throw new IllegalArgumentException("bufferBytes: " + bufferBytes + " is below 1 MiB; use at least "
                    + (DEFAULT_BUFFER_BYTES >> 20) + " MiB on a mirror port");
        }
        if (readTimeout.toMillis() < 1 || readTimeout.toMillis() > 10_000) {
            throw new IllegalArgumentException("readTimeout: " + readTimeout + " is outside 1 ms..10 s");
        }
        if (queueFrames < 1) {
            throw new IllegalArgumentException("queueFrames: " + queueFrames + " must be at least 1");
        }
        if (queueBytes < snaplen) {
            throw new IllegalArgumentException("queueBytes: " + queueBytes + " must hold at least one frame of "
                    + snaplen + " bytes");
        }
        if (statsInterval.toMillis() < 1) {
            throw new IllegalArgumentException("statsInterval: " + statsInterval + " must be at least 1 ms");
        }
    }

    /** The defaults: snaplen 65535, 64 MiB kernel buffer, 100 ms read timeout, 32768 frames / 128 MiB queued. */
    public static CaptureConfig of(String device, String filter) {
        return new CaptureConfig(device, filter, DEFAULT_SNAPLEN, DEFAULT_BUFFER_BYTES, DEFAULT_READ_TIMEOUT,
                DEFAULT_QUEUE_FRAMES, DEFAULT_QUEUE_BYTES, DEFAULT_STATS_INTERVAL);
    }

    public CaptureConfig withBufferBytes(int bytes) {
        return new CaptureConfig(device, filter, snaplen, bytes, readTimeout, queueFrames, queueBytes, statsInterval);
    }

    public CaptureConfig withQueue(int frames, long bytes) {
        return new CaptureConfig(device, filter, snaplen, bufferBytes, readTimeout, frames, bytes, statsInterval);
    }

    public CaptureConfig withStatsInterval(Duration interval) {
        return new CaptureConfig(device, filter, snaplen, bufferBytes, readTimeout, queueFrames, queueBytes, interval);
    }
}
