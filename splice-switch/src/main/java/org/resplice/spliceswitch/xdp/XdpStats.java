package org.resplice.spliceswitch.xdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The XDP program's counters ({@code struct resplice_stats}), summed over CPUs. Every frame counts
 * in {@code packets} and in exactly one of notTcp, malformed, hits, misses.
 *
 * @param packets frames seen
 * @param hits IPv4/TCP frames found in adjust_map and rewritten
 * @param misses IPv4/TCP frames not in adjust_map (passed untouched)
 * @param malformed truncated or inconsistent headers, or malformed TCP options on a hit (untouched)
 * @param sackBlocksRewritten SACK blocks rewritten
 * @param windowRescaled frames whose window field was rescaled
 * @param notTcp frames that are not IPv4/TCP, or IPv4 fragments (untouched)
 */
public record XdpStats(long packets, long hits, long misses, long malformed, long sackBlocksRewritten,
        long windowRescaled, long notTcp) {

    /** Size of {@code struct resplice_stats}. */
    public static final int SIZE = 56;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads the per-CPU array pinned at {@code statsMapPin} with {@code bpftool -j map dump}. */
    public static XdpStats read(Path statsMapPin) {
        return read(statsMapPin, "bpftool", Duration.ofSeconds(10));
    }

    public static XdpStats read(Path statsMapPin, String bpftool, Duration timeout) {
        Exec.Result r = Exec.check(List.of(bpftool, "-j", "map", "dump", "pinned", statsMapPin.toString()), timeout,
                "reading XDP counters");
        JsonNode dump;
        try {
            dump = JSON.readTree(r.stdout());
        } catch (IOException e) {
            throw new XdpException("unreadable counters from " + r.describe(), e);
        }
        if (!dump.isArray() || dump.size() != 1) {
            throw new XdpException("stats_map should hold one element: " + r.describe());
        }
        long[] sum = new long[SIZE / 8];
        for (JsonNode cpu : dump.get(0).path("values")) {
            ByteBuffer b = ByteBuffer.wrap(BpftoolAdjustMap.bytes(cpu.get("value"))).order(ByteOrder.nativeOrder());
            if (b.capacity() != SIZE) {
                throw new XdpException("stats_map value is " + b.capacity() + " bytes, expected " + SIZE);
            }
            for (int i = 0; i < sum.length; i++) {
                sum[i] += b.getLong();
            }
        }
        return new XdpStats(sum[0], sum[1], sum[2], sum[3], sum[4], sum[5], sum[6]);
    }

    /** Counts since {@code earlier}. */
    public XdpStats minus(XdpStats earlier) {
        return new XdpStats(packets - earlier.packets, hits - earlier.hits, misses - earlier.misses,
                malformed - earlier.malformed, sackBlocksRewritten - earlier.sackBlocksRewritten,
                windowRescaled - earlier.windowRescaled, notTcp - earlier.notTcp);
    }
}
