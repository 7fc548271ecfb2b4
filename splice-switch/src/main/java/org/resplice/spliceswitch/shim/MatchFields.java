package org.resplice.spliceswitch.shim;

import static org.resplice.spliceswitch.shim.OfWire.OXM_CLASS_BASIC;
import static org.resplice.spliceswitch.shim.OfWire.OXM_ETH_TYPE;
import static org.resplice.spliceswitch.shim.OfWire.OXM_IN_PORT;
import static org.resplice.spliceswitch.shim.OfWire.OXM_IPV4_DST;
import static org.resplice.spliceswitch.shim.OfWire.OXM_IPV4_SRC;
import static org.resplice.spliceswitch.shim.OfWire.OXM_IP_PROTO;
import static org.resplice.spliceswitch.shim.OfWire.OXM_TCP_DST;
import static org.resplice.spliceswitch.shim.OfWire.OXM_TCP_SRC;
import static org.resplice.spliceswitch.shim.OfWire.u16;
import static org.resplice.spliceswitch.shim.OfWire.u32;
import static org.resplice.spliceswitch.shim.OfWire.u8;

import java.util.Optional;

/** Reads an ofp_match (OXM) far enough to tell whether it pins one direction of one TCP connection. */
final class MatchFields {

    private MatchFields() {
    }

    /**
     * The splice 5-tuple (with in_port) if the match at {@code offset} names in_port, eth_type IPv4,
     * ip_proto TCP, and both IPv4 addresses and TCP ports, all exactly (no masks), and nothing else;
     * empty otherwise. A match with one more field (TCP flags, say) covers only some packets of the
     * connection, while the XDP entry is keyed by the 5-tuple and would adjust all of them: such a
     * flow neither carries an adjustment nor touches the entry of the flow that does.
     */
    static Optional<SpliceMatch> exactSplice(byte[] b, int offset) {
        if (offset + 4 > b.length || u16(b, offset) != 1) { // OFPMT_OXM
            return Optional.empty();
        }
        int end = offset + u16(b, offset + 2);
        if (end > b.length) {
            return Optional.empty();
        }
        long inPort = -1;
        int ethType = -1;
        int proto = -1;
        long src = -1;
        long dst = -1;
        int sport = -1;
        int dport = -1;
        int at = offset + 4;
        while (at + 4 <= end) {
            int cls = u16(b, at);
            int fieldAndMask = u8(b, at + 2);
            int len = u8(b, at + 3);
            if (at + 4 + len > end) {
                return Optional.empty();
            }
            boolean masked = (fieldAndMask & 1) != 0;
            int field = fieldAndMask >>> 1;
            if (cls != OXM_CLASS_BASIC) {
                return Optional.empty(); // an experimenter field narrows the match
            }
            if (masked) {
                return Optional.empty(); // the shim only adjusts exact matches
            }
            int v = at + 4;
            switch (field) {
                case OXM_IN_PORT:
                    inPort = u32(b, v);
                    break;
                case OXM_ETH_TYPE:
                    ethType = u16(b, v);
                    break;
                case OXM_IP_PROTO:
                    proto = u8(b, v);
                    break;
                case OXM_IPV4_SRC:
                    src = u32(b, v);
                    break;
                case OXM_IPV4_DST:
                    dst = u32(b, v);
                    break;
                case OXM_TCP_SRC:
                    sport = u16(b, v);
                    break;
                case OXM_TCP_DST:
                    dport = u16(b, v);
                    break;
                default:
                    return Optional.empty(); // a narrower match than one direction of one connection
            }
            at += 4 + len;
        }
        if (inPort < 0 || ethType != 0x0800 || proto != 6 || src < 0 || dst < 0 || sport < 0 || dport < 0) {
            return Optional.empty();
        }
        return Optional.of(new SpliceMatch(inPort, (int) src, (int) dst, sport, dport));
    }
}
