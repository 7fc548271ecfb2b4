package org.resplice.loggernode.log;

import org.resplice.splicecore.tcp.Clock;

/** A clock the test moves. */
final class FakeClock implements Clock {
    long nanos = 1_000_000_000L;

    @Override
    public long nanos() {
        return nanos;
    }

    void advanceMillis(long ms) {
        nanos += ms * 1_000_000L;
    }
}
