package org.resplice.loggernode.capture;

/** Receives decoded TCP segments from a {@link SegmentDecoder}, on the capture's parse thread, in capture order. */
public interface SegmentHandler {

    /** One decoded segment; the handler may keep it. */
    void segment(MirroredSegment segment);

    /**
     * Frames were lost before the next segment (see {@link FrameHandler#framesLost}), or a frame of
     * a followed connection could not be decoded. The default does nothing.
     */
    default void segmentsLost(long count, String cause) {
    }
}
