package org.resplice.loggernode.detect;

import java.time.Duration;

/**
 * Settings of the failure detector (DESIGN §4.5).
 *
 * @param k             deviations above the mean before an outstanding request is suspicious
 * @param floorNanos    no timeout is shorter (guards against a backend that was always fast)
 * @param ceilingNanos  no timeout is longer (bounds detection time whatever was learnt)
 * @param minSamples    samples of a request kind before its own estimate is used
 * @param stallNanos    a response still delivering bytes within this much is not stalled
 * @param idleProbeNanos without traffic to a backend for this long, probe it
 */
public record DetectorConfig(double k, long floorNanos, long ceilingNanos, int minSamples, long stallNanos,
                             long idleProbeNanos) {

    public DetectorConfig {
        if (!(k > 0) || Double.isInfinite(k)) {
            throw new IllegalArgumentException("k must be a positive number, not " + k);
        }
        if (floorNanos <= 0 || ceilingNanos < floorNanos) {
            throw new IllegalArgumentException("need 0 < floor <= ceiling, not floor " + Duration.ofNanos(floorNanos)
                    + ", ceiling " + Duration.ofNanos(ceilingNanos));
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("minSamples must be at least 1, not " + minSamples);
        }
        if (stallNanos <= 0 || idleProbeNanos <= 0) {
            throw new IllegalArgumentException("stall and idle-probe intervals must be positive");
        }
    }

    /**
     * LAN defaults: k = 4, 100 ms floor, 2 s ceiling, 20 samples, 250 ms stall, probe after 2 s idle.
     * The floor covers the observer's own jitter, which no backend statistic shows: the capture's
     * read timeout (10 ms), parse-thread and GC pauses, and scheduling on a busy host. With a 30 ms
     * floor, two minutes of steady load in Mininet on two cores gave false alarms that had waited
     * 42 and 55 ms against learnt timeouts of 41 and 50 ms, both in the same check.
     */
    public static DetectorConfig lanDefaults() {
        return new DetectorConfig(4.0, Duration.ofMillis(100).toNanos(), Duration.ofSeconds(2).toNanos(), 20,
                Duration.ofMillis(250).toNanos(), Duration.ofSeconds(2).toNanos());
    }
}
