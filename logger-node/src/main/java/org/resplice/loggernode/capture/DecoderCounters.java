package org.resplice.loggernode.capture;

import java.util.Map;

/**
 * What a {@link SegmentDecoder} has counted; a snapshot.
 *
 * @param decoded          frames decoded into segments
 * @param notTcp           frames that are not IPv4/TCP (the filter should keep them out)
 * @param fragments        IPv4 fragments (not reassembled: their bytes are lost to the log)
 * @param truncated        frames cut by the snapshot length
 * @param malformed        frames whose headers do not fit their bytes
 * @param badChecksums     decoded segments with a wrong IPv4 or TCP checksum (passed on, flagged)
 * @param malformedByField malformed, truncated and fragment frames by the field that failed, e.g. {@code ipv4.totalLength}
 */
public record DecoderCounters(long decoded, long notTcp, long fragments, long truncated, long malformed,
                              long badChecksums, Map<String, Long> malformedByField) {

    public DecoderCounters {
        malformedByField = Map.copyOf(malformedByField);
    }
}
