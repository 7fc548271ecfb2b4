package org.resplice.loggernode.rpc;

/**
 * What an {@link HttpResponseLoggedNotifier} has counted; a snapshot.
 *
 * @param sent    notifications the agent accepted (2xx)
 * @param failed  notifications that got no answer or an error status
 * @param dropped notifications not queued: the queue was full, or the notifier was closed
 * @param queued  notifications waiting now
 */
public record NotifierCounters(long sent, long failed, long dropped, int queued) {
}
