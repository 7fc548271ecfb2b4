package org.resplice.splicecore.tcp;

/** A clock that moves only when told. */
final class FakeClock implements Clock {

    private long now;

    FakeClock(long start) {
        this.now = start;
    }

    @Override
    public long nanos() {
        return now;
    }

    void advanceMillis(long ms) {
        now += ms * 1_000_000L;
    }

    void advanceNanos(long ns) {
        now += ns;
    }

    void set(long nanos) {
        now = nanos;
    }
}
