package org.resplice.spliceswitch.xdp;

/** A command on the XDP datapath failed; the message names the command and carries the tool's own words. */
public class XdpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public XdpException(String message) {
        super(message);
    }

    public XdpException(String message, Throwable cause) {
        super(message, cause);
    }
}
