package org.resplice.spliceswitch.shim;

import org.resplice.splicecore.adjust.TcpAdjustment;
import org.resplice.spliceswitch.xdp.AdjustKey;
import org.resplice.spliceswitch.xdp.AdjustMap;
import org.resplice.spliceswitch.xdp.AdjustValue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The shim's map changes, made in the XDP program's adjust map (one batch per call). */
final class XdpDatapath implements AdjustTable.Datapath {

    private final AdjustMap map;

    XdpDatapath(AdjustMap map) {
        this.map = map;
    }

    @Override
    public void apply(List<AdjustTable.Op> ops) {
        // Only the last change of a key matters; removals first, then puts.
        Map<AdjustKey, AdjustTable.Op> last = new LinkedHashMap<>();
        for (AdjustTable.Op op : ops) {
            AdjustKey key = key(op);
            last.remove(key);
            last.put(key, op);
        }
        List<AdjustKey> removals = new ArrayList<>();
        Map<AdjustKey, AdjustValue> puts = new LinkedHashMap<>();
        for (Map.Entry<AdjustKey, AdjustTable.Op> e : last.entrySet()) {
            TcpAdjustment a = e.getValue().adjustment;
            if (a == null) {
                removals.add(e.getKey());
            } else {
                puts.put(e.getKey(), new AdjustValue(a.seqDelta(), a.ackDelta(), a.sackDelta(), a.wscaleShift(), 0));
            }
        }
        if (!removals.isEmpty()) {
            map.removeAll(removals);
        }
        if (!puts.isEmpty()) {
            map.putAll(puts);
        }
    }

    private static AdjustKey key(AdjustTable.Op op) {
        SpliceMatch m = op.match;
        return new AdjustKey(op.ifindex, ipv4(m.srcIp()), ipv4(m.dstIp()), m.srcPort(), m.dstPort());
    }

    private static Inet4Address ipv4(int a) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[]{(byte) (a >>> 24), (byte) (a >>> 16),
                (byte) (a >>> 8), (byte) a});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }
}
