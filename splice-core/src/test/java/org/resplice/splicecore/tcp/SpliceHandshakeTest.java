package org.resplice.splicecore.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.resplice.splicecore.Seq32;
import org.resplice.splicecore.packet.TcpFrame;
import org.resplice.splicecore.packet.TcpOption;
import org.resplice.splicecore.packet.TcpOptions;
import org.resplice.splicecore.packet.TcpSegment;

/** DESIGN §4.1 end to end, with the controller's part played by the test. */
class SpliceHandshakeTest {

    static final TcpAddress CLIENT = TcpListenerTest.CLIENT;
    static final TcpAddress VIP = TcpListenerTest.VIP;
    static final TcpAddress PROXY = ActiveConnectionTest.PROXY;
    static final TcpAddress BACKEND = ActiveConnectionTest.BACKEND;

    final FakeClock clock = new FakeClock(42);
    final CapturingSink toClient = new CapturingSink();
    final CapturingSink toBackend = new CapturingSink();
    final List<String> log = new ArrayList<>();
    ActiveConnection backendConn;
    PassiveConnection clientConn;
    int offset;

    @Test
    void clientRequestIsSplicedWithoutSequenceOffset() {
        int cisn = 0xFFFFFF00;
        TcpListener listener = new TcpListener(TcpListener.config(VIP).mss(1460).windowScale(7).build(),
                new SynCookies(SynCookiesTest.SECRET, clock), toClient, new TcpListener.Handler() {
                    @Override
                    public void dataReceived(PassiveConnection c) {
                        String head = new String(c.receivedBytes(), StandardCharsets.ISO_8859_1);
                        if (backendConn == null && head.contains("\r\n\r\n")) {
                            clientConn = c;
                            startBackend(c);
                        }
                    }
                });
        listener.receive(Segments.frame(CLIENT, VIP, cisn, 0, TcpSegment.SYN, 64240,
                TcpListenerTest.linuxSyn(1460, 7), new byte[0]));
        int p = toClient.takeOne().tcp().seq();
        byte[] req = ("GET /inbox HTTP/1.1\r\nHost: mail\r\nCookie: s=" + "x".repeat(2500) + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        // Second segment first, then the first; the pure ACK is lost.
        listener.receive(Segments.frame(CLIENT, VIP, cisn + 1, p + 1, TcpSegment.ACK, 502, TcpOptions.NONE,
                Arrays.copyOf(req, 1448)));
        listener.receive(Segments.frame(CLIENT, VIP, cisn + 1 + 1448, p + 1, TcpSegment.ACK | TcpSegment.PSH, 502,
                TcpOptions.NONE, Arrays.copyOfRange(req, 1448, req.length)));
        toClient.assertNothing(); // the request is not acknowledged by the controller

        TcpFrame syn = toBackend.takeOne();
        assertEquals(cisn, syn.tcp().seq(), "backend ISN = client ISN");
        assertEquals(TcpOptions.of(TcpOption.mss(1460), TcpOption.nop(), TcpOption.nop(), TcpOption.sackPermitted(),
                TcpOption.nop(), TcpOption.windowScale(7)), syn.tcp().options(), "the client's options");

        int b = 0x00000100;
        backendConn.receive(Segments.frame(BACKEND, PROXY, b, cisn + 1, TcpSegment.SYN | TcpSegment.ACK, 65160,
                TcpListenerTest.linuxSyn(1460, 7), new byte[0]));
        assertEquals(List.of("flows installed, d=" + Seq32.toString(p - b)), log);
        assertEquals(p, Seq32.add(b, offset), "backend seq + d = the client's view");
        toBackend.assertNothing();
        backendConn.completeHandshake();
        List<TcpFrame> out = toBackend.take();
        assertEquals(TcpSegment.ACK, out.get(0).tcp().flags());
        assertEquals(b + 1, out.get(0).tcp().ack());
        // The request reaches the backend at the client's own sequence numbers.
        int expect = cisn + 1;
        for (TcpFrame f : out.subList(1, out.size())) {
            assertEquals(expect, f.tcp().seq());
            assertTrue(f.tcp().payloadLength() <= 1460);
            expect += f.tcp().payloadLength();
        }
        assertEquals(cisn + 1 + req.length, expect);
        assertArrayEquals(req, clientConn.receivedBytes());
        listener.remove(clientConn);
        assertTrue(listener.connections().isEmpty());
    }

    private void startBackend(PassiveConnection c) {
        backendConn = new ActiveConnection(
                ActiveConnection.config(PROXY, BACKEND, c.clientIsn(), c.clientOptions())
                        .receiveWindow(c.peerWindow()).deferHandshakeAck(true).initialRtoNanos(200_000_000L).build(),
                clock, toBackend, new ActiveConnection.Handler() {
                    @Override
                    public void synAckReceived(ActiveConnection a) {
                        offset = c.localIsn() - a.peerIsn(); // d = p - b
                        log.add("flows installed, d=" + Seq32.toString(offset));
                    }
                });
        backendConn.send(c.receivedBytes());
        backendConn.open();
    }
}
