package org.resplice.loggernode.log;

import java.util.ArrayList;
import java.util.List;

/** Records listener calls as short strings: {@code "requestComplete #1 GET @5"} (time in ms of the fake clock). */
final class RecordingListener implements LogListener {
    final List<String> events = new ArrayList<>();

    private static long ms(long nanos) {
        return (nanos - 1_000_000_000L) / 1_000_000L;
    }

    @Override
    public void requestComplete(ConnectionKey c, LoggedTransaction t, long nanos) {
        events.add("requestComplete #" + t.ordinal() + " " + t.kind() + " @" + ms(nanos));
    }

    @Override
    public void responseStarted(ConnectionKey c, LoggedTransaction t, long nanos) {
        events.add("responseStarted #" + t.ordinal() + " @" + ms(nanos));
    }

    @Override
    public void responseBytes(ConnectionKey c, LoggedTransaction t, long loggedBytes, long nanos) {
        events.add("responseBytes #" + t.ordinal() + " " + loggedBytes + " @" + ms(nanos));
    }

    @Override
    public void responseLogged(ConnectionKey c, LoggedTransaction t, long nanos) {
        events.add("responseLogged #" + t.ordinal() + " @" + ms(nanos));
    }

    @Override
    public void connectionUnrecoverable(ConnectionKey c, String reason, long nanos) {
        events.add("unrecoverable " + reason + " @" + ms(nanos));
    }

    @Override
    public void connectionClosed(ConnectionKey c, CloseCause cause, boolean midTransaction, long nanos) {
        events.add("closed " + cause + (midTransaction ? " mid-transaction" : "") + " @" + ms(nanos));
    }

    /** Events whose text starts with one of the prefixes. */
    List<String> only(String... prefixes) {
        List<String> out = new ArrayList<>();
        for (String e : events) {
            for (String p : prefixes) {
                if (e.startsWith(p)) {
                    out.add(e);
                    break;
                }
            }
        }
        return out;
    }
}
