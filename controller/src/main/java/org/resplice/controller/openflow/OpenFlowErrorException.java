package org.resplice.controller.openflow;

import java.util.Objects;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;

/** A switch answered a request with OFPT_ERROR. */
public class OpenFlowErrorException extends RuntimeException {

    private final transient OFErrorMsg error;

    public OpenFlowErrorException(OFErrorMsg error) {
        super("switch answered xid " + Objects.requireNonNull(error, "error").getXid() + " with " + describe(error));
        this.error = error;
    }

    public OFErrorMsg error() {
        return error;
    }

    /**
     * A one-line description of an error message that never throws. (OpenFlowJ's own
     * {@code toString()} of an error parses the echoed request and throws when that request is
     * truncated, which switches routinely do.)
     */
    public static String describe(OFErrorMsg error) {
        String code = "?";
        int dataLength = -1;
        ByteBuf buf = Unpooled.buffer();
        try {
            error.writeTo(buf);
            // ofp_error_msg: header(8), type u16, code u16, data
            code = Integer.toString(buf.getUnsignedShort(10));
            dataLength = buf.readableBytes() - 12;
        } catch (RuntimeException e) {
            // keep the defaults
        } finally {
            buf.release();
        }
        return "ERROR " + error.getErrType() + " code " + code + " (xid " + error.getXid() + ", "
                + dataLength + " bytes of the request)";
    }
}
