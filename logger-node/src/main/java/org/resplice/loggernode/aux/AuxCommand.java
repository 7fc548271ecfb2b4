package org.resplice.loggernode.aux;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

import org.resplice.loggernode.capture.FlowKey;

/**
 * One IMAP command a backend sent to the aux server, as the aux logger saw it: the tag, the exact
 * request bytes (command line with its literals) and, when the whole exchange was captured, the
 * exact response bytes (the untagged data and continuation requests the server attributed to it,
 * then its tagged completion line). Immutable; accessors return copies.
 *
 * <p>A command is {@linkplain #isComplete() complete} only if both its request and its response
 * were captured without loss and can be told apart from other commands' responses; an incomplete
 * command says {@linkplain #incompleteReason() why} and is never served.
 */
public final class AuxCommand {

    private final FlowKey connection;
    private final int ordinal;
    private final String tag;
    private final String command;
    private final AuxTag auxTag;
    private final byte[] request;
    private final byte[] response;
    private final String incompleteReason;

    private AuxCommand(FlowKey connection, int ordinal, String tag, String command, byte[] request,
            byte[] response, String incompleteReason) {
        this.connection = Objects.requireNonNull(connection, "connection");
        if (ordinal < 1) {
            throw new IllegalArgumentException("ordinal must be at least 1 (0 is the greeting), not " + ordinal);
        }
        this.ordinal = ordinal;
        this.tag = Objects.requireNonNull(tag, "tag");
        this.command = Objects.requireNonNull(command, "command");
        this.auxTag = AuxTag.parse(tag).orElse(null);
        this.request = request == null ? null : request.clone();
        this.response = response == null ? null : response.clone();
        this.incompleteReason = incompleteReason;
    }

    /**
     * A command whose request and response were both fully logged.
     *
     * @param connection the aux connection, backend → aux server
     * @param ordinal    the command's ordinal on the connection (1, 2, …; the IMAP framer's)
     * @param tag        the command's tag as sent
     * @param command    the command name in upper case ("FETCH", "UID FETCH")
     * @param request    the exact request bytes
     * @param response   the exact response bytes
     */
    public static AuxCommand complete(FlowKey connection, int ordinal, String tag, String command, byte[] request,
            byte[] response) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
        return new AuxCommand(connection, ordinal, tag, command, request, response, null);
    }

    /**
     * A command that cannot be served.
     *
     * @param request the exact request bytes if the request was fully logged, else null
     * @param reason  why it is incomplete, for the operator
     */
    public static AuxCommand incomplete(FlowKey connection, int ordinal, String tag, String command, byte[] request,
            String reason) {
        Objects.requireNonNull(reason, "reason");
        return new AuxCommand(connection, ordinal, tag, command, request, null, reason);
    }

    /** The aux connection, in the backend → aux server direction. */
    public FlowKey connection() {
        return connection;
    }

    /** Ordinal of the command on its aux connection: 1, 2, … */
    public int ordinal() {
        return ordinal;
    }

    /** The tag as sent. */
    public String tag() {
        return tag;
    }

    /** The command name in upper case ("LOGIN", "UID FETCH"). */
    public String command() {
        return command;
    }

    /** The parsed tag, or empty if the tag does not follow the {@link AuxTag} convention. */
    public Optional<AuxTag> auxTag() {
        return Optional.ofNullable(auxTag);
    }

    public boolean isComplete() {
        return incompleteReason == null;
    }

    /** Why the command cannot be served, or null if it is complete. */
    public String incompleteReason() {
        return incompleteReason;
    }

    /** A copy of the request bytes, or empty if the request was not fully logged. */
    public Optional<byte[]> request() {
        return Optional.ofNullable(request).map(byte[]::clone);
    }

    /** A copy of the response bytes, or empty if the command is incomplete. */
    public Optional<byte[]> response() {
        return Optional.ofNullable(response).map(byte[]::clone);
    }

    /** Bytes held: the request and response, for the cache's memory bound. */
    int payloadBytes() {
        return (request == null ? 0 : request.length) + (response == null ? 0 : response.length);
    }

    /** The request without copying; callers must not change it. Null if not logged. */
    byte[] requestBytes() {
        return request;
    }

    /** The response without copying; callers must not change it. Null if incomplete. */
    byte[] responseBytes() {
        return response;
    }

    /** For example {@code #3 rs0a00000104000003.2 FETCH complete req 34 B resp 210 B}. */
    @Override
    public String toString() {
        return "#" + ordinal + " " + printable(tag) + " " + command + (isComplete() ? " complete" : " incomplete ("
                + incompleteReason + ")") + " req " + (request == null ? "?" : request.length + " B") + " resp "
                + (response == null ? "?" : response.length + " B");
    }

    private static String printable(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < b.length && i < 64; i++) {
            int c = b[i] & 0xFF;
            sb.append(c >= 0x20 && c < 0x7F ? Character.toString(c) : String.format("\\x%02X", c));
        }
        return sb.toString();
    }
}
