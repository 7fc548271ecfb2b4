package org.resplice.controller.openflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.projectfloodlight.openflow.protocol.OFCapabilities;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesRequest;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFPortFeatures;
import org.projectfloodlight.openflow.protocol.OFSetConfig;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFAuxId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U32;

/**
 * A switch made of a plain blocking socket: the test writes and reads OpenFlow bytes itself
 * (encoded and decoded by OpenFlowJ, independently of the server's pipeline). Every read is
 * bounded by a deadline.
 */
final class FakeSwitch implements AutoCloseable {

    static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    static final Duration WAIT = Duration.ofSeconds(5);

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    /** Messages skipped while waiting for another type, for diagnostics. */
    final List<OFMessage> skipped = new ArrayList<>();
    /** Whether expect() answers the controller's ECHO_REQUESTs it skips over. */
    boolean answerEchoes = true;

    FakeSwitch(InetSocketAddress server) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(server, (int) WAIT.toMillis());
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    static OFPortDesc port(int number, String name) {
        return OF13.buildPortDesc()
                .setPortNo(OFPort.of(number))
                .setHwAddr(MacAddress.of(0x020000000000L + number))
                .setName(name)
                .setConfig(Set.of())
                .setState(Set.of())
                .setCurr(EnumSet.of(OFPortFeatures.PF_1GB_FD, OFPortFeatures.PF_COPPER))
                .setAdvertised(Set.of())
                .setSupported(Set.of())
                .setPeer(Set.of())
                .setCurrSpeed(1_000_000)
                .setMaxSpeed(1_000_000)
                .build();
    }

    /** Plays the switch side of the handshake; returns the SET_CONFIG the controller sent. */
    OFSetConfig handshake(DatapathId dpid, List<OFPortDesc> ports) throws IOException {
        OFHello hello = expect(OFHello.class);
        assertTrue(hello.getElements().size() >= 1, "controller HELLO carries a version bitmap");
        return handshakeAfterHello(dpid, ports);
    }

    /** The handshake from the switch's own HELLO on, for a test that already read the controller's. */
    OFSetConfig handshakeAfterHello(DatapathId dpid, List<OFPortDesc> ports) throws IOException {
        send(OF13.buildHello()
                .setElements(List.of(OF13.helloElemVersionbitmap(List.of(U32.of(1 << 4)))))
                .build());
        OFFeaturesRequest features = expect(OFFeaturesRequest.class);
        send(OF13.buildFeaturesReply()
                .setXid(features.getXid())
                .setDatapathId(dpid)
                .setNBuffers(0)
                .setNTables((short) 254)
                .setAuxiliaryId(OFAuxId.MAIN)
                .setCapabilities(EnumSet.of(OFCapabilities.FLOW_STATS, OFCapabilities.PORT_STATS))
                .setReserved(0)
                .build());
        OFSetConfig setConfig = expect(OFSetConfig.class);
        OFPortDescStatsRequest portDesc = expect(OFPortDescStatsRequest.class);
        // Two parts when there are several ports, to exercise REPLY_MORE.
        int split = ports.size() / 2;
        if (split > 0) {
            send(OF13.buildPortDescStatsReply().setXid(portDesc.getXid())
                    .setFlags(EnumSet.of(OFStatsReplyFlags.REPLY_MORE))
                    .setEntries(ports.subList(0, split)).build());
        }
        send(OF13.buildPortDescStatsReply().setXid(portDesc.getXid())
                .setFlags(Set.of())
                .setEntries(ports.subList(split, ports.size())).build());
        return setConfig;
    }

    int localPort() {
        return socket.getLocalPort();
    }

    void send(OFMessage msg) throws IOException {
        sendRaw(bytes(msg));
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    static byte[] bytes(OFMessage msg) {
        ByteBuf buf = Unpooled.buffer();
        msg.writeTo(buf);
        return ByteBufUtil.getBytes(buf);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] all = new byte[n];
        int pos = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, pos, p.length);
            pos += p.length;
        }
        return all;
    }

    /** Reads the next message from the controller, waiting at most {@link #WAIT}. */
    OFMessage read() throws IOException {
        return read(WAIT);
    }

    OFMessage read(Duration timeout) throws IOException {
        byte[] frame = readFrame(timeout);
        try {
            OFMessage msg = OFFactories.getGenericReader().readFrom(Unpooled.wrappedBuffer(frame));
            if (msg == null) {
                fail("controller sent an unparsable frame: " + ByteBufUtil.hexDump(frame));
            }
            return msg;
        } catch (Exception e) {
            throw new AssertionError("controller sent an unparsable frame: " + ByteBufUtil.hexDump(frame), e);
        }
    }

    private byte[] readFrame(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        byte[] header = new byte[8];
        in.readFully(header);
        int length = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
        assertTrue(length >= 8, "controller sent length " + length);
        byte[] frame = new byte[length];
        System.arraycopy(header, 0, frame, 0, 8);
        in.readFully(frame, 8, length - 8);
        return frame;
    }

    /** Reads until a message of {@code type} arrives (within {@link #WAIT}), skipping others. */
    <T extends OFMessage> T expect(Class<T> type) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("no " + type.getSimpleName() + " within " + WAIT + "; skipped " + skipped);
            }
            OFMessage msg;
            try {
                msg = read(Duration.ofNanos(left));
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no " + type.getSimpleName() + " within " + WAIT + "; skipped " + skipped, e);
            }
            if (type.isInstance(msg)) {
                return type.cast(msg);
            }
            skipped.add(msg);
            if (answerEchoes && msg instanceof OFEchoRequest echo) {
                send(OF13.buildEchoReply().setXid(echo.getXid()).setData(echo.getData()).build());
            }
        }
    }

    /** Waits (within {@code timeout}) for the controller to close the connection, skipping messages. */
    void expectClosed(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("controller did not close the connection within " + timeout);
            }
            try {
                skipped.add(read(Duration.ofNanos(left)));
            } catch (EOFException | SocketException e) {
                return; // closed (FIN or RST)
            } catch (SocketTimeoutException e) {
                fail("controller did not close the connection within " + timeout);
            }
        }
    }

    /** Round trip proving the connection is still served: an echo answered with our xid and data. */
    void assertAlive(long xid) throws IOException {
        byte[] data = {1, 2, 3, (byte) xid};
        send(OF13.buildEchoRequest().setXid(xid).setData(data).build());
        OFEchoReply reply;
        do {
            reply = expect(OFEchoReply.class); // bounded by WAIT
        } while (reply.getXid() != xid);
        assertArrayEquals(data, reply.getData());
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
