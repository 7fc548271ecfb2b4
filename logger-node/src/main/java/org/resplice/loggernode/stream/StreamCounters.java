package org.resplice.loggernode.stream;

/**
 * What happened to one direction of a connection, for the operator and for tests. Counts only
 * grow. A segment is counted once in at most one of duplicates, overlaps and out-of-order, by
 * what it brought: nothing new, new bytes next to repeated ones, or new bytes that had to wait for
 * a hole to fill. Not thread-safe: read it on the parse thread, or accept torn values.
 */
public final class StreamCounters {

    private long segments;
    private long bytesDelivered;
    private long duplicates;
    private long overlaps;
    private long inconsistentRetransmissions;
    private long outOfOrder;
    private long gaps;
    private long gapBytes;
    private long bogusAcks;
    private long dataAfterFin;
    private long implausibleSegments;

    /** Segments of this direction, including zero-length ones and RSTs. */
    public long segments() {
        return segments;
    }

    /** Bytes handed on as data (not gaps). */
    public long bytesDelivered() {
        return bytesDelivered;
    }

    /**
     * Segments that brought nothing new: retransmissions and duplicate mirror copies alike (the
     * capture cannot tell them apart), and bytes arriving after their range was declared a gap.
     */
    public long duplicates() {
        return duplicates;
    }

    /** Segments that repeated some bytes already seen and brought some new ones. */
    public long overlaps() {
        return overlaps;
    }

    /** Segments whose repeated bytes differ from the ones first seen (the first copy is kept). */
    public long inconsistentRetransmissions() {
        return inconsistentRetransmissions;
    }

    /** Segments whose new bytes started beyond the next expected byte and were held. */
    public long outOfOrder() {
        return outOfOrder;
    }

    /** Gaps reported (capture loss). */
    public long gaps() {
        return gaps;
    }

    /** Bytes inside reported gaps. */
    public long gapBytes() {
        return gapBytes;
    }

    /** ACKs of this direction's bytes (sent by the peer) that were implausible and ignored. */
    public long bogusAcks() {
        return bogusAcks;
    }

    /** Segments with bytes at or beyond this direction's FIN, or a FIN contradicting what was seen. */
    public long dataAfterFin() {
        return dataAfterFin;
    }

    /** Segments starting implausibly far (more than 2^30) beyond anything seen; ignored. */
    public long implausibleSegments() {
        return implausibleSegments;
    }

    void countSegment() {
        segments++;
    }

    void countDelivered(int len) {
        bytesDelivered += len;
    }

    void countDuplicate() {
        duplicates++;
    }

    void countOverlap() {
        overlaps++;
    }

    void countInconsistentRetransmission() {
        inconsistentRetransmissions++;
    }

    void countOutOfOrder() {
        outOfOrder++;
    }

    void countGap(long bytes) {
        gaps++;
        gapBytes += bytes;
    }

    void countBogusAck() {
        bogusAcks++;
    }

    void countDataAfterFin() {
        dataAfterFin++;
    }

    void countImplausibleSegment() {
        implausibleSegments++;
    }

    @Override
    public String toString() {
        return "segments=" + segments + " bytes=" + bytesDelivered + " duplicates=" + duplicates
                + " overlaps=" + overlaps + " inconsistent=" + inconsistentRetransmissions
                + " outOfOrder=" + outOfOrder + " gaps=" + gaps + " gapBytes=" + gapBytes
                + " bogusAcks=" + bogusAcks + " dataAfterFin=" + dataAfterFin
                + " implausible=" + implausibleSegments;
    }
}
