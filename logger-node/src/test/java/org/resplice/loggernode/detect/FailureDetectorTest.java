package org.resplice.loggernode.detect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailureDetectorTest {

    private static final long MS = 1_000_000L;
    private static final String B1 = "10.0.0.11";
    private static final String B2 = "10.0.0.12";

    private final DetectorConfig config = DetectorConfig.lanDefaults();
    private final FailureDetector detector = new FailureDetector(config);
    private long now = 1_000 * MS;
    private long nextTxn = 1;

    /** One complete transaction: first byte after {@code think}, last byte {@code transfer} later. */
    private void serve(String backend, String kind, long think, long transfer) {
        long txn = nextTxn++;
        detector.requestComplete(backend, 1, txn, kind, now);
        now += think;
        detector.responseBytes(backend, txn, now);
        for (long t = 0; t < transfer; t += 2 * MS) {
            now += Math.min(2 * MS, transfer - t);
            detector.responseBytes(backend, txn, now);
        }
        detector.responseComplete(backend, txn, now);
    }

    private List<Suspicion> checkUntil(long deadline, long step) {
        while (now < deadline) {
            now += step;
            List<Suspicion> s = detector.check(now);
            if (!s.isEmpty()) {
                return s;
            }
        }
        return List.of();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42, 1234, 99_999})
    void noFalseAlarmOverTenMinutesOfResponseTimesVaryingTenfold(long seed) {
        Random random = new Random(seed);
        long end = now + 600_000 * MS;
        int served = 0;
        while (now < end) {
            String kind = random.nextBoolean() ? "GET /static" : "POST /mail";
            long txn = nextTxn++;
            long think = (5 + random.nextInt(46)) * MS;          // 5..50 ms
            long transfer = (1 + random.nextInt(10)) * MS;      // 1..10 ms
            detector.requestComplete(B1, 1, txn, kind, now);
            long firstByte = now + think;
            long lastByte = firstByte + transfer;
            while (now < lastByte) {
                now += MS;
                if (now >= firstByte) {
                    detector.responseBytes(B1, txn, now);
                }
                assertEquals(List.of(), detector.check(now), "false alarm after " + served + " transactions");
            }
            detector.responseComplete(B1, txn, now);
            now += random.nextInt(20) * MS;
            assertEquals(List.of(), detector.check(now));
            served++;
        }
        assertTrue(served > 10_000, "served " + served);
    }

    @Test
    void aBackendThatStopsAnsweringIsSuspectedSoonAfterItsUsualTime() {
        for (int i = 0; i < 50; i++) {
            serve(B1, "GET", 8 * MS, 2 * MS);
        }
        long[] timeouts = detector.timeouts().get(B1).get("GET");
        assertTrue(timeouts[0] >= config.floorNanos() && timeouts[0] < config.floorNanos() + 100 * MS,
                "first-byte timeout " + timeouts[0]);

        detector.requestComplete(B1, 1, 999, "GET", now);
        long sent = now;
        List<Suspicion> s = checkUntil(now + 5_000 * MS, MS);
        assertEquals(1, s.size());
        assertEquals(Suspicion.Reason.NO_RESPONSE, s.get(0).reason());
        assertEquals(999, s.get(0).transaction());
        long detectedAfter = now - sent;
        assertTrue(detectedAfter >= config.floorNanos() && detectedAfter <= timeouts[0] + MS,
                "detected after " + detectedAfter / MS + " ms");
        assertTrue(detector.check(now + 10_000 * MS).isEmpty(), "reported once");
    }

    @Test
    void anUnknownKindWaitsForTheCeiling() {
        detector.requestComplete(B1, 1, 5, "NEW", now);
        long sent = now;
        List<Suspicion> s = checkUntil(now + 10_000 * MS, 10 * MS);
        assertEquals(1, s.size());
        assertTrue(now - sent > config.ceilingNanos() && now - sent <= config.ceilingNanos() + 10 * MS);
    }

    @Test
    void aLargeResponseThatKeepsFlowingIsNotAFailureButAStallIs() {
        for (int i = 0; i < 20; i++) {
            serve(B1, "GET /big", 5 * MS, 20 * MS);
        }
        detector.requestComplete(B1, 1, 77, "GET /big", now);
        now += 5 * MS;
        // Twenty times the usual transfer time, but a byte every 2 ms: fine.
        for (int i = 0; i < 200; i++) {
            now += 2 * MS;
            detector.responseBytes(B1, 77, now);
            assertTrue(detector.check(now).isEmpty());
        }
        List<Suspicion> s = checkUntil(now + 5_000 * MS, MS);
        assertEquals(Suspicion.Reason.RESPONSE_STALLED, s.get(0).reason());
        assertTrue(s.get(0).waitedNanos() > config.stallNanos() && s.get(0).waitedNanos() <= config.stallNanos() + MS);
    }

    @Test
    void aPipelinedRequestWaitsForTheResponseBeforeIt() {
        for (int i = 0; i < 20; i++) {
            serve(B1, "GET", 5 * MS, 2 * MS);
        }
        detector.requestComplete(B1, 1, 100, "GET", now);
        detector.requestComplete(B1, 1, 101, "GET", now);
        now += 5 * MS;
        for (int i = 0; i < 100; i++) {          // the first response flows for 200 ms
            now += 2 * MS;
            detector.responseBytes(B1, 100, now);
            assertTrue(detector.check(now).isEmpty(), "101 must not be blamed for 100's long response");
        }
        detector.responseComplete(B1, 100, now);
        List<Suspicion> s = checkUntil(now + 5_000 * MS, MS);
        assertEquals(101, s.get(0).transaction());
    }

    @Test
    void resetOrCloseMidTransactionIsImmediateEvidence() {
        detector.requestComplete(B1, 7, 1, "GET", now);
        Suspicion s = detector.connectionBroken(B1, 7, true, now).orElseThrow();
        assertEquals(Suspicion.Reason.CONNECTION_RESET, s.reason());
        assertEquals(0, s.waitedNanos());

        detector.requestComplete(B2, 8, 2, "GET", now);
        assertEquals(Suspicion.Reason.CLOSED_MID_TRANSACTION,
                detector.connectionBroken(B2, 8, false, now).orElseThrow().reason());
    }

    @Test
    void aCloseBetweenTransactionsIsNormal() {
        serve(B1, "GET", 5 * MS, 1 * MS);
        assertTrue(detector.connectionBroken(B1, 1, false, now).isEmpty());
        assertTrue(detector.connectionBroken(B1, 1, true, now).isEmpty());
    }

    @Test
    void idleBackendsAreProbedAtALowRate() {
        detector.watch(B1, now);
        assertEquals(List.of(), detector.backendsToProbe(now + config.idleProbeNanos() - 1));
        assertEquals(List.of(B1), detector.backendsToProbe(now + config.idleProbeNanos()));
        assertEquals(List.of(), detector.backendsToProbe(now + config.idleProbeNanos() + 1));
        assertEquals(List.of(B1), detector.backendsToProbe(now + 2 * config.idleProbeNanos()));
        assertEquals(Suspicion.Reason.PROBE_FAILED, detector.probeFailed(B1, now).orElseThrow().reason());
        assertTrue(detector.probeFailed(B1, now).isEmpty(), "reported once");
        assertEquals(List.of(), detector.backendsToProbe(now + 10 * config.idleProbeNanos()), "suspected: no probe");
        detector.clear(B1);
        assertEquals(List.of(B1), detector.backendsToProbe(now + 10 * config.idleProbeNanos()));
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new DetectorConfig(0, MS, 2 * MS, 1, MS, MS)).getMessage().contains("k must be"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new DetectorConfig(4, 5 * MS, 2 * MS, 1, MS, MS)).getMessage().contains("floor <= ceiling"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new DetectorConfig(4, MS, 2 * MS, 0, MS, MS)).getMessage().contains("minSamples"));
    }
}
