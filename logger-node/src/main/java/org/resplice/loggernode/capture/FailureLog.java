package org.resplice.loggernode.capture;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

import org.slf4j.Logger;

/**
 * Counts failures of one repeated activity (a poll, a POST, a handler call) and logs each distinct
 * failure once, not every time it repeats: a controller that is down for a minute gives one warning,
 * not 600. After a success the next failure is logged again, and the recovery is logged with how
 * many failures it ended. Thread-safe.
 */
public final class FailureLog {

    /** Distinct failures remembered between successes; more are counted but not logged. */
    static final int MAX_DISTINCT = 64;

    private final Logger log;
    private final String activity;
    private final Set<String> logged = new HashSet<>();
    private long failures;
    private long failuresSinceSuccess;

    /**
     * @param log      where to log
     * @param activity what fails, as a noun phrase for the log, e.g. {@code "splice poll of http://c/"}
     */
    public FailureLog(Logger log, String activity) {
        this.log = Objects.requireNonNull(log, "log");
        this.activity = Objects.requireNonNull(activity, "activity");
    }

    /**
     * Counts a failure; logs it if this description was not logged since the last success.
     *
     * @param description what went wrong, without varying details such as times or counts (it is
     *                    the key that tells failures apart)
     * @param cause       the exception, or null
     */
    public synchronized void failed(String description, Throwable cause) {
        failures++;
        failuresSinceSuccess++;
        if (logged.contains(description)) {
            return;
        }
        if (logged.size() >= MAX_DISTINCT) {
            if (logged.size() == MAX_DISTINCT) {
                logged.add("\0overflow");
                log.warn("{}: more than {} distinct failures; further ones are only counted", activity, MAX_DISTINCT);
            }
            return;
        }
        logged.add(description);
        if (cause != null && !(cause instanceof java.io.IOException)) {
            log.warn("{} failed: {} (repeats are counted, not logged)", activity, description, cause);
        } else {
            log.warn("{} failed: {} (repeats are counted, not logged)", activity, description);
        }
    }

    /** Notes a success: logs a recovery if failures came before, and forgets what was logged. */
    public synchronized void succeeded() {
        if (failuresSinceSuccess > 0) {
            log.info("{} works again after {} failures", activity, failuresSinceSuccess);
            failuresSinceSuccess = 0;
            logged.clear();
        }
    }

    /** Every failure counted since creation. */
    public synchronized long failures() {
        return failures;
    }
}
