package org.resplice.loggernode.log;

/** Where a logged transaction is. */
public enum TransactionState {
    /** The request is still arriving; no response yet. */
    REQUEST,
    /** The request is complete; the backend owes the response. */
    AWAITING_RESPONSE,
    /** The response has started (or finished before the request did) and the transaction is not complete. */
    RESPONSE,
    /** Request and response both complete. */
    COMPLETE
}
