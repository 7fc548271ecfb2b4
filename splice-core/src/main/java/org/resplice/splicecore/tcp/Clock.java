package org.resplice.splicecore.tcp;

/** Monotonic time in nanoseconds; tests inject a fake. Values may be negative and may wrap, as nanoTime. */
public interface Clock {

    long nanos();

    /** {@link System#nanoTime()}. */
    static Clock system() {
        return System::nanoTime;
    }
}
