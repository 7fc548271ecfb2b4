package org.resplice.loggernode.log;

/**
 * How much recovery loses when bytes are evicted to stay within a memory cap, from nothing to a
 * lot. Eviction works tier by tier, so a cap costs lossless work first, then replay history, and
 * only then bytes recovery needs.
 */
enum EvictionTier {
    /**
     * The prefix below Ack_CL of a response in progress is replaced by its running SHA-256, which is
     * all recovery compares it with: nothing is lost.
     */
    LOSSLESS,
    /**
     * Request bytes of complete transactions, kept so that recovery can replay from T_R when T_R is
     * older than T_L + 1. Losing them makes those transactions unreplayable.
     */
    REPLAY_HISTORY,
    /**
     * Bytes recovery needs: unacknowledged server bytes (resent to the client) and requests of
     * transactions not yet complete (replayed to the alternate).
     */
    NEEDED
}
