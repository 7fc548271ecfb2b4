package org.resplice.spliceswitch.xdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link AdjustMap} over a pinned {@code adjust_map}, written through one long-lived
 * {@code bpftool batch} process fed on stdin (one bpftool process per update costs milliseconds; a
 * command on the open batch costs tens of microseconds; see {@link BpftoolBatch} for how answers and
 * failures are detected). Reads ({@link #get}, {@link #entries}) run one bpftool process each.
 * Thread-safe: calls are serialised.
 */
public final class BpftoolAdjustMap implements AdjustMap {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DELETE_MISSING = "delete failed: No such file or directory";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Path pin;
    private final String bpftool;
    private final Duration timeout;
    private final BpftoolBatch batch;

    /** The map pinned at {@code pin}, with {@code bpftool} from PATH and a 10 s bound per call. */
    public BpftoolAdjustMap(Path pin) {
        this(pin, "bpftool", Duration.ofSeconds(10));
    }

    public BpftoolAdjustMap(Path pin, String bpftool, Duration timeout) {
        String p = pin.toString();
        if (p.isEmpty() || p.chars().anyMatch(c -> Character.isWhitespace(c) || c == '#' || c == '\'' || c == '"')) {
            throw new IllegalArgumentException("pin path must not contain blanks, quotes or '#': " + p);
        }
        this.pin = pin;
        this.bpftool = bpftool;
        this.timeout = timeout;
        this.batch = new BpftoolBatch(bpftool, timeout);
    }

    public Path pin() {
        return pin;
    }

    @Override
    public void put(AdjustKey key, AdjustValue value) {
        putAll(Map.of(key, value));
    }

    @Override
    public synchronized void putAll(Map<AdjustKey, AdjustValue> entries) {
        List<AdjustKey> keys = new ArrayList<>(entries.size());
        List<String> lines = new ArrayList<>(entries.size());
        entries.forEach((k, v) -> {
            keys.add(k);
            lines.add(updateLine(k, v));
        });
        BpftoolBatch.Outcome o = batch.run(lines);
        if (!o.ok()) {
            AdjustKey failed = keys.get(o.failedIndex());
            throw new AdjustMapException("adjust_map update of " + failed + " failed (" + o.failedIndex() + " of "
                    + keys.size() + " entries applied): " + o.error() + " [" + pin + "]", o.failedIndex(), failed);
        }
    }

    @Override
    public boolean remove(AdjustKey key) {
        return removeAll(List.of(key)) == 1;
    }

    @Override
    public synchronized int removeAll(Collection<AdjustKey> keys) {
        List<AdjustKey> todo = new ArrayList<>(keys);
        int removed = 0;
        int done = 0;
        while (done < todo.size()) {
            List<String> lines = new ArrayList<>(todo.size() - done);
            for (AdjustKey k : todo.subList(done, todo.size())) {
                lines.add("map delete pinned " + pin + " key hex " + hex(k.toBytes()));
            }
            BpftoolBatch.Outcome o = batch.run(lines);
            if (o.ok()) {
                return removed + lines.size();
            }
            removed += o.failedIndex();
            AdjustKey failed = todo.get(done + o.failedIndex());
            if (!o.error().startsWith(DELETE_MISSING)) {
                throw new AdjustMapException("adjust_map delete of " + failed + " failed (" + (done + o.failedIndex())
                        + " of " + todo.size() + " keys done): " + o.error() + " [" + pin + "]", removed, failed);
            }
            done += o.failedIndex() + 1; // absent: skip it, go on with the rest in a fresh batch
        }
        return removed;
    }

    @Override
    public Optional<AdjustValue> get(AdjustKey key) {
        List<String> argv = new ArrayList<>(List.of(bpftool, "-j", "map", "lookup", "pinned", pin.toString(), "key", "hex"));
        argv.addAll(List.of(hex(key.toBytes()).split(" ")));
        Exec.Result r = Exec.run(argv, timeout);
        JsonNode out = parse(r);
        if (out.isNull()) {
            return Optional.empty(); // bpftool prints null (and exits non-zero) for a missing key
        }
        if (!r.ok() || out.has("error")) {
            throw new XdpException("adjust_map lookup of " + key + " failed: " + r.describe());
        }
        return Optional.of(AdjustValue.fromBytes(bytes(out.get("value"))));
    }

    @Override
    public Map<AdjustKey, AdjustValue> entries() {
        Exec.Result r = Exec.run(List.of(bpftool, "-j", "map", "dump", "pinned", pin.toString()), timeout);
        JsonNode out = parse(r);
        if (!r.ok() || !out.isArray()) {
            throw new XdpException("adjust_map dump failed: " + r.describe());
        }
        Map<AdjustKey, AdjustValue> all = new LinkedHashMap<>();
        for (JsonNode e : out) {
            all.put(AdjustKey.fromBytes(bytes(e.get("key"))), AdjustValue.fromBytes(bytes(e.get("value"))));
        }
        return all;
    }

    /** Stops the batch process. The map and its entries stay in the kernel. */
    @Override
    public synchronized void close() {
        batch.close();
    }

    private String updateLine(AdjustKey k, AdjustValue v) {
        return "map update pinned " + pin + " key hex " + hex(k.toBytes()) + " value hex " + hex(v.toBytes()) + " any";
    }

    private static JsonNode parse(Exec.Result r) {
        try {
            return JSON.readTree(r.stdout().isBlank() ? "null" : r.stdout());
        } catch (IOException e) {
            throw new XdpException("unreadable bpftool output: " + r.describe(), e);
        }
    }

    /** bpftool's JSON bytes ["0x0a", ...] to a byte array. */
    static byte[] bytes(JsonNode hexArray) {
        if (hexArray == null || !hexArray.isArray()) {
            throw new XdpException("bpftool output has no byte array where one was expected: " + hexArray);
        }
        byte[] b = new byte[hexArray.size()];
        for (int i = 0; i < b.length; i++) {
            String s = hexArray.get(i).asText();
            b[i] = (byte) Integer.parseInt(s.startsWith("0x") ? s.substring(2) : s, 16);
        }
        return b;
    }

    /** "0a 00 ff" form that bpftool's "hex" keyword takes. */
    static String hex(byte[] bytes) {
        char[] c = new char[bytes.length * 3 - 1];
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0) {
                c[i * 3 - 1] = ' ';
            }
            c[i * 3] = HEX[(bytes[i] >> 4) & 0xf];
            c[i * 3 + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(c);
    }
}
