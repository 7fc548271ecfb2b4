package org.resplice.controller.openflow;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFBadRequestCode;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMessageReader;
import org.projectfloodlight.openflow.protocol.OFVersion;

/**
 * Turns one frame into an {@link OFMessage} (OpenFlow 1.3), a {@link PeerHello} (HELLO of any
 * version), or a {@link MalformedMessage} when the frame has the wrong version, a type a switch
 * never sends, or a body OpenFlowJ cannot parse. Never throws: one bad frame costs only itself.
 */
final class OFMessageDecoder extends MessageToMessageDecoder<ByteBuf> {

    static final int OF13 = OFVersion.OF_13.getWireVersion();

    private static final OFMessageReader<OFMessage> READER = OFFactories.getFactory(OFVersion.OF_13).getReader();

    private static final int T_HELLO = 0;
    private static final int T_EXPERIMENTER = 4;
    private static final int T_MULTIPART_REPLY = 19;

    /** OpenFlow 1.3 message types a switch may send, indexed by type byte. */
    private static final boolean[] FROM_SWITCH = new boolean[256];

    static {
        for (int t : new int[] {
            0,  // HELLO
            1,  // ERROR
            2,  // ECHO_REQUEST
            3,  // ECHO_REPLY
            4,  // EXPERIMENTER
            6,  // FEATURES_REPLY
            8,  // GET_CONFIG_REPLY
            10, // PACKET_IN
            11, // FLOW_REMOVED
            12, // PORT_STATUS
            19, // MULTIPART_REPLY
            21, // BARRIER_REPLY
            23, // QUEUE_GET_CONFIG_REPLY
            25, // ROLE_REPLY
            27, // GET_ASYNC_REPLY
        }) {
            FROM_SWITCH[t] = true;
        }
    }

    private static final int LAST_OF13_TYPE = 29; // METER_MOD

    private final OpenFlowCounters counters;

    OFMessageDecoder(OpenFlowCounters counters) {
        this.counters = counters;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        int start = frame.readerIndex();
        int version = frame.getUnsignedByte(start);
        int type = frame.getUnsignedByte(start + 1);
        long xid = frame.getUnsignedInt(start + 4);

        if (type == T_HELLO) {
            try {
                out.add(PeerHello.parse(frame));
                counters.messagesIn.increment();
            } catch (RuntimeException e) {
                out.add(malformed(frame, start, xid, OFBadRequestCode.BAD_LEN, "bad HELLO: " + e.getMessage()));
            }
            return;
        }
        if (version != OF13) {
            out.add(malformed(frame, start, xid, OFBadRequestCode.BAD_VERSION,
                    "version " + version + " (type " + type + ") on an OpenFlow 1.3 connection"));
            return;
        }
        if (!FROM_SWITCH[type]) {
            String what = type > LAST_OF13_TYPE ? "unknown message type " : "message type a switch never sends: ";
            out.add(malformed(frame, start, xid, OFBadRequestCode.BAD_TYPE, what + type));
            return;
        }
        OFMessage msg;
        try {
            msg = READER.readFrom(frame);
        } catch (OFParseError e) {
            out.add(malformed(frame, start, xid, codeFor(type, e), "unparsable type " + type + ": " + e.getMessage()));
            return;
        } catch (RuntimeException e) {
            // OpenFlowJ runs past the end of the frame (IndexOutOfBounds) or gets a null nested
            // structure (NullPointerException) when an inner length field claims more than the frame has.
            out.add(malformed(frame, start, xid, codeFor(type, e), "unparsable type " + type + ": " + e));
            return;
        }
        if (msg == null) {
            out.add(malformed(frame, start, xid, OFBadRequestCode.BAD_LEN,
                    "type " + type + " is shorter than its contents declare"));
            return;
        }
        counters.messagesIn.increment();
        out.add(msg);
    }

    private static OFBadRequestCode codeFor(int type, Exception e) {
        if (e instanceof IndexOutOfBoundsException || e instanceof NullPointerException) {
            return OFBadRequestCode.BAD_LEN;
        }
        String text = String.valueOf(e.getMessage()).toLowerCase();
        if (text.contains("length")) {
            return OFBadRequestCode.BAD_LEN;
        }
        if (type == T_MULTIPART_REPLY) {
            return OFBadRequestCode.BAD_STAT;
        }
        if (type == T_EXPERIMENTER) {
            return OFBadRequestCode.BAD_EXPERIMENTER;
        }
        return OFBadRequestCode.BAD_TYPE;
    }

    private static MalformedMessage malformed(ByteBuf frame, int start, long xid, OFBadRequestCode code,
                                              String reason) {
        int length = frame.writerIndex() - start;
        byte[] head = ByteBufUtil.getBytes(frame, start, Math.min(length, MalformedMessage.MAX_ECHOED_BYTES));
        frame.readerIndex(frame.writerIndex());
        return new MalformedMessage(code, xid, head, false, reason);
    }
}
