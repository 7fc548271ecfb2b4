package org.resplice.loggernode.log;

import org.resplice.loggernode.tag.Tagger;
import org.resplice.splicecore.txn.Protocol;

/** A store with a fake clock and a recording listener. */
final class LogFixture {
    static final int CLIENT_IP = 0x0A000001; // 10.0.0.1
    static final int CLIENT_PORT = 40000;
    static final String BACKEND = "10.0.0.11";
    static final ConnectionKey KEY = new ConnectionKey(CLIENT_IP, CLIENT_PORT, BACKEND);

    final FakeClock clock = new FakeClock();
    final RecordingListener listener = new RecordingListener();
    final Tagger tagger = new Tagger();
    final MemoryBudget budget;
    final ConnectionLogStore store;

    LogFixture() {
        this(LogConfig.defaults(), 64L << 20);
    }

    LogFixture(LogConfig config, long globalCap) {
        budget = new MemoryBudget(globalCap);
        store = new ConnectionLogStore(config, budget, tagger, listener, clock);
    }

    Wire open(Protocol protocol) {
        return open(KEY, protocol);
    }

    Wire open(ConnectionKey key, Protocol protocol) {
        return new Wire(store.open(key, protocol, 1000, 5000));
    }
}
