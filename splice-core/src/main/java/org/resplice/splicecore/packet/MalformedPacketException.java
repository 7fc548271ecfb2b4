package org.resplice.splicecore.packet;

/**
 * A frame that cannot be parsed: too short for a header, a length field that points outside the
 * buffer, a bad option length, or a packet this codec does not handle for TCP (not IPv4, not TCP,
 * an IPv4 fragment). {@link #field()} names the offending field, e.g. {@code "ipv4.totalLength"}.
 */
public final class MalformedPacketException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String field;

    public MalformedPacketException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The field that made the packet unacceptable, as {@code layer.field}. */
    public String field() {
        return field;
    }
}
