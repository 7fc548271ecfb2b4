package org.resplice.loggernode.log;

import java.util.concurrent.atomic.LongAdder;

/** Running totals shared by the connections of one store; cheap to bump from the parse thread. */
final class LogStatistics {
    final LongAdder connectionsOpened = new LongAdder();
    final LongAdder transactions = new LongAdder();
    final LongAdder bytesHeld = new LongAdder();
    final LongAdder evictions = new LongAdder();
    final LongAdder evictedBytes = new LongAdder();
    final LongAdder gaps = new LongAdder();
    final LongAdder gapBytes = new LongAdder();
    final LongAdder unrecoverableConnections = new LongAdder();
    final LongAdder unrecoverableTransactions = new LongAdder();
    final LongAdder hashedResponses = new LongAdder();
    final LongAdder idleClosed = new LongAdder();
    final LongAdder afterReset = new LongAdder();

    LogCounters snapshot(int connectionsOpen) {
        return new LogCounters(connectionsOpen, connectionsOpened.sum(), transactions.sum(), bytesHeld.sum(),
                evictions.sum(), evictedBytes.sum(), gaps.sum(), gapBytes.sum(), unrecoverableConnections.sum(),
                unrecoverableTransactions.sum(), hashedResponses.sum(), idleClosed.sum(),
                afterReset.sum());
    }
}
