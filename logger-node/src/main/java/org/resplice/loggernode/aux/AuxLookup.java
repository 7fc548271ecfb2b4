package org.resplice.loggernode.aux;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a replayed transaction's aux request ({@link AuxCache#lookup}): the logged response
 * to hand back, or why there is none. Immutable; {@link #response()} returns a copy.
 */
public final class AuxLookup {

    /** What the lookup found. */
    public enum Outcome {
        /** The same request was logged with its full response: serve it. */
        SERVED,
        /** No request with this tag is in the log (never sent, not captured, or evicted). */
        NOT_LOGGED,
        /** The request was logged, but not its full response (capture loss, connection end, …). */
        INCOMPLETE,
        /** The transaction sent several commands with this tag (no sequence number): which one is unknown. */
        AMBIGUOUS,
        /**
         * A command with the same tag was logged, with different bytes: the replay diverged from
         * the original run (unforeseen non-determinism).
         */
        MISMATCH,
        /** The request's tag does not follow the {@link AuxTag} convention or names another transaction. */
        INVALID_REQUEST
    }

    private final Outcome outcome;
    private final byte[] response;
    private final String reason;

    private AuxLookup(Outcome outcome, byte[] response, String reason) {
        this.outcome = outcome;
        this.response = response;
        this.reason = reason;
    }

    static AuxLookup served(byte[] response) {
        return new AuxLookup(Outcome.SERVED, response.clone(), null);
    }

    static AuxLookup refused(Outcome outcome, String reason) {
        if (outcome == Outcome.SERVED) {
            throw new IllegalArgumentException("outcome: a refusal cannot be SERVED");
        }
        return new AuxLookup(outcome, null, Objects.requireNonNull(reason, "reason"));
    }

    public Outcome outcome() {
        return outcome;
    }

    /** True if {@link #response()} holds the logged response. */
    public boolean isServed() {
        return outcome == Outcome.SERVED;
    }

    /** A copy of the logged response bytes when {@linkplain #isServed() served}, else empty. */
    public Optional<byte[]> response() {
        return Optional.ofNullable(response).map(byte[]::clone);
    }

    /** Why nothing is served, for the recovery service's log; null when served. */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return outcome + (isServed() ? " " + response.length + " B" : ": " + reason);
    }
}
