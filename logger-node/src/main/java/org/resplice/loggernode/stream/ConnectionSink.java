package org.resplice.loggernode.stream;

/**
 * What the stream rebuild of one spliced connection tells the log, on the capture's parse thread,
 * in capture order. Offsets are stream offsets: byte 0 of the client stream is the byte after the
 * client's SYN (backend sequence number {@code clientIsn + 1}), byte 0 of the server stream is the
 * byte after the backend's SYN-ACK (backend sequence number {@code backendIsn + 1}). Both streams are
 * therefore in backend sequence space (design §4.4), whatever the switch rewrote on the wire.
 *
 * <p>For each direction, {@code data} and {@code gap} calls cover the stream exactly once, in order,
 * without overlap: the next call starts where the previous one ended.
 */
public interface ConnectionSink {

    /** Client→server bytes {@code [offset, offset + len)}, seen on the wire. */
    void clientData(long offset, byte[] b, int off, int len);

    /** Server→client bytes {@code [offset, offset + len)}, seen on the wire. */
    void serverData(long offset, byte[] b, int off, int len);

    /** Client→server bytes {@code [from, to)} were sent but never captured. */
    void clientGap(long from, long to);

    /** Server→client bytes {@code [from, to)} were sent but never captured. */
    void serverGap(long from, long to);

    /**
     * The client acknowledged every server byte before {@code serverOffset} (Ack_CL). Called only
     * when it grows.
     */
    void clientAck(long serverOffset);

    /** The server acknowledged every client byte before {@code clientOffset}. Called only when it grows. */
    void serverAck(long clientOffset);

    /** The client's FIN: the client stream ends at {@code offset}. */
    void clientFin(long offset);

    /** The server's FIN: the server stream ends at {@code offset}. */
    void serverFin(long offset);

    /** A RST; {@code byServer} says which side sent it. */
    void reset(boolean byServer);
}
