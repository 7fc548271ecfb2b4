package org.resplice.splicecore.imap;

import java.util.Objects;
import org.resplice.splicecore.txn.Protocol;
import org.resplice.splicecore.txn.RequestSummary;

/**
 * An IMAP request as the tagger sees it: the command's tag and its name (one word, or two for
 * {@code UID} commands: "UID FETCH"), in upper case. Two pseudo-requests have no command: the
 * server's greeting and untagged data that no command explains (see {@link ImapFramer}).
 * Immutable.
 */
public final class ImapRequestSummary implements RequestSummary {

    /** What started the transaction. */
    public enum Kind {
        /** A client command. */
        COMMAND,
        /** The server's greeting ({@code * OK}, {@code * PREAUTH}, {@code * BYE}); always ordinal 0. */
        GREETING,
        /** Untagged server data that arrived when no command was outstanding and none followed. */
        UNSOLICITED
    }

    private static final ImapRequestSummary GREETING = new ImapRequestSummary(Kind.GREETING, null, "");
    private static final ImapRequestSummary UNSOLICITED = new ImapRequestSummary(Kind.UNSOLICITED, null, "");

    private final Kind kind;
    private final String tag;
    private final String command;

    private ImapRequestSummary(Kind kind, String tag, String command) {
        this.kind = kind;
        this.tag = tag;
        this.command = command;
    }

    /** A client command: {@code command("a001", "UID FETCH")}. */
    public static ImapRequestSummary command(String tag, String command) {
        return new ImapRequestSummary(Kind.COMMAND, Objects.requireNonNull(tag, "tag"),
                Objects.requireNonNull(command, "command"));
    }

    public static ImapRequestSummary greeting() {
        return GREETING;
    }

    public static ImapRequestSummary unsolicited() {
        return UNSOLICITED;
    }

    @Override
    public Protocol protocol() {
        return Protocol.IMAP;
    }

    @Override
    public boolean serverInitiated() {
        return kind != Kind.COMMAND;
    }

    public Kind kind() {
        return kind;
    }

    /** The command's tag as sent (case-sensitive), or null for a pseudo-request. */
    public String tag() {
        return tag;
    }

    /** The command name in upper case, words separated by one space ("UID FETCH"); "" for a pseudo-request. */
    public String command() {
        return command;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ImapRequestSummary)) {
            return false;
        }
        ImapRequestSummary other = (ImapRequestSummary) o;
        return kind == other.kind && Objects.equals(tag, other.tag) && command.equals(other.command);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, tag, command);
    }

    @Override
    public String toString() {
        return kind == Kind.COMMAND ? tag + " " + command : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
