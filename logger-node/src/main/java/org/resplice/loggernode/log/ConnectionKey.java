package org.resplice.loggernode.log;

import java.util.Objects;
import org.resplice.splicecore.txn.TransactionId;

/**
 * Identifies one spliced connection in the log: the client's address and port (as the backend
 * sees them, which are the ones in the transaction ids) and the backend. Immutable value.
 */
public final class ConnectionKey {

    private final int clientIpv4;
    private final int clientPort;
    private final String backend;

    /**
     * @param clientIpv4 the client's IPv4 address, most significant byte first
     * @param clientPort 0 to 65535
     * @param backend the backend as the rest of the logger names it (e.g. its address), non-empty
     */
    public ConnectionKey(int clientIpv4, int clientPort, String backend) {
        if (clientPort < 0 || clientPort > 0xFFFF) {
            throw new IllegalArgumentException("clientPort out of range 0..65535: " + clientPort);
        }
        Objects.requireNonNull(backend, "backend");
        if (backend.isEmpty()) {
            throw new IllegalArgumentException("backend must not be empty");
        }
        this.clientIpv4 = clientIpv4;
        this.clientPort = clientPort;
        this.backend = backend;
    }

    public int clientIpv4() {
        return clientIpv4;
    }

    public int clientPort() {
        return clientPort;
    }

    public String backend() {
        return backend;
    }

    /**
     * The connection as one number, as the failure detector keys connections: the id of the
     * connection's transaction 0 ({@link TransactionId#connectionBase}).
     */
    public long id() {
        return TransactionId.connectionBase(clientIpv4, clientPort);
    }

    /** The client as dotted quad and port, e.g. {@code 10.0.0.1:40000}. */
    public String client() {
        return (clientIpv4 >>> 24) + "." + ((clientIpv4 >>> 16) & 0xFF) + "." + ((clientIpv4 >>> 8) & 0xFF) + "."
                + (clientIpv4 & 0xFF) + ":" + clientPort;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ConnectionKey)) {
            return false;
        }
        ConnectionKey k = (ConnectionKey) o;
        return clientIpv4 == k.clientIpv4 && clientPort == k.clientPort && backend.equals(k.backend);
    }

    @Override
    public int hashCode() {
        return (clientIpv4 * 31 + clientPort) * 31 + backend.hashCode();
    }

    /** E.g. {@code 10.0.0.1:40000->10.0.0.11}. */
    @Override
    public String toString() {
        return client() + "->" + backend;
    }
}
