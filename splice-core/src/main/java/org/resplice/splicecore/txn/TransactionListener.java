package org.resplice.splicecore.txn;

/**
 * Told by a {@link Framer} about its transactions, synchronously, on the thread that feeds the
 * framer, in stream order. For one transaction the calls come in this order: {@code requestStarted}
 * first; {@code requestComplete} and {@code responseStarted} in either order (a server may answer
 * before the request body is complete); {@code responseComplete} after {@code responseStarted}.
 * A listener must not feed the framer that calls it.
 */
public interface TransactionListener {

    /** A listener that ignores everything. */
    TransactionListener NONE = new TransactionListener() {
    };

    /** A new transaction: its ordinal, id, request start and summary are known. */
    default void requestStarted(Transaction t) {
    }

    /** The request's last byte has been seen: {@link Transaction#requestEnd()} is known. */
    default void requestComplete(Transaction t) {
    }

    /** The first byte of the response has been seen: {@link Transaction#responseStart()} is known. */
    default void responseStarted(Transaction t) {
    }

    /** The response's last byte has been seen: {@link Transaction#responseEnd()} is known. */
    default void responseComplete(Transaction t) {
    }

    /**
     * The connection's framing cannot be trusted any more (ambiguous or broken framing, a switch
     * to another protocol, the ordinal cap). Called once; the framer then produces nothing more.
     * Transactions still in flight ({@link Framer#inFlight()}) stay as they were and will never
     * complete.
     */
    default void unrecoverable(String reason) {
    }
}
