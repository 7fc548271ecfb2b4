package org.resplice.loggernode.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.resplice.loggernode.stream.RecordingStream.bytes;
import static org.resplice.splicecore.packet.TcpSegment.ACK;
import static org.resplice.splicecore.packet.TcpSegment.FIN;
import static org.resplice.splicecore.packet.TcpSegment.PSH;
import static org.resplice.splicecore.packet.TcpSegment.RST;
import static org.resplice.splicecore.packet.TcpSegment.SYN;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.resplice.splicecore.Seq32;

class SplicedConnectionTrackerTest {

    /** The client's ISN sits just below the wrap, so its stream crosses it at once. */
    static final int CLIENT_ISN = -2;
    static final int BACKEND_ISN = 0x4000_0000;

    final RecordingSink sink = new RecordingSink();
    final SplicedConnectionTracker t =
            new SplicedConnectionTracker(CLIENT_ISN, BACKEND_ISN, sink, ReassemblyLimits.defaults());

    static int clientSeq(long offset) {
        return Seq32.add(CLIENT_ISN, 1 + offset);
    }

    static int serverSeq(long offset) {
        return Seq32.add(BACKEND_ISN, 1 + offset);
    }

    /** The client sends {@code data} at client offset {@code at}, acknowledging server offset {@code ack}. */
    void client(long at, long ack, int flags, String data) {
        byte[] b = bytes(data);
        t.clientSegment(clientSeq(at), serverSeq(ack), flags, b, 0, b.length);
    }

    void server(long at, long ack, int flags, String data) {
        byte[] b = bytes(data);
        t.serverSegment(serverSeq(at), clientSeq(ack), flags, b, 0, b.length);
    }

    void handshake() {
        t.clientSegment(CLIENT_ISN, 0, SYN, new byte[0], 0, 0);
        t.serverSegment(BACKEND_ISN, clientSeq(0), SYN | ACK, new byte[0], 0, 0);
        client(0, 0, ACK, "");
    }

    @Test
    void aRequestAndResponseWithCloseAreReportedInCaptureOrder() {
        handshake();
        t.clientSegment(CLIENT_ISN, 0, SYN, new byte[0], 0, 0); // a SYN retransmit
        client(0, 0, ACK | PSH, "GET /");
        server(0, 5, ACK | PSH, "200 OK");
        client(5, 6, ACK | FIN, "");
        server(6, 6, ACK | FIN, "");
        client(6, 7, ACK, ""); // acknowledges the server's FIN
        assertEquals(List.of(
                "client data 0 \"GET /\"",
                "server ack 5",
                "server data 0 \"200 OK\"",
                "client ack 6",
                "client fin 5",
                "server fin 6"), sink.events);
        assertEquals(6, t.ackedByClient());
        assertEquals(5, t.ackedByServer());
        assertEquals(6, t.clientCounters().segments());
        assertEquals(3, t.serverCounters().segments());
        assertEquals(0, t.clientCounters().bogusAcks() + t.serverCounters().bogusAcks());
    }

    @Test
    void bytesTheServerAcknowledgedButTheCaptureMissedAreAGapBeforeTheAck() {
        handshake();
        client(0, 0, ACK, "abc");
        // "def" at 3 was lost by the capture; the server got it.
        server(0, 6, ACK, "");
        client(6, 0, ACK, "ghi");
        assertEquals(List.of(
                "client data 0 \"abc\"",
                "client gap 3 6",
                "server ack 6",
                "client data 6 \"ghi\""), sink.events);
        assertEquals(1, t.clientCounters().gaps());
        assertEquals(3, t.clientCounters().gapBytes());
    }

    @Test
    void anAckOnlyCoversTheHoleUpToTheFirstHeldSegment() {
        handshake();
        server(4, 0, ACK, "efgh");
        client(0, 2, ACK, "");
        assertEquals(List.of("server gap 0 2", "client ack 2"), sink.events);
        client(0, 8, ACK, "");
        assertEquals(List.of("server gap 0 2", "client ack 2", "server gap 2 4", "server data 4 \"efgh\"",
                "client ack 8"), sink.events);
    }

    @Test
    void implausibleAcksAreCountedAndIgnored() {
        handshake();
        client(0, 0, ACK, "abc");
        server(0, 3 + (1L << 30) + 1, ACK, ""); // far beyond anything sent
        server(0, -1, ACK, ""); // the client's SYN itself, after the handshake
        assertEquals(2, t.clientCounters().bogusAcks());
        client(3, 0, ACK | FIN, "");
        server(0, 5, ACK, ""); // beyond the FIN's sequence number
        assertEquals(3, t.clientCounters().bogusAcks());
        server(0, 4, ACK, ""); // the ACK of the FIN: the stream's 3 bytes
        assertEquals(List.of("client data 0 \"abc\"", "client fin 3", "server ack 3"), sink.events);
    }

    @Test
    void anAckThatDoesNotGrowIsNotReported() {
        handshake();
        client(0, 0, ACK, "abcdef");
        server(0, 4, ACK, "");
        server(0, 2, ACK, ""); // reordered
        server(0, 4, ACK, ""); // repeated
        server(0, 6, ACK, "");
        assertEquals(List.of(4L, 6L), sink.serverAcks);
    }

    @Test
    void aResetIsReportedOncePerSideAndCarriesNoData() {
        handshake();
        client(0, 0, ACK, "abc");
        server(0, 100, RST | ACK, "connection reset");
        server(0, 100, RST | ACK, "connection reset"); // the mirror's second copy
        client(3, 0, RST, "");
        assertEquals(List.of("client data 0 \"abc\"", "reset by server", "reset by client"), sink.events);
        assertEquals(0, t.serverCounters().bytesDelivered());
        assertEquals(0, t.clientCounters().bogusAcks());
        assertEquals(3, t.serverCounters().segments());
    }

    @Test
    void dataOnTheSynStartsAtOffsetZero() {
        byte[] b = bytes("fast open");
        t.clientSegment(CLIENT_ISN, 0, SYN, b, 0, b.length);
        t.clientSegment(CLIENT_ISN, 0, SYN, b, 0, b.length);
        assertEquals(List.of("client data 0 \"fast open\""), sink.events);
        assertEquals(1, t.clientCounters().duplicates());
    }

    @Test
    void aSynAtAnotherSequenceNumberIsNotThisConnection() {
        handshake();
        t.clientSegment(12345, 0, SYN, bytes("x"), 0, 1);
        assertEquals(1, t.clientCounters().implausibleSegments());
        assertEquals(List.of(), sink.events);
    }

    @Test
    void flushGivesUpOnTheHolesOfBothDirections() {
        handshake();
        client(2, 0, ACK, "cd");
        server(3, 0, ACK | FIN, "d");
        t.flush();
        assertEquals(List.of("client gap 0 2", "client data 2 \"cd\"", "server gap 0 3", "server data 3 \"d\"",
                "server fin 4"), sink.events);
    }

    @Test
    void theClientsAckOfServerBytesIsReportedAsAckCl() {
        handshake();
        server(0, 0, ACK, "0123456789");
        client(0, 4, ACK, "");
        client(0, 10, ACK, "");
        assertEquals(List.of(4L, 10L), sink.clientAcks);
        assertEquals(10, t.ackedByClient());
    }
}
