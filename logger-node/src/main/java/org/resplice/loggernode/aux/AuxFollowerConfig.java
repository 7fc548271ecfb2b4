package org.resplice.loggernode.aux;

import java.time.Duration;
import java.util.Objects;

import org.resplice.loggernode.stream.ReassemblyLimits;
import org.resplice.splicecore.packet.Ip4Address;

/**
 * How the {@link AuxFollower} recognises and bounds the backends' connections to the aux server.
 *
 * @param auxPort          the aux server's TCP port (IMAP: 143)
 * @param auxAddress       the aux server's address, or null to take any address with {@code auxPort}
 * @param idleTimeout      a connection with no segment for this long is ended; backends keep IMAP
 *                         connections open between requests, so this should exceed the IMAP
 *                         server's autologout (RFC 9051: at least 30 minutes)
 * @param maxConnections   aux connections followed at once; more are counted and ignored
 * @param maxBufferedBytes per connection and direction, the most bytes kept for commands not yet
 *                         logged (bounds one command's request or response)
 * @param limits           the stream rebuild's bounds per direction
 */
public record AuxFollowerConfig(int auxPort, Ip4Address auxAddress, Duration idleTimeout, int maxConnections,
        int maxBufferedBytes, ReassemblyLimits limits) {

    /** The IMAP port. */
    public static final int IMAP_PORT = 143;

    public AuxFollowerConfig {
        if (auxPort < 1 || auxPort > 0xFFFF) {
            throw new IllegalArgumentException("auxPort must be 1..65535, not " + auxPort);
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive, not " + idleTimeout);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, not " + maxConnections);
        }
        if (maxBufferedBytes < 1 || maxBufferedBytes > StreamWindow.MAX_BYTES) {
            throw new IllegalArgumentException("maxBufferedBytes must be 1.." + StreamWindow.MAX_BYTES + ", not "
                    + maxBufferedBytes);
        }
        Objects.requireNonNull(limits, "limits");
    }

    /**
     * Port 143 on any address, 31 minutes idle (just above the IMAP autologout), 4096 connections,
     * 16 MiB per direction, the stream rebuild's default limits.
     */
    public static AuxFollowerConfig defaults() {
        return new AuxFollowerConfig(IMAP_PORT, null, Duration.ofMinutes(31), 4096, 16 << 20,
                ReassemblyLimits.defaults());
    }

    /** A copy with another aux server address and port. */
    public AuxFollowerConfig withAuxServer(Ip4Address address, int port) {
        return new AuxFollowerConfig(port, address, idleTimeout, maxConnections, maxBufferedBytes, limits);
    }

    /** A copy with another idle timeout. */
    public AuxFollowerConfig withIdleTimeout(Duration timeout) {
        return new AuxFollowerConfig(auxPort, auxAddress, timeout, maxConnections, maxBufferedBytes, limits);
    }

    /** A copy with another per-direction buffer cap. */
    public AuxFollowerConfig withMaxBufferedBytes(int bytes) {
        return new AuxFollowerConfig(auxPort, auxAddress, idleTimeout, maxConnections, bytes, limits);
    }

    /** A copy with another connection cap. */
    public AuxFollowerConfig withMaxConnections(int connections) {
        return new AuxFollowerConfig(auxPort, auxAddress, idleTimeout, connections, maxBufferedBytes, limits);
    }

    /** Is this the aux server's end of a connection? */
    boolean isAuxServer(int ip, int port) {
        return port == auxPort && (auxAddress == null || auxAddress.toInt() == ip);
    }
}
