package org.resplice.loggernode.capture;

/**
 * Receives captured frames on the capture's parse thread, one at a time, in capture order.
 * Implementations need not be thread-safe; they must not block for long, because while they run
 * the capture queue fills and overflows (which is counted as loss).
 */
public interface FrameHandler {

    /**
     * One captured Ethernet frame.
     *
     * @param timestampNanos capture time, nanoseconds since the Unix epoch
     * @param frame          the captured bytes; the array is handed over (libpcap's copy is made
     *                       per frame by pcap4j and is not reused), so the handler may keep it
     * @param wireLength     the frame's length on the wire; larger than {@code frame.length} if
     *                       the snapshot length cut it
     */
    void frame(long timestampNanos, byte[] frame, int wireLength);

    /**
     * Frames were lost between the previous call and the next one: the capture queue overflowed
     * or the kernel dropped them. Called on the parse thread, in order with {@link #frame}, so a
     * consumer can tell which of its streams may now have a gap. The default does nothing.
     *
     * @param count how many frames (as far as the counters tell)
     * @param cause {@code "queue"}, {@code "kernel"} or {@code "interface"}
     */
    default void framesLost(long count, String cause) {
    }
}
