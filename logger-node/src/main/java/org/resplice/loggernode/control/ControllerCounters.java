package org.resplice.loggernode.control;

/**
 * What a {@link ControllerClient} has counted; a snapshot.
 *
 * @param splicePolls     splice-table polls that succeeded
 * @param spliceFailures  splice-table polls that failed (no answer, not 200, unusable JSON)
 * @param tagPolls        tag-table polls that succeeded
 * @param tagFailures     tag-table polls that failed
 * @param lastSpliceError the last splice-poll failure, or null if the last poll succeeded
 * @param lastTagError    the last tag-poll failure, or null if the last poll succeeded
 * @param listenerFailures listener calls that threw (counted and logged; polling goes on)
 */
public record ControllerCounters(long splicePolls, long spliceFailures, long tagPolls, long tagFailures,
                                 String lastSpliceError, String lastTagError, long listenerFailures) {
}
