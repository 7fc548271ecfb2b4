package org.resplice.loggernode.detect;

/**
 * A moving mean and mean deviation of one latency, as TCP estimates round-trip time
 * (Jacobson/Karels, RFC 6298): gains 1/8 for the mean and 1/4 for the deviation, so one outlier
 * moves the estimate a little and a lasting change moves it within a few samples.
 *
 * <p>mean + k·deviation alone is too tight for latencies spread over a wide range: a run of fast
 * responses pulls both down and the next slow one, still normal, looks like a failure (the test of
 * ten minutes of responses varying tenfold caught this). So the timeout is also never below
 * {@value #PEAK_MARGIN}× a recent peak that slowly forgets ({@link #PEAK_MEMORY}).
 */
final class LatencyEstimator {

    private long meanNanos;
    private long deviationNanos;
    private long samples;
    private long peakNanos;

    static final double PEAK_MARGIN = 1.25;
    /** The peak loses 1/PEAK_MEMORY of itself per sample: half of it after about 700 samples. */
    static final int PEAK_MEMORY = 1024;

    void add(long sampleNanos) {
        if (sampleNanos < 0) {
            throw new IllegalArgumentException("negative latency " + sampleNanos);
        }
        if (samples == 0) {
            meanNanos = sampleNanos;
            deviationNanos = sampleNanos / 2;
        } else {
            long error = sampleNanos - meanNanos;
            deviationNanos += (Math.abs(error) - deviationNanos) / 4;
            meanNanos += error / 8;
        }
        peakNanos = Math.max(sampleNanos, peakNanos - peakNanos / PEAK_MEMORY);
        samples++;
    }

    long samples() {
        return samples;
    }

    long meanNanos() {
        return meanNanos;
    }

    long deviationNanos() {
        return deviationNanos;
    }

    /**
     * max(mean + k·deviation, margin × recent peak), clamped to [floor, ceiling]; the ceiling itself
     * until enough samples have been seen to trust the estimate.
     */
    long timeoutNanos(DetectorConfig config) {
        if (samples < config.minSamples()) {
            return config.ceilingNanos();
        }
        long t = Math.max(meanNanos + Math.round(config.k() * deviationNanos), Math.round(PEAK_MARGIN * peakNanos));
        return Math.max(config.floorNanos(), Math.min(config.ceilingNanos(), t));
    }
}
