package org.resplice.controller.openflow;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing knobs of an {@link OpenFlowServer}.
 *
 * @param requestTimeout   how long sendWithBarrier and flowStats wait for their reply (default 5 s)
 * @param echoInterval     read-idle time after which the controller sends an ECHO_REQUEST (default 5 s)
 * @param maxMissedEchoes  idle intervals in a row, each answered by an ECHO_REQUEST, after which the
 *                         connection is closed (default 3)
 * @param handshakeTimeout time from TCP accept to a finished handshake (default 10 s)
 */
public record OpenFlowServerConfig(Duration requestTimeout, Duration echoInterval, int maxMissedEchoes,
                                   Duration handshakeTimeout) {

    public OpenFlowServerConfig {
        requirePositive(requestTimeout, "requestTimeout");
        requirePositive(echoInterval, "echoInterval");
        requirePositive(handshakeTimeout, "handshakeTimeout");
        if (maxMissedEchoes < 1) {
            throw new IllegalArgumentException("maxMissedEchoes must be >= 1, was " + maxMissedEchoes);
        }
    }

    public static OpenFlowServerConfig defaults() {
        return new OpenFlowServerConfig(Duration.ofSeconds(5), Duration.ofSeconds(5), 3, Duration.ofSeconds(10));
    }

    public OpenFlowServerConfig withRequestTimeout(Duration d) {
        return new OpenFlowServerConfig(d, echoInterval, maxMissedEchoes, handshakeTimeout);
    }

    public OpenFlowServerConfig withEchoInterval(Duration d) {
        return new OpenFlowServerConfig(requestTimeout, d, maxMissedEchoes, handshakeTimeout);
    }

    public OpenFlowServerConfig withMaxMissedEchoes(int n) {
        return new OpenFlowServerConfig(requestTimeout, echoInterval, n, handshakeTimeout);
    }

    public OpenFlowServerConfig withHandshakeTimeout(Duration d) {
        return new OpenFlowServerConfig(requestTimeout, echoInterval, maxMissedEchoes, d);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }
}
