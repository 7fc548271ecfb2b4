package org.resplice.loggernode.capture;

import java.util.Objects;

import org.resplice.splicecore.packet.EthernetFrame;
import org.resplice.splicecore.packet.MalformedPacketException;
import org.resplice.splicecore.packet.TcpFrame;
import org.resplice.splicecore.packet.TcpSegment;

/**
 * One captured TCP segment: the frame as captured, its capture time, and the fields the stream
 * rebuild needs. Decoding is splice-core's {@link TcpFrame#parse}; this class only adds where the
 * payload sits in the captured frame, so that consumers can copy it straight out of {@link #frame()}.
 *
 * <p>Checksums are reported, not enforced: on a host with TX checksum offload (loopback, for one) the
 * captured checksum is not yet filled in, so rejecting would lose good data; the stream rebuild
 * decides. Instances keep the captured array; nobody may change it.
 */
public final class MirroredSegment {

    private final long timestampNanos;
    private final byte[] frame;
    private final int wireLength;
    private final TcpFrame tcpFrame;
    private final int payloadOffset;

    private MirroredSegment(long timestampNanos, byte[] frame, int wireLength, TcpFrame tcpFrame,
            int payloadOffset) {
        this.timestampNanos = timestampNanos;
        this.frame = frame;
        this.wireLength = wireLength;
        this.tcpFrame = tcpFrame;
        this.payloadOffset = payloadOffset;
    }

    /**
     * Decodes an Ethernet/IPv4/TCP frame.
     *
     * @param timestampNanos capture time
     * @param frame          the captured frame (kept, not copied)
     * @param wireLength     the frame's length on the wire ({@code >= frame.length})
     * @throws MalformedPacketException naming the field if the frame is not an unfragmented IPv4 TCP
     *         segment or its lengths do not fit the captured bytes
     */
    public static MirroredSegment decode(long timestampNanos, byte[] frame, int wireLength)
            throws MalformedPacketException {
        Objects.requireNonNull(frame, "frame");
        TcpFrame f = TcpFrame.parse(frame, 0, frame.length);
        int payloadOffset = EthernetFrame.HEADER_LENGTH + f.ip().length() + f.tcp().headerLength();
        return new MirroredSegment(timestampNanos, frame, Math.max(wireLength, frame.length), f, payloadOffset);
    }

    public long timestampNanos() {
        return timestampNanos;
    }

    /** The captured frame; read it, never change it. */
    public byte[] frame() {
        return frame;
    }

    public int wireLength() {
        return wireLength;
    }

    /** The parsed frame, for what this class does not surface (options, window, MACs). */
    public TcpFrame tcpFrame() {
        return tcpFrame;
    }

    public TcpSegment tcp() {
        return tcpFrame.tcp();
    }

    public int srcIp() {
        return tcpFrame.ip().source().toInt();
    }

    public int dstIp() {
        return tcpFrame.ip().destination().toInt();
    }

    public int srcPort() {
        return tcpFrame.tcp().sourcePort();
    }

    public int dstPort() {
        return tcpFrame.tcp().destinationPort();
    }

    public int seq() {
        return tcpFrame.tcp().seq();
    }

    public int ack() {
        return tcpFrame.tcp().ack();
    }

    /** The TCP flag bits ({@link TcpSegment#SYN} and so on). */
    public int flags() {
        return tcpFrame.tcp().flags();
    }

    /** Whether every bit of {@code mask} is set, e.g. {@code has(TcpSegment.SYN | TcpSegment.ACK)}. */
    public boolean has(int mask) {
        return tcpFrame.tcp().has(mask);
    }

    /** Where the TCP payload starts in {@link #frame()}. */
    public int payloadOffset() {
        return payloadOffset;
    }

    public int payloadLength() {
        return tcpFrame.tcp().payloadLength();
    }

    public boolean checksumsValid() {
        return tcpFrame.checksumsValid();
    }

    /** The direction's 4-tuple. */
    public FlowKey flowKey() {
        return new FlowKey(srcIp(), srcPort(), dstIp(), dstPort());
    }

    @Override
    public String toString() {
        return tcpFrame + " @" + timestampNanos;
    }
}
