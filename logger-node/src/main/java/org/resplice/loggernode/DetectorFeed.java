package org.resplice.loggernode;

import org.resplice.loggernode.detect.FailureDetector;
import org.resplice.loggernode.detect.Suspicion;
import org.resplice.loggernode.log.CloseCause;
import org.resplice.loggernode.log.ConnectionKey;
import org.resplice.loggernode.log.LogListener;
import org.resplice.loggernode.log.LoggedTransaction;

import java.util.Objects;

/**
 * Tells the failure detector (DESIGN §4.5) what the log sees: when a request ended, when its
 * response started, moved and ended, and when a backend closed or reset a connection in the
 * middle of a transaction, which is evidence at once.
 */
final class DetectorFeed implements LogListener {

    private final FailureDetector detector;
    private final SuspicionLog suspicions;

    DetectorFeed(FailureDetector detector, SuspicionLog suspicions) {
        this.detector = Objects.requireNonNull(detector, "detector");
        this.suspicions = Objects.requireNonNull(suspicions, "suspicions");
    }

    @Override
    public void requestComplete(ConnectionKey c, LoggedTransaction t, long nanos) {
        if (!t.serverInitiated()) {
            detector.requestComplete(c.backend(), c.id(), t.id(), t.kind(), nanos);
        }
    }

    @Override
    public void responseStarted(ConnectionKey c, LoggedTransaction t, long nanos) {
        detector.responseBytes(c.backend(), t.id(), nanos);
    }

    @Override
    public void responseBytes(ConnectionKey c, LoggedTransaction t, long loggedBytes, long nanos) {
        detector.responseBytes(c.backend(), t.id(), nanos);
    }

    @Override
    public void responseLogged(ConnectionKey c, LoggedTransaction t, long nanos) {
        detector.responseComplete(c.backend(), t.id(), nanos);
    }

    /**
     * The log can no longer follow this connection (a capture gap, broken framing): its transactions
     * will never be seen to progress, which says nothing about the backend. Without this, a gap in a
     * long download showed up as that response stalling (seen in ./resplice bench logger).
     */
    @Override
    public void connectionUnrecoverable(ConnectionKey c, String reason, long nanos) {
        detector.connectionClosed(c.backend(), c.id());
    }

    @Override
    public void connectionClosed(ConnectionKey c, CloseCause cause, boolean midTransaction, long nanos) {
        boolean byBackend = cause == CloseCause.SERVER_FIN || cause == CloseCause.SERVER_RESET;
        if (byBackend && midTransaction) {
            detector.connectionBroken(c.backend(), c.id(), cause == CloseCause.SERVER_RESET, nanos)
                    .ifPresent(s -> suspicions.add(s, nanos));
        } else {
            detector.connectionClosed(c.backend(), c.id());
        }
    }

    /** Runs the detector's timeouts; called every few milliseconds. */
    void check(long nanos) {
        for (Suspicion s : detector.check(nanos)) {
            suspicions.add(s, nanos);
        }
    }
}
