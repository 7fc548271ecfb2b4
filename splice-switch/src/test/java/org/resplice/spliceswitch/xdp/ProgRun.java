package org.resplice.spliceswitch.xdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * BPF_PROG_TEST_RUN through {@code bpftool prog run}, with a {@code struct xdp_md} context that sets
 * ingress_ifindex. The kernel resolves that ifindex in the caller's network namespace and needs the
 * device to exist there, so the run happens inside the test's namespace.
 */
final class ProgRun {
    static final int XDP_PASS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    record Result(int retval, byte[] out) {
    }

    private ProgRun() {
    }

    static Result run(XdpProgram prog, String netns, int ingressIfindex, byte[] frame) {
        try {
            Path dir = Files.createTempDirectory("xdp-run");
            try {
                Path in = dir.resolve("in");
                Path out = dir.resolve("out");
                Path ctx = dir.resolve("ctx");
                Files.write(in, frame);
                // struct xdp_md: data, data_end, data_meta, ingress_ifindex, rx_queue_index, egress_ifindex
                Files.write(ctx, ByteBuffer.allocate(24).order(ByteOrder.nativeOrder())
                        .putInt(0).putInt(frame.length).putInt(0).putInt(ingressIfindex).putInt(0).putInt(0).array());
                Exec.Result r = Exec.check(Exec.inNetns(netns, List.of("bpftool", "-j", "prog", "run", "pinned",
                        prog.programPin().toString(), "data_in", in.toString(), "data_out", out.toString(),
                        "ctx_in", ctx.toString())), Duration.ofSeconds(10), "prog run");
                JsonNode j = JSON.readTree(r.stdout());
                return new Result(j.path("retval").asInt(-1), Files.readAllBytes(out));
            } finally {
                try (var s = Files.list(dir)) {
                    for (Path p : s.toList()) {
                        Files.delete(p);
                    }
                }
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
