package org.resplice.loggernode.stream;

/**
 * What a {@link DirectionReassembler} delivers for its direction: {@code data} and {@code gap}
 * calls cover the stream exactly once, in order and without overlap, and {@code fin} comes after
 * the last of them. The byte array passed to {@code data} belongs to the caller for the duration of
 * the call only; copy what must be kept.
 */
public interface StreamListener {

    /** Bytes {@code [offset, offset + len)} of the stream, seen on the wire. */
    void data(long offset, byte[] b, int off, int len);

    /** Bytes {@code [from, to)} were sent but never captured. */
    void gap(long from, long to);

    /** The stream ends at {@code offset}: every byte before it has been delivered or reported as a gap. */
    void fin(long offset);
}
