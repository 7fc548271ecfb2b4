package org.resplice.splicecore.txn;

/**
 * The 64-bit id of a transaction (design §4.3), built from the client's IPv4 address, the client's
 * TCP port and the transaction's ordinal on the connection:
 *
 * <pre>
 *  63                              32 31              16 15               0
 * +----------------------------------+------------------+------------------+
 * |        client IPv4 address       |   client port    |     ordinal      |
 * +----------------------------------+------------------+------------------+
 * </pre>
 *
 * The address and the port take 48 bits, so the ordinal has 16: ordinals 0 to
 * {@link #MAX_ORDINAL} (65,535). The ordinal is never wrapped, because a wrapped ordinal would give
 * transaction 65,536 the id of transaction 0 of the same connection. A framer that would need
 * ordinal 65,536 marks the connection unrecoverable instead (the connection goes on, without
 * protection). Ids are unique among the transactions of one connection; a later connection that
 * reuses the same client address and port reuses its ids, so consumers key their state by
 * connection and drop it when the connection ends.
 *
 * <p>Ids of one connection increase with the ordinal when compared as unsigned numbers
 * ({@link Long#compareUnsigned}); addresses from 128.0.0.0 up give negative {@code long}s.
 */
public final class TransactionId {

    /** The largest ordinal an id can hold. */
    public static final int MAX_ORDINAL = 0xFFFF;

    private TransactionId() {
    }

    /**
     * @param clientIpv4 the client's IPv4 address, most significant byte first (10.0.0.1 is
     *        0x0A000001)
     * @param clientPort 0 to 65535
     * @param ordinal 0 to {@link #MAX_ORDINAL}
     * @throws IllegalArgumentException if the port or the ordinal is out of range
     */
    public static long of(int clientIpv4, int clientPort, int ordinal) {
        if (clientPort < 0 || clientPort > 0xFFFF) {
            throw new IllegalArgumentException("client port out of range: " + clientPort);
        }
        if (ordinal < 0 || ordinal > MAX_ORDINAL) {
            throw new IllegalArgumentException("ordinal out of range 0.." + MAX_ORDINAL + ": " + ordinal);
        }
        return ((clientIpv4 & 0xFFFF_FFFFL) << 32) | ((long) clientPort << 16) | ordinal;
    }

    public static int clientIpv4(long id) {
        return (int) (id >>> 32);
    }

    public static int clientPort(long id) {
        return (int) (id >>> 16) & 0xFFFF;
    }

    public static int ordinal(long id) {
        return (int) id & 0xFFFF;
    }

    /** The id of the first transaction of the connection ({@code ordinal 0}). */
    public static long connectionBase(int clientIpv4, int clientPort) {
        return of(clientIpv4, clientPort, 0);
    }

    /** For example {@code 10.0.0.1:40000#7}. */
    public static String toString(long id) {
        int ip = clientIpv4(id);
        return (ip >>> 24) + "." + ((ip >>> 16) & 0xFF) + "." + ((ip >>> 8) & 0xFF) + "." + (ip & 0xFF)
                + ":" + clientPort(id) + "#" + ordinal(id);
    }
}
