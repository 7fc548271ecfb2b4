package org.resplice.loggernode.detect;

import java.time.Duration;

/**
 * Why the detector believes a backend failed.
 *
 * @param backend       the backend's address
 * @param transaction   the transaction that gave it away, or -1 (probe)
 * @param reason        what was seen
 * @param waitedNanos   how long the detector waited (0 for immediate evidence)
 * @param timeoutNanos  the timeout in force (0 for immediate evidence)
 */
public record Suspicion(String backend, long transaction, Reason reason, long waitedNanos, long timeoutNanos) {

    /** What the detector saw. */
    public enum Reason {
        /** A complete request got no response byte within the learnt timeout. */
        NO_RESPONSE,
        /** A response started and stopped arriving before it was complete. */
        RESPONSE_STALLED,
        /** The backend reset a connection in the middle of a transaction. */
        CONNECTION_RESET,
        /** The backend closed a connection in the middle of a transaction. */
        CLOSED_MID_TRANSACTION,
        /** The idle-time probe found the backend unreachable. */
        PROBE_FAILED
    }

    @Override
    public String toString() {
        return backend + " " + reason + (transaction >= 0 ? " (transaction " + Long.toHexString(transaction) + ")" : "")
                + (timeoutNanos > 0 ? ", waited " + Duration.ofNanos(waitedNanos).toMillis() + " ms of "
                + Duration.ofNanos(timeoutNanos).toMillis() + " ms" : "");
    }
}
