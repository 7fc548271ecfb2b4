package org.resplice.loggernode.rpc;

import java.util.Objects;

import org.resplice.loggernode.capture.Endpoint;
import org.resplice.splicecore.txn.TransactionId;

/**
 * The logger holds the whole response of a transaction (design §1, §4.6): the alternate backend's
 * agent may now apply the session state the primary pushed for it.
 *
 * @param connection    the client's address and port, which name the connection
 * @param transactionId the transaction's 64-bit id ({@link TransactionId}); must agree with
 *                      {@code connection} and {@code ordinal}
 * @param ordinal       the transaction's ordinal on the connection, 0..65535
 * @param backend       the backend that served the transaction (whose state the alternate holds)
 * @param alternate     the backend whose agent is told
 */
public record ResponseLogged(Endpoint connection, long transactionId, int ordinal, Endpoint backend,
                             Endpoint alternate) {

    public ResponseLogged {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(alternate, "alternate");
        if (ordinal < 0 || ordinal > TransactionId.MAX_ORDINAL) {
            throw new IllegalArgumentException("ordinal: " + ordinal + " is outside 0.." + TransactionId.MAX_ORDINAL);
        }
        long expected = TransactionId.of(connection.ip().toInt(), connection.port(), ordinal);
        if (transactionId != expected) {
            throw new IllegalArgumentException("transactionId: " + TransactionId.toString(transactionId)
                    + " is not transaction " + ordinal + " of " + connection + "; build it with TransactionId.of");
        }
    }

    /** The event of transaction {@code ordinal} of the connection from {@code connection}. */
    public static ResponseLogged of(Endpoint connection, int ordinal, Endpoint backend, Endpoint alternate) {
        return new ResponseLogged(connection, TransactionId.of(connection.ip().toInt(), connection.port(), ordinal),
                ordinal, backend, alternate);
    }
}
