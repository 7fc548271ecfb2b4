package org.resplice.loggernode;

import org.resplice.loggernode.detect.Suspicion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backends the detector suspected, newest last, bounded; what {@code GET /logger/suspicions}
 * shows and what a recovery service polls. Each is logged once at WARN as it happens.
 */
final class SuspicionLog {

    private static final Logger log = LoggerFactory.getLogger(SuspicionLog.class);
    static final int CAPACITY = 1024;

    private final Deque<Map<String, Object>> recent = new ArrayDeque<>();
    private long total;

    synchronized void add(Suspicion s, long nanos) {
        log.warn("backend suspected: {}", s);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", s.backend());
        m.put("reason", s.reason().name());
        m.put("transaction", s.transaction() < 0 ? null : Long.toUnsignedString(s.transaction()));
        m.put("waitedMs", s.waitedNanos() / 1e6);
        m.put("timeoutMs", s.timeoutNanos() / 1e6);
        m.put("detectedNanos", nanos);
        Instant at = Instant.now();
        m.put("detectedAt", at.toString());
        m.put("detectedAtEpochMs", at.toEpochMilli() + (at.getNano() % 1_000_000) / 1e6);
        recent.addLast(m);
        if (recent.size() > CAPACITY) {
            recent.removeFirst();
        }
        total++;
    }

    synchronized List<Map<String, Object>> recent() {
        return new ArrayList<>(recent);
    }

    synchronized long total() {
        return total;
    }
}
