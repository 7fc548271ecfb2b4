package org.resplice.spliceswitch.xdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The map contract seen from the kernel: writes through bpftool batch, reads back with bpftool. */
class BpftoolAdjustMapTest {

    private static final Duration T = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static XdpProgram prog;
    private static AdjustMap map;

    @BeforeAll
    static void load() {
        assertTrue(TestNetns.root(), "needs root (BPF)");
        assertTrue(TestNetns.have("bpftool"), "needs bpftool");
        prog = XdpProgram.loadBundled("test-map-" + ProcessHandle.current().pid());
        map = prog.adjustMap();
    }

    @AfterAll
    static void unload() {
        if (prog != null) {
            prog.close();
        }
    }

    @BeforeEach
    void emptyMap() {
        map.removeAll(map.entries().keySet());
        assertEquals(0, map.size());
    }

    @Test
    void roundTripThroughTheKernelMap() throws Exception {
        Map<AdjustKey, AdjustValue> entries = new LinkedHashMap<>();
        entries.put(AdjustKey.of(7, "10.0.0.1", 80, "192.168.1.2", 40000), new AdjustValue(0x01020304, -5, -5, -3, 0));
        entries.put(AdjustKey.of(0x10203, "1.2.3.4", 65535, "5.6.7.8", 1), AdjustValue.backendToClient(0x80000000, 14));
        entries.put(AdjustKey.of(1, "0.0.0.0", 0, "255.255.255.255", 443), AdjustValue.of(0, 0, 0));
        map.putAll(entries);

        assertEquals(entries, map.entries());
        for (var e : entries.entrySet()) {
            assertEquals(Optional.of(e.getValue()), map.get(e.getKey()));
            // the kernel's bytes are exactly toBytes(), and its BTF (from resplice_structs.h) reads them
            // back into the same field values
            List<String> argv = new ArrayList<>(List.of("bpftool", "-j", "map", "lookup", "pinned",
                    prog.adjustMapPin().toString(), "key", "hex"));
            argv.addAll(List.of(BpftoolAdjustMap.hex(e.getKey().toBytes()).split(" ")));
            JsonNode j = JSON.readTree(Exec.check(argv, T, "lookup").stdout());
            assertEquals(BpftoolAdjustMap.hex(e.getKey().toBytes()), BpftoolAdjustMap.hex(BpftoolAdjustMap.bytes(j.get("key"))));
            assertEquals(BpftoolAdjustMap.hex(e.getValue().toBytes()), BpftoolAdjustMap.hex(BpftoolAdjustMap.bytes(j.get("value"))));
            JsonNode k = j.path("formatted").path("key");
            JsonNode v = j.path("formatted").path("value");
            AdjustKey key = e.getKey();
            AdjustValue val = e.getValue();
            assertEquals(key.ifindex(), k.path("ifindex").asLong());
            // __be32/__be16 fields print as host-order integers of network-order bytes
            assertEquals(Integer.toUnsignedLong(Integer.reverseBytes(asInt(key.src().getAddress()))), k.path("saddr").asLong());
            assertEquals(Integer.toUnsignedLong(Integer.reverseBytes(asInt(key.dst().getAddress()))), k.path("daddr").asLong());
            assertEquals(Short.toUnsignedInt(Short.reverseBytes((short) key.srcPort())), k.path("sport").asInt());
            assertEquals(Short.toUnsignedInt(Short.reverseBytes((short) key.dstPort())), k.path("dport").asInt());
            assertEquals(Integer.toUnsignedLong(val.seqDelta()), v.path("seq_delta").asLong());
            assertEquals(Integer.toUnsignedLong(val.ackDelta()), v.path("ack_delta").asLong());
            assertEquals(Integer.toUnsignedLong(val.sackDelta()), v.path("sack_delta").asLong());
            assertEquals(val.wscaleShift(), v.path("wscale_shift").asInt());
            assertEquals(val.flags(), v.path("flags").asInt());
        }
        assertEquals(Optional.empty(), map.get(AdjustKey.of(8, "10.0.0.1", 80, "192.168.1.2", 40000)));
    }

    @Test
    void putReplacesAndRemoveReportsPresence() {
        AdjustKey k = AdjustKey.of(3, "10.0.0.1", 1, "10.0.0.2", 2);
        map.put(k, AdjustValue.of(1, 2, 3));
        map.put(k, AdjustValue.of(4, 5, 6));
        assertEquals(Optional.of(AdjustValue.of(4, 5, 6)), map.get(k));
        assertTrue(map.remove(k));
        assertFalse(map.remove(k), "second remove: absent");
        map.put(k, AdjustValue.of(7, 8, 9)); // the batch survives the failed delete
        assertEquals(1, map.size());
    }

    @Test
    void manyEntriesInOneBatchAndRemovalSkippingAbsentKeys() {
        Map<AdjustKey, AdjustValue> many = new LinkedHashMap<>();
        for (int i = 0; i < 2000; i++) {
            many.put(AdjustKey.of(2, "10.0.0.1", 10000 + i, "10.0.0.2", 80), AdjustValue.of(i, -i, -i));
        }
        map.putAll(many);
        assertEquals(many, map.entries());
        List<AdjustKey> keys = new ArrayList<>();
        keys.add(AdjustKey.of(2, "10.9.9.9", 1, "10.0.0.2", 80)); // absent, first
        keys.addAll(many.keySet());
        keys.add(1000, AdjustKey.of(2, "10.9.9.9", 2, "10.0.0.2", 80)); // absent, in the middle
        keys.add(AdjustKey.of(2, "10.9.9.9", 3, "10.0.0.2", 80)); // absent, last
        assertEquals(2000, map.removeAll(keys));
        assertEquals(0, map.size());
    }

    @Test
    void aFullMapStopsTheBatchAndSaysHowFarItGot() throws Exception {
        // the same program built with room for 4 entries
        Path obj = Files.createTempFile("resplice_small", ".o");
        XdpProgram small = null;
        try {
            Exec.check(List.of("clang", "-O2", "-g", "-target", "bpf", "-I/usr/include/x86_64-linux-gnu",
                    "-DADJUST_MAP_SIZE=4", "-c", Path.of("src/main/bpf/resplice_xdp.c").toAbsolutePath().toString(),
                    "-o", obj.toString()), Duration.ofSeconds(60), "clang");
            small = XdpProgram.load(obj, "test-small-" + ProcessHandle.current().pid());
            AdjustMap m = small.adjustMap();
            Map<AdjustKey, AdjustValue> six = new LinkedHashMap<>();
            for (int i = 0; i < 6; i++) {
                six.put(AdjustKey.of(2, "10.0.0.1", 100 + i, "10.0.0.2", 80), AdjustValue.of(i, 0, 0));
            }
            AdjustMapException e = assertThrows(AdjustMapException.class, () -> m.putAll(six));
            assertEquals(4, e.applied());
            assertEquals(Optional.of(AdjustKey.of(2, "10.0.0.1", 104, "10.0.0.2", 80)), e.failedKey());
            assertTrue(e.getMessage().contains("update failed"), e.getMessage());
            assertEquals(4, m.size());
            m.put(AdjustKey.of(2, "10.0.0.1", 100, "10.0.0.2", 80), AdjustValue.of(9, 9, 9)); // replace still works
            assertEquals(Optional.of(AdjustValue.of(9, 9, 9)), m.get(AdjustKey.of(2, "10.0.0.1", 100, "10.0.0.2", 80)));
        } finally {
            if (small != null) {
                small.close();
            }
            Files.deleteIfExists(obj);
        }
    }

    @Test
    void aMissingMapIsReportedWithThePath() {
        Path nowhere = prog.pinDir().resolve("maps").resolve("no_such_map");
        try (BpftoolAdjustMap m = new BpftoolAdjustMap(nowhere)) {
            AdjustMapException e = assertThrows(AdjustMapException.class,
                    () -> m.put(AdjustKey.of(1, "10.0.0.1", 1, "10.0.0.2", 2), AdjustValue.of(1, 1, 1)));
            assertEquals(0, e.applied());
            assertTrue(e.getMessage().contains(nowhere.toString()), e.getMessage());
            assertThrows(XdpException.class, m::entries);
        }
    }

    @Test
    void batchStopsAtTheFailingCommandAndRestarts() {
        try (BpftoolBatch b = new BpftoolBatch("bpftool", T)) {
            String pin = prog.adjustMapPin().toString();
            String k1 = BpftoolAdjustMap.hex(AdjustKey.of(5, "10.0.0.1", 1, "10.0.0.2", 2).toBytes());
            String k2 = BpftoolAdjustMap.hex(AdjustKey.of(5, "10.0.0.1", 3, "10.0.0.2", 4).toBytes());
            String v = BpftoolAdjustMap.hex(AdjustValue.of(1, 2, 3).toBytes());
            BpftoolBatch.Outcome o = b.run(List.of(
                    "map update pinned " + pin + " key hex " + k1 + " value hex " + v,
                    "map delete pinned " + pin + " key hex " + k2,
                    "map update pinned " + pin + " key hex " + k2 + " value hex " + v));
            assertEquals(1, o.failedIndex());
            assertEquals(1, o.outputs().size());
            assertTrue(o.error().startsWith("delete failed"), o.error());
            assertFalse(b.isRunning(), "bpftool stops at an error");
            assertEquals(1, map.size(), "nothing after the failed command ran");
            assertTrue(b.run(List.of("map delete pinned " + pin + " key hex " + k1)).ok());
            assertTrue(b.isRunning());
            assertEquals(0, map.size());
        }
    }

    private static int asInt(byte[] a) {
        return ((a[0] & 0xff) << 24) | ((a[1] & 0xff) << 16) | ((a[2] & 0xff) << 8) | (a[3] & 0xff);
    }
}
