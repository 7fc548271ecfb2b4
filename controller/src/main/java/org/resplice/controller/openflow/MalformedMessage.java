package org.resplice.controller.openflow;

import org.projectfloodlight.openflow.protocol.OFBadRequestCode;

/**
 * Inbound bytes that could not be turned into a message: what the decoders hand to
 * {@link MalformedMessageHandler} instead of an OFMessage.
 *
 * @param code   the BAD_REQUEST code to answer with
 * @param xid    the xid of the bad message, or 0 if it had none
 * @param head   the first (at most {@link #MAX_ECHOED_BYTES}) bytes of the bad message
 * @param fatal  true when the byte stream cannot be resynchronised, so the connection must close
 * @param reason a human-readable explanation for the log
 */
record MalformedMessage(OFBadRequestCode code, long xid, byte[] head, boolean fatal, String reason) {

    /** OpenFlow asks for at least 64 bytes of the offending request in an error. */
    static final int MAX_ECHOED_BYTES = 64;
}
