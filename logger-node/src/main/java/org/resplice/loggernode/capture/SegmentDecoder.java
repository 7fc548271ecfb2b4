package org.resplice.loggernode.capture;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.resplice.splicecore.packet.MalformedPacketException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link FrameHandler} between {@link MirrorCapture} and the stream rebuild: decodes each frame
 * into a {@link MirroredSegment}, counts what does not decode, and passes segments on. Runs on the
 * parse thread; {@link #counters()} may be read from any thread.
 */
public final class SegmentDecoder implements FrameHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentDecoder.class);

    private final SegmentHandler next;
    private final FailureLog undecodable = new FailureLog(LOG, "decoding mirrored frames");
    private final Map<String, LongAdder> byField = new ConcurrentHashMap<>();
    private volatile long decoded;
    private volatile long notTcp;
    private volatile long fragments;
    private volatile long truncated;
    private volatile long malformed;
    private volatile long badChecksums;

    public SegmentDecoder(SegmentHandler next) {
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void frame(long timestampNanos, byte[] frame, int wireLength) {
        MirroredSegment s;
        try {
            s = MirroredSegment.decode(timestampNanos, frame, wireLength);
        } catch (MalformedPacketException e) {
            classify(e, frame.length < wireLength);
            return;
        }
        decoded = decoded + 1;
        if (!s.checksumsValid()) {
            badChecksums = badChecksums + 1;
        }
        next.segment(s);
    }

    private void classify(MalformedPacketException e, boolean cut) {
        switch (e.field()) {
            case "ethernet.etherType":
            case "ipv4.protocol":
                // Not ours to follow; the BPF filter should have kept it out. Not a loss.
                notTcp = notTcp + 1;
                return;
            case "ipv4.fragment":
                fragments = fragments + 1;
                break;
            default:
                if (cut) {
                    truncated = truncated + 1;
                } else {
                    malformed = malformed + 1;
                }
        }
        byField.computeIfAbsent(e.field(), k -> new LongAdder()).increment();
        undecodable.failed(e.field() + (cut ? " (frame cut by snaplen)" : ""), null);
        // The bytes of a followed connection may be in this frame; tell the consumer there is a gap.
        next.segmentsLost(1, "undecodable:" + e.field());
    }

    @Override
    public void framesLost(long count, String cause) {
        next.segmentsLost(count, cause);
    }

    public DecoderCounters counters() {
        Map<String, Long> fields = new java.util.TreeMap<>();
        byField.forEach((k, v) -> fields.put(k, v.sum()));
        return new DecoderCounters(decoded, notTcp, fragments, truncated, malformed, badChecksums, fields);
    }
}
