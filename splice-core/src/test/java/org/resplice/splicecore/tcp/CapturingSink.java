package org.resplice.splicecore.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.resplice.splicecore.packet.EthernetFrame;
import org.resplice.splicecore.packet.MalformedPacketException;
import org.resplice.splicecore.packet.TcpFrame;

/**
 * Collects emitted frames. Every frame must parse as Ethernet/IPv4/TCP with both checksums correct,
 * and must re-encode to the same bytes.
 */
final class CapturingSink implements FrameSink {

    final List<TcpFrame> frames = new ArrayList<>();
    int taken;

    @Override
    public void emit(byte[] frame) {
        TcpFrame f;
        try {
            f = TcpFrame.parse(frame);
            assertEquals(EthernetFrame.TYPE_IPV4, EthernetFrame.parse(frame).etherType());
        } catch (MalformedPacketException e) {
            throw new AssertionError("emitted a malformed frame", e);
        }
        assertTrue(f.ipChecksumValid(), "IPv4 checksum of " + f);
        assertTrue(f.tcpChecksumValid(), "TCP checksum of " + f);
        assertEquals(frame.length, f.length());
        frames.add(f);
    }

    /** Frames emitted since the last call. */
    List<TcpFrame> take() {
        List<TcpFrame> l = new ArrayList<>(frames.subList(taken, frames.size()));
        taken = frames.size();
        return l;
    }

    /** The single frame emitted since the last call. */
    TcpFrame takeOne() {
        List<TcpFrame> l = take();
        assertEquals(1, l.size(), "expected one frame, got " + l);
        return l.get(0);
    }

    void assertNothing() {
        List<TcpFrame> l = take();
        assertTrue(l.isEmpty(), "expected no frame, got " + l);
    }
}
