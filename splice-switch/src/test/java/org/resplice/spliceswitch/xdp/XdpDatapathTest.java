package org.resplice.spliceswitch.xdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.resplice.spliceswitch.xdp.TestFrame.ACK;
import static org.resplice.spliceswitch.xdp.TestFrame.NOP;
import static org.resplice.spliceswitch.xdp.TestFrame.PSH;
import static org.resplice.spliceswitch.xdp.TestFrame.SYN;
import static org.resplice.spliceswitch.xdp.TestFrame.ackOf;
import static org.resplice.spliceswitch.xdp.TestFrame.concat;
import static org.resplice.spliceswitch.xdp.TestFrame.sack;
import static org.resplice.spliceswitch.xdp.TestFrame.seqOf;
import static org.resplice.spliceswitch.xdp.TestFrame.tcpOffset;
import static org.resplice.spliceswitch.xdp.TestFrame.timestamps;
import static org.resplice.spliceswitch.xdp.TestFrame.u32;
import static org.resplice.spliceswitch.xdp.TestFrame.windowOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The XDP program in the kernel, driven with BPF_PROG_TEST_RUN: real frames in, frames out, every
 * rewritten checksum compared with one computed from scratch. Runs as root (CI: ./resplice test).
 */
class XdpDatapathTest {

    private static TestNetns ns;
    private static XdpProgram prog;
    private static AdjustMap map;
    /** Two interfaces in the test namespace: entries are keyed on ifA; ifB is "another port". */
    private static int ifA;
    private static int ifB;

    @BeforeAll
    static void load() {
        assertTrue(TestNetns.root(), "needs root (BPF, network namespaces)");
        assertTrue(TestNetns.have("bpftool"), "needs bpftool");
        ns = TestNetns.create("rsp-xdp");
        ns.ip("link", "add", "va", "type", "veth", "peer", "name", "vb");
        ifA = XdpProgram.ifindex(ns.name, "va");
        ifB = XdpProgram.ifindex(ns.name, "vb");
        prog = XdpProgram.loadBundled("test-datapath-" + ProcessHandle.current().pid());
        map = prog.adjustMap();
    }

    @AfterAll
    static void unload() {
        try {
            if (prog != null) {
                prog.close();
            }
        } finally {
            if (ns != null) {
                ns.close();
            }
        }
    }

    @BeforeEach
    void emptyMap() {
        map.removeAll(map.entries().keySet());
    }

    @Test
    void programIsAcceptedByTheVerifierAndPinned() throws Exception {
        assertTrue(prog.programId() > 0);
        ObjectMapper json = new ObjectMapper();
        JsonNode info = json.readTree(Exec.check(List.of("bpftool", "-j", "prog", "show", "pinned",
                prog.programPin().toString()), Duration.ofSeconds(10), "prog show").stdout());
        assertEquals("xdp", info.path("type").asText());
        assertEquals("resplice_xdp", info.path("name").asText());
        JsonNode adjust = json.readTree(Exec.check(List.of("bpftool", "-j", "map", "show", "pinned",
                prog.adjustMapPin().toString()), Duration.ofSeconds(10), "map show").stdout());
        assertEquals("hash", adjust.path("type").asText());
        assertEquals(AdjustKey.SIZE, adjust.path("bytes_key").asInt());
        assertEquals(AdjustValue.SIZE, adjust.path("bytes_value").asInt());
        JsonNode stats = json.readTree(Exec.check(List.of("bpftool", "-j", "map", "show", "pinned",
                prog.statsMapPin().toString()), Duration.ofSeconds(10), "map show").stdout());
        assertEquals("percpu_array", stats.path("type").asText());
        assertEquals(XdpStats.SIZE, stats.path("bytes_value").asInt());
    }

    @Test
    void attachesInGenericModeDetachesAndNamesTheInterfaceOnErrors() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals(ifA, prog.attach(ns.name, "va"));
        JsonNode xdp = json.readTree(ns.ip("-j", "link", "show", "dev", "va").stdout()).get(0).path("xdp");
        assertEquals(2, xdp.path("mode").asInt(), "XDP_ATTACHED_SKB: generic mode");
        assertEquals(prog.programId(), xdp.path("prog").path("id").asInt());
        assertEquals(List.of(new XdpProgram.Attachment(ns.name, "va", ifA)), prog.attachments());

        XdpException busy = assertThrows(XdpException.class,
                () -> prog.attach(ns.name, "va"));
        assertTrue(busy.getMessage().contains("interface va in netns " + ns.name), busy.getMessage());
        assertTrue(busy.getMessage().contains("already attached"), "bpftool's words: " + busy.getMessage());
        XdpException missing = assertThrows(XdpException.class,
                () -> prog.attach(ns.name, "nope0"));
        assertTrue(missing.getMessage().contains("nope0"), missing.getMessage());

        prog.detach(ns.name, "va");
        assertTrue(json.readTree(ns.ip("-j", "link", "show", "dev", "va").stdout()).get(0).path("xdp").isMissingNode());
        assertEquals(List.of(), prog.attachments());
    }

    @Test
    void seqAlwaysAndAckOnlyWithAckFlag() {
        TestFrame f = new TestFrame().seq(5000).ack(7000).flags(ACK | PSH).payload("hello".getBytes());
        put(f, AdjustValue.of(1000, -500, 0));
        XdpStats before = prog.stats();

        byte[] in = f.build();
        byte[] out = hit(in);
        assertEquals(6000, seqOf(out));
        assertEquals(6500, ackOf(out));
        assertOnlyDiffer(in, out, tcpOffset(in) + 4, 8, tcpOffset(in) + 16, 2);

        byte[] synIn = f.flags(SYN).ack(7000).build(); // no ACK flag: the ack field is not a number yet
        byte[] synOut = hit(synIn);
        assertEquals(6000, seqOf(synOut));
        assertEquals(7000, ackOf(synOut));
        assertOnlyDiffer(synIn, synOut, tcpOffset(synIn) + 4, 4, tcpOffset(synIn) + 16, 2);

        XdpStats d = prog.stats().minus(before);
        assertEquals(new XdpStats(2, 2, 0, 0, 0, 0, 0), d);
    }

    @Test
    void sequenceSpaceWrapsAt2To32() {
        TestFrame f = new TestFrame().seq(0xFFFFFF00L).ack(0x10).flags(ACK);
        put(f, AdjustValue.of(0x200, -0x20, 0));
        byte[] out = hit(f.build());
        assertEquals(0x100, seqOf(out));
        assertEquals(0xFFFFFFF0L, ackOf(out));

        put(f, AdjustValue.of(0x80000000, 0x7FFFFFFF, 0)); // replace: 32-bit deltas of any size
        out = hit(f.seq(0x90000000L).ack(0x90000000L).build());
        assertEquals(0x10000000L, seqOf(out));
        assertEquals(0x0FFFFFFFL, ackOf(out));
    }

    @Test
    void sackBlocksRewrittenAmongTimestamps() {
        int d = 0x12345;
        TestFrame f = new TestFrame().flags(ACK).seq(100).ack(50000)
                .options(concat(NOP, NOP, timestamps(0xAABBCCDDL, 0x11223344L), NOP, NOP,
                        sack(60000, 61000, 0xFFFFFFF0L, 0x10)))
                .payload(new byte[] {1, 2, 3}); // odd payload length
        put(f, AdjustValue.clientToBackend(d));
        XdpStats before = prog.stats();
        byte[] in = f.build();
        byte[] out = hit(in);
        int opts = tcpOffset(out) + 20;
        assertEquals(u(50000L - d), ackOf(out), "ack wraps below zero");
        assertEquals(100, seqOf(out));
        assertEquals(0xAABBCCDDL, u32(out, opts + 4), "timestamps untouched");
        assertEquals(0x11223344L, u32(out, opts + 8), "timestamps untouched");
        int blocks = opts + 12 + 2 + 2; // NOP NOP TS(10) NOP NOP kind len
        assertEquals(u(60000L - d), u32(out, blocks));
        assertEquals(u(61000L - d), u32(out, blocks + 4));
        assertEquals(u(0xFFFFFFF0L - d), u32(out, blocks + 8));
        assertEquals(u(0x10L - d), u32(out, blocks + 12));
        assertOnlyDiffer(in, out, tcpOffset(in) + 8, 4, tcpOffset(in) + 16, 2, blocks, 16);
        XdpStats s = prog.stats().minus(before);
        assertEquals(2, s.sackBlocksRewritten());
        assertEquals(1, s.hits());
    }

    @Test
    void sackBlocksAtOddOffsetsKeepTheChecksumRight() {
        int d = 0x01020304;
        // one NOP puts the SACK option at TCP offset 21: every edge straddles the checksum's word grid
        TestFrame f = new TestFrame().flags(ACK).ack(9)
                .options(concat(NOP, sack(1, 0x0000FFFFL, 0xFFFF0000L, 0xDEADBEEFL, 7, 8), NOP));
        put(f, new AdjustValue(0, 0, d, 0, 0));
        XdpStats before = prog.stats();
        byte[] in = f.build();
        byte[] out = hit(in);
        int blocks = tcpOffset(out) + 20 + 1 + 2;
        long[] edges = {1, 0x0000FFFFL, 0xFFFF0000L, 0xDEADBEEFL, 7, 8};
        for (int i = 0; i < edges.length; i++) {
            assertEquals((edges[i] + d) & 0xFFFFFFFFL, u32(out, blocks + 4 * i), "edge " + i);
        }
        assertEquals(9, ackOf(out), "ack_delta 0");
        assertOnlyDiffer(in, out, tcpOffset(in) + 16, 2, blocks, 24);

        // three NOPs, a one-block SACK, then timestamps; and a SACK after timestamps at offset 33
        byte[] out2 = hit(f.options(concat(NOP, NOP, NOP, sack(500, 600), timestamps(1, 2))).build());
        assertEquals(500 + d, u32(out2, tcpOffset(out2) + 20 + 3 + 2));
        assertEquals(600 + d, u32(out2, tcpOffset(out2) + 20 + 3 + 6));
        byte[] out3 = hit(f.options(concat(timestamps(1, 2), NOP, NOP, NOP, sack(500, 600, 700, 800))).build());
        assertEquals(800 + d, u32(out3, tcpOffset(out3) + 20 + 13 + 2 + 12));
        assertEquals(3 + 1 + 2, prog.stats().minus(before).sackBlocksRewritten());
    }

    @Test
    void windowRescaledBothWaysSaturatingButNeverOnSyn() {
        TestFrame f = new TestFrame().flags(ACK);
        XdpStats before = prog.stats();
        put(f, AdjustValue.backendToClient(0, 3));
        assertEquals(8000, windowOf(hit(f.window(1000).build())));
        assertEquals(0xFFFF, windowOf(hit(f.window(10000).build())), "saturates");
        assertEquals(0xFFFF, windowOf(hit(f.window(0xFFFF).build())));
        assertEquals(0, windowOf(hit(f.window(0).build())));
        put(f, AdjustValue.backendToClient(0, -2));
        assertEquals(250, windowOf(hit(f.window(1000).build())));
        assertEquals(0x3FFF, windowOf(hit(f.window(0xFFFF).build())));
        put(f, AdjustValue.backendToClient(0, -14));
        assertEquals(3, windowOf(hit(f.window(0xFFFF).build())));
        put(f, AdjustValue.backendToClient(0, 14));
        assertEquals(0x4000, windowOf(hit(f.window(1).build())));
        assertEquals(0xFFFF, windowOf(hit(f.window(4).build())));
        assertEquals(9, prog.stats().minus(before).windowRescaled());

        byte[] syn = f.flags(SYN).window(1000).build();
        assertArrayEquals(syn, hit(syn), "a SYN's window is never scaled");
        byte[] synAck = f.flags(SYN | ACK).window(1000).build();
        assertArrayEquals(synAck, hit(synAck), "nor a SYN-ACK's");
        assertEquals(9, prog.stats().minus(before).windowRescaled());
    }

    @Test
    void allFieldsTogether() {
        TestFrame f = new TestFrame().flags(ACK).seq(0xFFFFFFFFL).ack(1).window(4000)
                .options(concat(NOP, NOP, timestamps(5, 6), NOP, sack(10, 20))).payload(new byte[1400]);
        put(f, new AdjustValue(2, -3, -3, -1, 0));
        byte[] out = hit(f.build());
        assertEquals(1, seqOf(out));
        assertEquals(0xFFFFFFFEL, ackOf(out));
        assertEquals(2000, windowOf(out));
        assertEquals(7, u32(out, tcpOffset(out) + 20 + 13 + 2));
        assertEquals(17, u32(out, tcpOffset(out) + 20 + 13 + 6));
    }

    @Test
    void missLeavesTheFrameByteIdentical() {
        TestFrame f = new TestFrame().flags(ACK).options(concat(NOP, NOP, sack(1, 2)));
        put(f, AdjustValue.of(1, 1, 1));
        XdpStats before = prog.stats();
        for (byte[] in : List.of(f.to("10.1.0.2", 81).build(), f.to("10.1.0.3", 80).build(),
                f.to("10.1.0.2", 80).from("10.1.0.1", 40001).build(), f.from("10.1.0.9", 40000).build())) {
            assertArrayEquals(in, pass(ifA, in));
        }
        assertEquals(new XdpStats(4, 0, 4, 0, 0, 0, 0), prog.stats().minus(before));
    }

    @Test
    void theIngressInterfaceIsPartOfTheKey() {
        TestFrame f = new TestFrame().flags(ACK).seq(10);
        put(f, AdjustValue.of(5, 0, 0)); // on ifA
        XdpStats before = prog.stats();
        byte[] in = f.build();
        assertArrayEquals(in, pass(ifB, in), "same 4-tuple on another interface: a miss");
        assertArrayEquals(in, pass(1, in), "nor on lo");
        assertEquals(15, seqOf(pass(ifA, in)));
        assertEquals(new XdpStats(3, 1, 2, 0, 0, 0, 0), prog.stats().minus(before));
    }

    @Test
    void truncatedOrMalformedFramesPassUntouchedAndCount() {
        TestFrame f = new TestFrame().flags(ACK).payload(new byte[40]);
        put(f, AdjustValue.of(1, 1, 1)); // every case below would be a hit if it parsed
        byte[] good = f.build();
        int tcp = tcpOffset(good);
        XdpStats before = prog.stats();

        byte[][] bad = {
            Arrays.copyOf(good, 14),                 // Ethernet header only (test runs refuse less)
            Arrays.copyOf(good, 14 + 12),            // IPv4 header cut
            Arrays.copyOf(good, tcp + 12),           // TCP header cut before the checksum
            Arrays.copyOf(good, tcp + 20 + 10),      // payload shorter than tot_len says
            with(good, tcp + 12, (byte) 0x40),       // doff 4
            with(f.payload(new byte[10]).build(), tcp + 12, (byte) 0xF0), // doff 15: header beyond the frame
            with(good, 14, (byte) 0x44),             // IHL 4
            with(good, 14 + 2, (byte) 0, (byte) 30), // tot_len shorter than the headers
        };
        for (byte[] in : bad) {
            assertArrayEquals(in, pass(ifA, in));
        }
        // options that run past the header, on a hit with SACK rewriting: untouched, not half-done
        for (byte[] opts : List.of(concat(NOP, (byte) 8, (byte) 0, NOP), concat((byte) 8, (byte) 12, NOP, NOP),
                concat(NOP, NOP, (byte) 5, (byte) 7, new byte[4]), concat(NOP, NOP, NOP, (byte) 5))) {
            byte[] in = f.options(opts).build();
            assertArrayEquals(in, pass(ifA, in), "options " + Arrays.toString(opts));
        }
        assertEquals(new XdpStats(12, 0, 0, 12, 0, 0, 0), prog.stats().minus(before));
    }

    @Test
    void ipOptionsAndVlanTagsAreParsed() {
        TestFrame f = new TestFrame().flags(ACK).seq(1).ipOptions(new byte[] {1, 1, 1, 0, 1, 1, 1, 0});
        put(f, AdjustValue.of(41, 0, 0));
        assertEquals(42, seqOf(hit(f.build())));
        assertEquals(42, seqOf(hit(f.vlan(7).build())));
        assertEquals(42, seqOf(hit(f.ipOptions(new byte[0]).vlan(7).build())));
    }

    @Test
    void nonTcpAndFragmentsPassUntouched() {
        TestFrame f = new TestFrame().flags(ACK);
        put(f, AdjustValue.of(1, 1, 1));
        XdpStats before = prog.stats();
        byte[] frag = f.fragment(0x2000).build();          // MF: first fragment
        byte[] later = f.fragment(0x0010).build();         // offset 128
        byte[] udp = with(f.fragment(0x4000).build(), 14 + 9, (byte) 17);
        byte[] arp = with(f.build(), 12, (byte) 0x08, (byte) 0x06);
        byte[] ipv6 = with(f.build(), 12, (byte) 0x86, (byte) 0xdd);
        for (byte[] in : List.of(frag, later, udp, arp, ipv6)) {
            assertArrayEquals(in, pass(ifA, in));
        }
        assertEquals(new XdpStats(5, 0, 0, 0, 0, 0, 5), prog.stats().minus(before));
    }

    // ---- helpers ----

    private static void put(TestFrame f, AdjustValue v) {
        map.put(AdjustKey.of(ifA, f.src, f.sport, f.dst, f.dport), v);
    }

    private static byte[] pass(int ifindex, byte[] in) {
        ProgRun.Result r = ProgRun.run(prog, ns.name, ifindex, in);
        assertEquals(ProgRun.XDP_PASS, r.retval(), "XDP_PASS");
        assertEquals(in.length, r.out().length, "frame length");
        return r.out();
    }

    /** Runs on ifA, and checks the rewritten checksum against one computed from scratch. */
    private static byte[] hit(byte[] in) {
        byte[] out = pass(ifA, in);
        assertEquals(TestFrame.tcpChecksum(out), TestFrame.checksumOf(out),
                "incremental TCP checksum differs from the one computed from scratch");
        return out;
    }

    /** Asserts that in and out differ at most in the given (offset, length) ranges. */
    private static void assertOnlyDiffer(byte[] in, byte[] out, int... ranges) {
        for (int i = 0; i < in.length; i++) {
            boolean allowed = false;
            for (int r = 0; r < ranges.length; r += 2) {
                allowed |= i >= ranges[r] && i < ranges[r] + ranges[r + 1];
            }
            if (!allowed) {
                assertEquals(in[i], out[i], "byte " + i + " changed");
            }
        }
    }

    private static long u(long v) {
        return v & 0xFFFFFFFFL;
    }

    private static byte[] with(byte[] frame, int off, byte... bytes) {
        byte[] f = frame.clone();
        System.arraycopy(bytes, 0, f, off, bytes.length);
        return f;
    }
}
