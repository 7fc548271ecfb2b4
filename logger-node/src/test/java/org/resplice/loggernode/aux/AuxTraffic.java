package org.resplice.loggernode.aux;

import java.nio.charset.StandardCharsets;

import org.resplice.loggernode.capture.FlowKey;
import org.resplice.loggernode.capture.MirroredSegment;
import org.resplice.splicecore.Seq32;
import org.resplice.splicecore.packet.Ip4Address;
import org.resplice.splicecore.packet.Ipv4Header;
import org.resplice.splicecore.packet.MacAddress;
import org.resplice.splicecore.packet.MalformedPacketException;
import org.resplice.splicecore.packet.TcpFrame;
import org.resplice.splicecore.packet.TcpSegment;

/**
 * Builds the mirrored segments of one backend → aux server (IMAP) connection as real
 * Ethernet/IPv4/TCP frames, decoded back with {@link MirroredSegment#decode}. Keeps both sides'
 * next sequence numbers; every data segment acknowledges everything the other side has sent so far
 * (built, whether or not the test delivers it), as a real peer would once it got it.
 */
final class AuxTraffic {

    static final String BACKEND_IP = "10.0.0.11";
    static final String AUX_IP = "10.0.1.5";
    static final int AUX_PORT = 143;
    private static final MacAddress MAC_A = MacAddress.valueOf("02:00:00:00:00:0a");
    private static final MacAddress MAC_B = MacAddress.valueOf("02:00:00:00:00:0b");

    final int backendPort;
    final int backendIsn;
    final int auxIsn;
    private int backendNext;
    private int auxNext;

    AuxTraffic(int backendPort, int backendIsn, int auxIsn) {
        this.backendPort = backendPort;
        this.backendIsn = backendIsn;
        this.auxIsn = auxIsn;
        this.backendNext = Seq32.add(backendIsn, 1);
        this.auxNext = Seq32.add(auxIsn, 1);
    }

    /** The connection's key as the follower keys it: backend → aux server. */
    FlowKey key() {
        return new FlowKey(Ip4Address.valueOf(BACKEND_IP).toInt(), backendPort, Ip4Address.valueOf(AUX_IP).toInt(),
                AUX_PORT);
    }

    MirroredSegment syn() {
        return backend(backendIsn, 0, TcpSegment.SYN, "");
    }

    MirroredSegment synAck() {
        return aux(auxIsn, Seq32.add(backendIsn, 1), TcpSegment.SYN | TcpSegment.ACK, "");
    }

    /** The backend's ACK of everything the aux server sent (the handshake's third segment, too). */
    MirroredSegment backendAck() {
        return backend(backendNext, auxNext, TcpSegment.ACK, "");
    }

    /** Backend → aux server bytes (ISO-8859-1), acknowledging all aux bytes sent so far. */
    MirroredSegment fromBackend(String data) {
        MirroredSegment s = backend(backendNext, auxNext, TcpSegment.ACK | TcpSegment.PSH, data);
        backendNext = Seq32.add(backendNext, data.length());
        return s;
    }

    /** Aux server → backend bytes (ISO-8859-1), acknowledging all backend bytes sent so far. */
    MirroredSegment fromAux(String data) {
        MirroredSegment s = aux(auxNext, backendNext, TcpSegment.ACK | TcpSegment.PSH, data);
        auxNext = Seq32.add(auxNext, data.length());
        return s;
    }

    MirroredSegment backendFin() {
        MirroredSegment s = backend(backendNext, auxNext, TcpSegment.FIN | TcpSegment.ACK, "");
        backendNext = Seq32.add(backendNext, 1);
        return s;
    }

    MirroredSegment auxFin() {
        MirroredSegment s = aux(auxNext, backendNext, TcpSegment.FIN | TcpSegment.ACK, "");
        auxNext = Seq32.add(auxNext, 1);
        return s;
    }

    MirroredSegment auxRst() {
        return aux(auxNext, backendNext, TcpSegment.RST | TcpSegment.ACK, "");
    }

    private MirroredSegment backend(int seq, int ack, int flags, String data) {
        return segment(BACKEND_IP, backendPort, AUX_IP, AUX_PORT, seq, ack, flags, data);
    }

    private MirroredSegment aux(int seq, int ack, int flags, String data) {
        return segment(AUX_IP, AUX_PORT, BACKEND_IP, backendPort, seq, ack, flags, data);
    }

    static MirroredSegment segment(String srcIp, int srcPort, String dstIp, int dstPort, int seq, int ack,
            int flags, String data) {
        Ipv4Header ip = Ipv4Header.builder().source(Ip4Address.valueOf(srcIp)).destination(Ip4Address.valueOf(dstIp))
                .build();
        TcpSegment tcp = TcpSegment.builder().sourcePort(srcPort).destinationPort(dstPort).seq(seq).ack(ack)
                .flags(flags).window(65535).payload(data.getBytes(StandardCharsets.ISO_8859_1)).build();
        byte[] frame = TcpFrame.of(MAC_B, MAC_A, ip, tcp).toBytes();
        try {
            return MirroredSegment.decode(0, frame, frame.length);
        } catch (MalformedPacketException e) {
            throw new AssertionError("test frame does not decode", e);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
