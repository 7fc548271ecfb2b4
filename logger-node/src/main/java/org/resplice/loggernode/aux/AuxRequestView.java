package org.resplice.loggernode.aux;

import java.util.Base64;
import java.util.Objects;

/**
 * One logged aux request of a transaction as {@code GET /logger/aux?transaction=ID} lists it. A
 * class with getters rather than a record because the project's Jackson (2.11) cannot serialise
 * records. Immutable.
 */
public final class AuxRequestView {

    private final Integer sequence;
    private final String tag;
    private final String command;
    private final String request;
    private final String response;
    private final boolean complete;
    private final String incompleteReason;

    /** The view of one logged command. */
    public static AuxRequestView of(AuxCommand c) {
        Objects.requireNonNull(c, "command");
        return new AuxRequestView(c);
    }

    private AuxRequestView(AuxCommand c) {
        this.sequence = c.auxTag().filter(AuxTag::hasSequence).map(AuxTag::sequence).orElse(null);
        this.tag = c.tag();
        this.command = c.command();
        Base64.Encoder b64 = Base64.getEncoder();
        this.request = c.requestBytes() == null ? null : b64.encodeToString(c.requestBytes());
        this.response = c.responseBytes() == null ? null : b64.encodeToString(c.responseBytes());
        this.complete = c.isComplete();
        this.incompleteReason = c.incompleteReason();
    }

    /** The aux request's sequence number within its transaction; null if its tag has none. */
    public Integer getSequence() {
        return sequence;
    }

    /** The IMAP tag as sent. */
    public String getTag() {
        return tag;
    }

    /** The IMAP command name in upper case ("FETCH", "UID FETCH"). */
    public String getCommand() {
        return command;
    }

    /** The exact request bytes, base64; null if the request was not fully logged. */
    public String getRequest() {
        return request;
    }

    /** The exact response bytes, base64; null unless {@linkplain #isComplete() complete}. */
    public String getResponse() {
        return response;
    }

    /** Whether request and response were fully logged, so that a replay of it can be served. */
    public boolean isComplete() {
        return complete;
    }

    /** Why it is not complete; null when complete. */
    public String getIncompleteReason() {
        return incompleteReason;
    }
}
