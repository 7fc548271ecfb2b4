package org.resplice.splicecore.tcp;

/**
 * Where an endpoint puts the frames it sends: each one a complete Ethernet II / IPv4 / TCP frame
 * with correct checksums, owned by the sink after the call (the controller sends it in a packet-out).
 */
@FunctionalInterface
public interface FrameSink {

    void emit(byte[] frame);
}
