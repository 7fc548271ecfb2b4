package org.resplice.loggernode.capture;

import org.resplice.splicecore.packet.Ip4Address;

/**
 * The 4-tuple of one direction of a TCP connection, as ints so that keying a map by it costs no
 * parsing. {@link #connection()} gives the same key for both directions.
 *
 * @param srcIp   source IPv4 address, most significant byte first
 * @param srcPort source port
 * @param dstIp   destination IPv4 address
 * @param dstPort destination port
 */
public record FlowKey(int srcIp, int srcPort, int dstIp, int dstPort) {

    public FlowKey {
        if (srcPort < 0 || srcPort > 0xFFFF || dstPort < 0 || dstPort > 0xFFFF) {
            throw new IllegalArgumentException("ports must be 0..65535, not " + srcPort + " and " + dstPort);
        }
    }

    /** The key of packets from {@code source} to {@code destination}. */
    public static FlowKey of(Endpoint source, Endpoint destination) {
        return new FlowKey(source.ip().toInt(), source.port(), destination.ip().toInt(), destination.port());
    }

    public Endpoint source() {
        return new Endpoint(Ip4Address.of(srcIp), srcPort);
    }

    public Endpoint destination() {
        return new Endpoint(Ip4Address.of(dstIp), dstPort);
    }

    /** The key of the opposite direction. */
    public FlowKey reversed() {
        return new FlowKey(dstIp, dstPort, srcIp, srcPort);
    }

    /**
     * The key of the connection, whichever direction this is: the direction whose source sorts
     * first (address, then port, unsigned).
     */
    public FlowKey connection() {
        int c = Integer.compareUnsigned(srcIp, dstIp);
        if (c < 0 || (c == 0 && srcPort <= dstPort)) {
            return this;
        }
        return reversed();
    }

    @Override
    public String toString() {
        return source() + " > " + destination();
    }
}
