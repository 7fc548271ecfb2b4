package org.resplice.spliceswitch.xdp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures ways of writing adjust_map (not a test: figures come from runs like this, never from
 * timed unit tests). Run as root after the module is built:
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.resplice.spliceswitch.xdp.AdjustMapBench
 * </pre>
 */
public final class AdjustMapBench {
    private AdjustMapBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10000;
        try (XdpProgram prog = XdpProgram.loadBundled("bench-" + ProcessHandle.current().pid())) {
            AdjustMap map = prog.adjustMap();
            String pin = prog.adjustMapPin().toString();

            // warm up the batch process
            map.put(key(0), AdjustValue.of(1, 1, 1));
            map.remove(key(0));

            long[] lat = new long[1000];
            for (int i = 0; i < lat.length; i++) {
                long t = System.nanoTime();
                map.put(key(i), AdjustValue.of(i, i, i));
                lat[i] = System.nanoTime() - t;
            }
            Arrays.sort(lat);
            System.out.printf("long-lived batch, one put per call: median %d us, p90 %d us, p99 %d us%n",
                    lat[lat.length / 2] / 1000, lat[lat.length * 9 / 10] / 1000, lat[lat.length * 99 / 100] / 1000);
            map.removeAll(map.entries().keySet());

            Map<AdjustKey, AdjustValue> many = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                many.put(key(i), AdjustValue.of(i, -i, -i));
            }
            for (int round = 0; round < 3; round++) {
                long t = System.nanoTime();
                map.putAll(many);
                double put = (System.nanoTime() - t) / 1e9;
                t = System.nanoTime();
                int removed = map.removeAll(many.keySet());
                double rm = (System.nanoTime() - t) / 1e9;
                System.out.printf("long-lived batch, putAll(%d): %.0f updates/s; removeAll: %.0f deletes/s (%d)%n",
                        n, n / put, n / rm, removed);
            }

            // one bpftool process per update
            int m = 200;
            long t = System.nanoTime();
            for (int i = 0; i < m; i++) {
                List<String> argv = new ArrayList<>(List.of("bpftool", "map", "update", "pinned", pin, "key", "hex"));
                argv.addAll(List.of(BpftoolAdjustMap.hex(key(i).toBytes()).split(" ")));
                argv.addAll(List.of("value", "hex"));
                argv.addAll(List.of(BpftoolAdjustMap.hex(AdjustValue.of(i, i, i).toBytes()).split(" ")));
                Exec.check(argv, Duration.ofSeconds(10), "update");
            }
            double per = (System.nanoTime() - t) / 1e9 / m;
            System.out.printf("one bpftool process per update: %.2f ms/update (%.0f updates/s)%n", per * 1e3, 1 / per);

            // one batch process per call, commands on stdin then EOF
            for (int size : new int[] {1, n}) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < size; i++) {
                    sb.append("map update pinned ").append(pin).append(" key hex ").append(BpftoolAdjustMap.hex(key(i).toBytes()))
                            .append(" value hex ").append(BpftoolAdjustMap.hex(AdjustValue.of(i, i, i).toBytes())).append('\n');
                }
                t = System.nanoTime();
                Process p = new ProcessBuilder("bpftool", "-j", "batch", "file", "-")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                try (var out = p.getOutputStream()) {
                    out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
                }
                int rc = p.waitFor();
                double s = (System.nanoTime() - t) / 1e9;
                System.out.printf("one batch process per call, %d updates: %.1f ms (%.0f updates/s), rc %d%n",
                        size, s * 1e3, size / s, rc);
            }
        }
    }

    private static AdjustKey key(int i) {
        return AdjustKey.of(2, "10.0." + (i >> 16) + ".1", i & 0xffff, "10.0.0.2", 80);
    }
}
