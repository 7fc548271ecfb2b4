package org.resplice.spliceswitch.xdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real traffic through generic XDP: namespaces A and B joined by a veth pair, the program attached
 * to both ends, and the two rules of a splice with offset D: at B's ingress A-to-B segments get
 * seq += D; at A's ingress B-to-A segments get ack -= D (and SACK -= D). Without the second rule
 * the connection could not even open (B acknowledges the shifted sequence numbers). Checksum
 * offload is off on both ends, so B's kernel verifies every checksum the program rewrote, and
 * tcpdump on both ends shows the shift.
 */
class RealTrafficTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final int D = 0x7654321;
    private static final int PORT = 5555;
    private static final int CLIENT_PORT = 40123;

    @Test
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    void seqArrivesShiftedAndTheStreamIntact() throws Exception {
        assertTrue(TestNetns.root(), "needs root");
        for (String tool : List.of("bpftool", "socat", "tcpdump", "ethtool")) {
            assertTrue(TestNetns.have(tool), "needs " + tool);
        }
        List<Process> procs = new ArrayList<>();
        Path dir = Files.createTempDirectory("xdp-traffic");
        try (TestNetns a = TestNetns.create("rsp-a"); TestNetns b = TestNetns.create("rsp-b");
                XdpProgram prog = XdpProgram.loadBundled("test-traffic-" + ProcessHandle.current().pid())) {
            a.ip("link", "add", "va", "type", "veth", "peer", "name", "vb", "netns", b.name);
            a.ip("addr", "add", "10.213.0.1/24", "dev", "va");
            b.ip("addr", "add", "10.213.0.2/24", "dev", "vb");
            a.ip("link", "set", "va", "up");
            b.ip("link", "set", "vb", "up");
            a.exec("ethtool", "-K", "va", "tx", "off", "rx", "off");
            b.exec("ethtool", "-K", "vb", "tx", "off", "rx", "off");

            int ifA = prog.attach(a.name, "va");
            int ifB = prog.attach(b.name, "vb");
            AdjustMap map = prog.adjustMap();
            map.put(AdjustKey.of(ifB, "10.213.0.1", CLIENT_PORT, "10.213.0.2", PORT), AdjustValue.backendToClient(D, 0));
            map.put(AdjustKey.of(ifA, "10.213.0.2", PORT, "10.213.0.1", CLIENT_PORT), AdjustValue.clientToBackend(D));

            Path pcapA = dir.resolve("a.pcap");
            Path pcapB = dir.resolve("b.pcap");
            Process dumpA = tcpdump(a, "va", pcapA, procs);
            Process dumpB = tcpdump(b, "vb", pcapB, procs);

            Process server = start(procs, b.argv("socat", "-u", "TCP-LISTEN:" + PORT + ",reuseaddr", "STDOUT"));
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readAll(server));
            waitForListener(b);

            byte[] data = new byte[300_000];
            new Random(42).nextBytes(data);
            Path input = dir.resolve("data");
            Files.write(input, data);
            Process client = new ProcessBuilder(a.argv("socat", "-u", "STDIN",
                    "TCP:10.213.0.2:" + PORT + ",sourceport=" + CLIENT_PORT + ",connect-timeout=10"))
                    .redirectInput(input.toFile()).start(); // from a file: no write can block the test
            procs.add(client);
            assertTrue(client.waitFor(15, TimeUnit.SECONDS), "client finished");
            assertEquals(0, client.exitValue(), "client exit status");
            byte[] got = received.get(15, TimeUnit.SECONDS);
            assertArrayEquals(sha256(data), sha256(got), "the stream arrived intact (" + got.length + " bytes)");

            XdpStats s = prog.stats();
            assertTrue(s.hits() >= 10, "hits in both directions: " + s);
            assertEquals(0, s.malformed(), s.toString());

            stop(dumpA);
            stop(dumpB);
            List<byte[]> seenA = Pcap.frames(pcapA);
            List<byte[]> seenB = Pcap.frames(pcapB);
            byte[] synAtA = first(seenA, "10.213.0.1", TestFrame.SYN);
            byte[] synAtB = first(seenB, "10.213.0.1", TestFrame.SYN);
            assertNotNull(synAtA, "SYN leaving A");
            assertNotNull(synAtB, "SYN reaching B");
            assertEquals((TestFrame.seqOf(synAtA) + D) & 0xFFFFFFFFL, TestFrame.seqOf(synAtB), "seq shifted by D");
            assertEquals(TestFrame.tcpChecksum(synAtB), TestFrame.checksumOf(synAtB), "checksum at B recomputed");
            byte[] synAckAtB = first(seenB, "10.213.0.2", TestFrame.SYN | TestFrame.ACK);
            byte[] synAckAtA = first(seenA, "10.213.0.2", TestFrame.SYN | TestFrame.ACK);
            assertNotNull(synAckAtB, "SYN-ACK leaving B");
            assertNotNull(synAckAtA, "SYN-ACK reaching A");
            assertEquals((TestFrame.seqOf(synAtB) + 1) & 0xFFFFFFFFL, TestFrame.ackOf(synAckAtB), "B acks the shifted seq");
            assertEquals((TestFrame.seqOf(synAtA) + 1) & 0xFFFFFFFFL, TestFrame.ackOf(synAckAtA), "A sees its own seq acked");
        } finally {
            for (Process p : procs) {
                p.destroyForcibly();
            }
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    /** First frame from src whose TCP flags (SYN, ACK) equal flags exactly among SYN|ACK. */
    private static byte[] first(List<byte[]> frames, String src, int flags) {
        byte[] addr = AdjustKey.ipv4(src).getAddress();
        for (byte[] f : frames) {
            int ip = TestFrame.ipOffset(f);
            if (f.length < ip + 40 || TestFrame.u16(f, 12) != 0x0800 || f[ip + 9] != 6) {
                continue;
            }
            boolean fromSrc = ByteBuffer.wrap(f, ip + 12, 4).equals(ByteBuffer.wrap(addr));
            int fl = f[TestFrame.tcpOffset(f) + 13] & (TestFrame.SYN | TestFrame.ACK);
            if (fromSrc && fl == flags) {
                return f;
            }
        }
        return null;
    }

    private static Process tcpdump(TestNetns ns, String dev, Path file, List<Process> procs) throws Exception {
        Process p = start(procs, ns.argv("tcpdump", "-i", dev, "-n", "--immediate-mode", "-U", "-s", "200", "-w", file.toString(),
                "tcp port " + PORT));
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        CompletableFuture<Boolean> listening = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = err.readLine()) != null) {
                    if (line.contains("listening on")) {
                        return true;
                    }
                }
            } catch (IOException ignored) {
                // fall through
            }
            return false;
        });
        assertTrue(listening.get(10, TimeUnit.SECONDS), "tcpdump on " + dev + " started");
        return p;
    }

    private static void waitForListener(TestNetns b) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (b.exec("ss", "-ltnH").stdout().contains(":" + PORT)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("socat did not listen on " + PORT + " within 10 s");
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy(); // SIGTERM: tcpdump writes out what it holds
        assertTrue(p.waitFor(5, TimeUnit.SECONDS), "tcpdump stopped");
    }

    private static Process start(List<Process> procs, List<String> argv) throws IOException {
        Process p = new ProcessBuilder(argv).start();
        procs.add(p);
        return p;
    }

    private static byte[] readAll(Process p) {
        try {
            return p.getInputStream().readAllBytes();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    /** Just enough of the classic pcap format (what tcpdump -w writes) to get the frames back. */
    static final class Pcap {
        static List<byte[]> frames(Path file) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
            int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
            if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
                b.order(ByteOrder.BIG_ENDIAN);
            }
            b.position(24);
            List<byte[]> frames = new ArrayList<>();
            while (b.remaining() >= 16) {
                b.getInt();
                b.getInt();
                int caplen = b.getInt();
                b.getInt();
                byte[] f = new byte[caplen];
                b.get(f);
                frames.add(f);
            }
            return frames;
        }
    }
}
