package org.resplice.spliceswitch.shim;

import java.util.Objects;

/**
 * What a TCP_ADJUST flow must match exactly (DESIGN §4.2): the OpenFlow in_port, IPv4 addresses and
 * TCP ports of one direction of one spliced connection. Addresses are held as IPv4 ints in network
 * order of significance (10.0.0.1 = 0x0a000001).
 */
public final class SpliceMatch {

    private final long inPort;
    private final int srcIp;
    private final int dstIp;
    private final int srcPort;
    private final int dstPort;

    public SpliceMatch(long inPort, int srcIp, int dstIp, int srcPort, int dstPort) {
        this.inPort = inPort;
        this.srcIp = srcIp;
        this.dstIp = dstIp;
        this.srcPort = srcPort;
        this.dstPort = dstPort;
    }

    public long inPort() {
        return inPort;
    }

    public int srcIp() {
        return srcIp;
    }

    public int dstIp() {
        return dstIp;
    }

    public int srcPort() {
        return srcPort;
    }

    public int dstPort() {
        return dstPort;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SpliceMatch)) {
            return false;
        }
        SpliceMatch m = (SpliceMatch) o;
        return inPort == m.inPort && srcIp == m.srcIp && dstIp == m.dstIp && srcPort == m.srcPort
                && dstPort == m.dstPort;
    }

    @Override
    public int hashCode() {
        return Objects.hash(inPort, srcIp, dstIp, srcPort, dstPort);
    }

    private static String ip(int a) {
        return (a >>> 24) + "." + (a >>> 16 & 0xff) + "." + (a >>> 8 & 0xff) + "." + (a & 0xff);
    }

    @Override
    public String toString() {
        return "in_port=" + inPort + " " + ip(srcIp) + ":" + srcPort + "->" + ip(dstIp) + ":" + dstPort;
    }
}
