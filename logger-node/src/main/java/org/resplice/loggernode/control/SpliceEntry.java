package org.resplice.loggernode.control;

import java.util.Objects;

import org.resplice.loggernode.capture.Endpoint;
import org.resplice.loggernode.capture.FlowKey;

/**
 * One row of the controller's splice table, parsed: which client connection (client → VIP) is
 * spliced onto which backend, from which proxy-side address, with which sequence offset, and the two
 * initial sequence numbers the stream rebuild needs to place bytes (design §4.1).
 *
 * @param client     the client's address and port
 * @param vip        the virtual IP and port the client connected to
 * @param backend    the backend serving the connection
 * @param alternate  the backend that takes over if {@code backend} fails; null if the pool has no other
 * @param proxy      the proxy-side address and port the controller opened toward the backend
 * @param offset     d = p − b, what backend→client sequence numbers gain on the way to the client
 * @param state      where the splice is in its life
 * @param clientIsn  the client's initial sequence number, 0..2^32−1; {@link #UNKNOWN_ISN} until the
 *                   controller reports it (always known when {@code state} is SPLICED)
 * @param backendIsn the backend's initial sequence number, 0..2^32−1, or {@link #UNKNOWN_ISN}
 */
public record SpliceEntry(Endpoint client, Endpoint vip, Endpoint backend, Endpoint alternate, Endpoint proxy,
                          int offset, State state, long clientIsn, long backendIsn) {

    /** An ISN the controller has not reported yet. */
    public static final long UNKNOWN_ISN = -1;

    /** Where a splice is in its life; the names the controller's REST API uses. */
    public enum State {
        /** The client's request is held while the backend handshake runs. */
        CONNECTING,
        /** Flows are being installed on the splice switches. */
        INSTALLING,
        /** The switches carry the connection. */
        SPLICED
    }

    public SpliceEntry {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(vip, "vip");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(state, "state");
        checkIsn("clientIsn", clientIsn);
        checkIsn("backendIsn", backendIsn);
        if (state == State.SPLICED && (clientIsn == UNKNOWN_ISN || backendIsn == UNKNOWN_ISN)) {
            throw new IllegalArgumentException("a SPLICED entry needs clientIsn and backendIsn; the controller"
                    + " must report them");
        }
    }

    private static void checkIsn(String field, long isn) {
        if (isn != UNKNOWN_ISN && (isn < 0 || isn > 0xFFFF_FFFFL)) {
            throw new IllegalArgumentException(field + ": " + isn + " is outside 0..4294967295");
        }
    }

    /** Whether both ISNs are known. */
    public boolean isnsKnown() {
        return clientIsn != UNKNOWN_ISN && backendIsn != UNKNOWN_ISN;
    }

    /** The client's side of the connection, client → VIP: what identifies it in the splice table. */
    public FlowKey clientFlow() {
        return FlowKey.of(client, vip);
    }

    /** The backend's side of the connection, proxy → backend. */
    public FlowKey backendFlow() {
        return FlowKey.of(proxy, backend);
    }

    /**
     * Whether {@code later} describes the same client connection as this entry, at a later stage or
     * after a re-splice: same client and VIP, and the same client ISN where both know it. A reused
     * client port with a new ISN is a different connection.
     */
    public boolean sameConnection(SpliceEntry later) {
        return clientFlow().equals(later.clientFlow())
                && (clientIsn == UNKNOWN_ISN || later.clientIsn == UNKNOWN_ISN || clientIsn == later.clientIsn);
    }
}
