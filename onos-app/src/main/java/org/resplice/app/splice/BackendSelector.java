package org.resplice.app.splice;

import org.resplice.app.config.RespliceConfig;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Picks the backend of a new connection (DESIGN §4.1 step 2): a request carrying the pool's
 * affinity cookie goes where that cookie's value hashes to, otherwise the pool's policy decides.
 *
 * <p>Affinity is rendezvous hashing of the cookie value over the candidates: a session stays on
 * its backend without the controller learning anything from responses (which it never sees), the
 * same value lands on the same backend after a controller restart, and when a backend leaves only
 * its own sessions move. Not thread-safe: the splice manager's worker thread owns it.
 */
final class BackendSelector {

    private final Map<String, Integer> roundRobin = new HashMap<>();

    /**
     * The index in {@code candidates} of the backend for a new connection.
     *
     * @param pool        the pool the VIP serves
     * @param candidates  the pool's reachable backends, as IPv4 strings, in the pool's order; not empty
     * @param cookieValue the value of the pool's affinity cookie in the request, or null
     * @param active      how many splices a backend carries now (for least-connections)
     */
    int choose(RespliceConfig.Pool pool, List<String> candidates, String cookieValue, ToIntFunction<String> active) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("candidates: empty; route only when a backend is reachable");
        }
        if (cookieValue != null && !cookieValue.isEmpty() && pool.affinityCookie() != null) {
            return byAffinity(cookieValue, candidates);
        }
        int turn = roundRobin.merge(pool.name(), 1, Integer::sum) & Integer.MAX_VALUE;
        if (pool.policy() == RespliceConfig.Policy.LEAST_CONNECTIONS) {
            // Ties are broken in round-robin order, so an idle pool still spreads its connections.
            int best = -1;
            int bestLoad = Integer.MAX_VALUE;
            for (int k = 0; k < candidates.size(); k++) {
                int i = (turn + k) % candidates.size();
                int load = active.applyAsInt(candidates.get(i));
                if (load < bestLoad) {
                    best = i;
                    bestLoad = load;
                }
            }
            return best;
        }
        return turn % candidates.size();
    }

    private static int byAffinity(String cookieValue, List<String> candidates) {
        int best = 0;
        long bestScore = Long.MIN_VALUE;
        for (int i = 0; i < candidates.size(); i++) {
            long score = score(cookieValue, candidates.get(i));
            if (score > bestScore) {
                best = i;
                bestScore = score;
            }
        }
        return best;
    }

    /** FNV-1a over "value|backend", finished with SplitMix64's mixer so every bit counts. */
    static long score(String cookieValue, String backend) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (cookieValue + "|" + backend).getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
