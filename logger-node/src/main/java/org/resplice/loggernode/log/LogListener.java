package org.resplice.loggernode.log;

/**
 * Told by a {@link LoggedConnection} what happens to its transactions, synchronously, on the thread
 * that feeds the connection (the capture's parse thread), while the connection's lock is held.
 * {@code nanos} comes from the log's clock and is the time the capture call that caused the event
 * was handled; events caused by one call share it.
 *
 * <p>The transaction passed in belongs to the connection: its id, ordinal, kind and tags never
 * change and may be kept, its offsets and state may be read during the call only. A listener must
 * return quickly and must not feed the connection.
 *
 * <p>Per transaction the order is: {@code requestComplete} and {@code responseStarted} (either
 * order: a server may answer before the request is complete), then {@code responseBytes} zero or
 * more times, then {@code responseLogged}. Server-initiated pseudo-transactions (IMAP greeting,
 * banners) have no request, so no {@code requestComplete}. {@code responseLogged} comes in ordinal
 * order: a response complete before an earlier one (IMAP completes pipelined commands out of
 * order) is reported when the earlier one is, because T_L grows in ordinal order.
 */
public interface LogListener {

    /** A listener that ignores everything. */
    LogListener NONE = new LogListener() {
    };

    /** The request's last byte was logged: the backend now owes a response. */
    default void requestComplete(ConnectionKey connection, LoggedTransaction transaction, long nanos) {
    }

    /** The response's first byte was logged. */
    default void responseStarted(ConnectionKey connection, LoggedTransaction transaction, long nanos) {
    }

    /** More of the response was logged: {@code loggedBytes} of it so far. Progress, for stall detection. */
    default void responseBytes(ConnectionKey connection, LoggedTransaction transaction, long loggedBytes,
                               long nanos) {
    }

    /**
     * The response is complete and every earlier transaction's response too: the transaction is now
     * T_L. This is the "response logged" signal on which the alternate backend applies the
     * transaction's state.
     */
    default void responseLogged(ConnectionKey connection, LoggedTransaction transaction, long nanos) {
    }

    /**
     * The connection cannot be recovered any more (capture gap, broken or ambiguous framing).
     * Called once. The connection stays in the log, with the reason, until removed.
     */
    default void connectionUnrecoverable(ConnectionKey connection, String reason, long nanos) {
    }

    /**
     * The connection ended (called once). {@code midTransaction}: some request was complete and its
     * response was not, which for {@link CloseCause#SERVER_FIN} and {@link CloseCause#SERVER_RESET}
     * is evidence that the backend failed.
     */
    default void connectionClosed(ConnectionKey connection, CloseCause cause, boolean midTransaction, long nanos) {
    }
}
