package org.resplice.loggernode;

import org.resplice.loggernode.log.CloseCause;
import org.resplice.loggernode.log.ConnectionKey;
import org.resplice.loggernode.log.LogListener;
import org.resplice.loggernode.log.LoggedTransaction;

import java.util.List;

/** Tells every one of several listeners, in order, what the log tells it. */
final class FanOutLogListener implements LogListener {

    private final List<LogListener> listeners;

    FanOutLogListener(LogListener... listeners) {
        this.listeners = List.of(listeners);
    }

    @Override
    public void requestComplete(ConnectionKey c, LoggedTransaction t, long nanos) {
        listeners.forEach(l -> l.requestComplete(c, t, nanos));
    }

    @Override
    public void responseStarted(ConnectionKey c, LoggedTransaction t, long nanos) {
        listeners.forEach(l -> l.responseStarted(c, t, nanos));
    }

    @Override
    public void responseBytes(ConnectionKey c, LoggedTransaction t, long loggedBytes, long nanos) {
        listeners.forEach(l -> l.responseBytes(c, t, loggedBytes, nanos));
    }

    @Override
    public void responseLogged(ConnectionKey c, LoggedTransaction t, long nanos) {
        listeners.forEach(l -> l.responseLogged(c, t, nanos));
    }

    @Override
    public void connectionUnrecoverable(ConnectionKey c, String reason, long nanos) {
        listeners.forEach(l -> l.connectionUnrecoverable(c, reason, nanos));
    }

    @Override
    public void connectionClosed(ConnectionKey c, CloseCause cause, boolean midTransaction, long nanos) {
        listeners.forEach(l -> l.connectionClosed(c, cause, midTransaction, nanos));
    }
}
