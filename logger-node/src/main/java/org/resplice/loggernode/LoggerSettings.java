package org.resplice.loggernode;

import org.resplice.loggernode.capture.CaptureConfig;
import org.resplice.loggernode.detect.DetectorConfig;
import org.resplice.loggernode.log.LogConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a logger node is told: the network it follows (from the controller's netcfg file), the
 * mirror interface, the controller's REST API, its own REST address, and its limits. Built and
 * validated by {@link LoggerMain} from the command line.
 */
public record LoggerSettings(FollowedNetwork network, String device, URI controller, String token,
                             InetSocketAddress listen, int agentPort, int captureBufferBytes, long logCapBytes,
                             LogConfig log, DetectorConfig detector) {

    public LoggerSettings {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(controller, "controller");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(detector, "detector");
        if (agentPort < 0 || agentPort > 0xFFFF) {
            throw new IllegalArgumentException("--agent-port: " + agentPort + " is not 0..65535 (0: no agents)");
        }
        if (captureBufferBytes < (1 << 20)) {
            throw new IllegalArgumentException("--buffer-mb: the kernel capture buffer needs at least 1 MiB");
        }
        if (logCapBytes < (1 << 20)) {
            throw new IllegalArgumentException("--log-cap-mb: the log needs at least 1 MiB");
        }
    }

    /** The bearer token in {@code file} (its first line), or null without a file. */
    static String readToken(Path file) throws IOException {
        if (file == null) {
            return null;
        }
        String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (token.isEmpty()) {
            throw new IllegalArgumentException("--token-file: " + file + " is empty; it holds the controller's"
                    + " REST token (the controller writes it to its state directory)");
        }
        return token;
    }

    static int defaultCaptureBufferMb() {
        return CaptureConfig.DEFAULT_BUFFER_BYTES >> 20;
    }

    static DetectorConfig detector(double k, long floorMs, long ceilingMs) {
        DetectorConfig lan = DetectorConfig.lanDefaults();
        return new DetectorConfig(k, Duration.ofMillis(floorMs).toNanos(), Duration.ofMillis(ceilingMs).toNanos(),
                lan.minSamples(), lan.stallNanos(), lan.idleProbeNanos());
    }
}
