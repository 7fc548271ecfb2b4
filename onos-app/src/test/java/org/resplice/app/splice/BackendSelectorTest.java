package org.resplice.app.splice;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.onosproject.core.DefaultApplicationId;
import org.resplice.app.config.RespliceConfig;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackendSelectorTest {

    private static final List<String> THREE = List.of("10.0.0.11", "10.0.0.12", "10.0.0.13");

    private static RespliceConfig.Pool pool(String extra) throws Exception {
        String json = "{\"pools\": [{\"name\": \"web\", \"protocol\": \"http\", \"port\": 80,"
                + " \"backends\": [\"10.0.0.11\", \"10.0.0.12\", \"10.0.0.13\"]" + extra + "}]}";
        RespliceConfig c = new RespliceConfig();
        c.init(new DefaultApplicationId(1, "org.resplice.app"), RespliceConfig.KEY,
                new ObjectMapper().readTree(json), new ObjectMapper(), x -> { });
        return c.pools().get(0);
    }

    @Test
    void roundRobinVisitsEveryBackendInTurn() throws Exception {
        BackendSelector s = new BackendSelector();
        RespliceConfig.Pool p = pool("");
        int[] hits = new int[3];
        for (int i = 0; i < 300; i++) {
            hits[s.choose(p, THREE, null, b -> 0)]++;
        }
        assertEquals(List.of(100, 100, 100), List.of(hits[0], hits[1], hits[2]));
    }

    @Test
    void leastConnectionsPicksTheLeastLoadedAndSpreadsTies() throws Exception {
        BackendSelector s = new BackendSelector();
        RespliceConfig.Pool p = pool(", \"policy\": \"least-connections\"");
        Map<String, Integer> load = new HashMap<>(Map.of("10.0.0.11", 5, "10.0.0.12", 1, "10.0.0.13", 3));
        for (int i = 0; i < 10; i++) {
            assertEquals(1, s.choose(p, THREE, null, load::get));
        }
        // Fill the pool one connection at a time: it stays balanced within one.
        load.replaceAll((k, v) -> 0);
        for (int i = 0; i < 99; i++) {
            int b = s.choose(p, THREE, null, load::get);
            load.merge(THREE.get(b), 1, Integer::sum);
        }
        assertEquals(Map.of("10.0.0.11", 33, "10.0.0.12", 33, "10.0.0.13", 33), load);
    }

    @Test
    void aCookieKeepsItsBackendWhateverThePolicySays() throws Exception {
        BackendSelector s = new BackendSelector();
        RespliceConfig.Pool p = pool(", \"policy\": \"least-connections\", \"affinityCookie\": \"SID\"");
        int first = s.choose(p, THREE, "abc123", b -> 0);
        for (int i = 0; i < 50; i++) {
            int busiest = first;
            assertEquals(first, s.choose(p, THREE, "abc123", b -> b.equals(THREE.get(busiest)) ? 1000 : 0));
        }
        assertEquals(first, new BackendSelector().choose(p, THREE, "abc123", b -> 0),
                "a restarted controller sends the session to the same backend");
    }

    @Test
    void cookiesSpreadAndOnlyALeavingBackendsSessionsMove() throws Exception {
        BackendSelector s = new BackendSelector();
        RespliceConfig.Pool p = pool(", \"affinityCookie\": \"SID\"");
        int[] hits = new int[3];
        int moved = 0;
        for (int i = 0; i < 3000; i++) {
            String sid = "session-" + i;
            int b = s.choose(p, THREE, sid, x -> 0);
            hits[b]++;
            int after = s.choose(p, List.of(THREE.get(0), THREE.get(1)), sid, x -> 0);
            if (b < 2) {
                assertEquals(b, after, "a session on a backend that stays does not move");
            } else {
                moved++;
            }
        }
        for (int h : hits) {
            assertTrue(h > 850 && h < 1150, "each backend gets about a third of the sessions: " + h);
        }
        assertEquals(hits[2], moved);
    }

    @Test
    void withoutTheCookieThePolicyDecides() throws Exception {
        BackendSelector s = new BackendSelector();
        RespliceConfig.Pool p = pool(", \"affinityCookie\": \"SID\"");
        assertNotEquals(s.choose(p, THREE, null, b -> 0), s.choose(p, THREE, null, b -> 0));
        assertThrows(IllegalArgumentException.class, () -> s.choose(p, List.of(), null, b -> 0));
    }
}
