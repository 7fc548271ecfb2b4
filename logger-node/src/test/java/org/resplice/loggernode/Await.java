package org.resplice.loggernode;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits in tests for a condition another thread brings about, bounded in time. */
public final class Await {

    /** Long enough for a loaded CI machine; a passing test never waits it out. */
    public static final Duration DEADLINE = Duration.ofSeconds(20);

    private Await() {
    }

    /** Polls {@code condition} every 5 ms; fails with {@code what} after {@link #DEADLINE}. */
    public static void until(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + DEADLINE + " waiting for: " + what);
            }
            Thread.sleep(5);
        }
    }
}
