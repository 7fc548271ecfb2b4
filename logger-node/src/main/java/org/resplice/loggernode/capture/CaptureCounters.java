package org.resplice.loggernode.capture;

/**
 * What {@link MirrorCapture} has counted since it opened; a snapshot, not live.
 *
 * @param framesCaptured  frames libpcap handed to the capture callback
 * @param bytesCaptured   their captured bytes
 * @param framesDelivered frames handed to the {@link FrameHandler}
 * @param queueOverflows  frames dropped because the parse thread's queue was full
 * @param kernelReceived  libpcap's {@code ps_recv}
 * @param kernelDrops     libpcap's {@code ps_drop}: dropped for lack of kernel buffer space
 * @param interfaceDrops  libpcap's {@code ps_ifdrop}: dropped by the interface or its driver
 * @param handlerFailures frames whose handler threw (counted, logged once, capture goes on)
 */
public record CaptureCounters(long framesCaptured, long bytesCaptured, long framesDelivered, long queueOverflows,
                              long kernelReceived, long kernelDrops, long interfaceDrops, long handlerFailures) {

    /** Every frame lost before the handler saw it: queue overflows plus kernel and interface drops. */
    public long framesLost() {
        return queueOverflows + kernelDrops + interfaceDrops;
    }
}
