package org.resplice.loggernode.aux;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import org.resplice.loggernode.capture.FlowKey;
import org.resplice.loggernode.stream.ConnectionSink;
import org.resplice.splicecore.imap.ImapFramer;
import org.resplice.splicecore.imap.ImapRequestSummary;
import org.resplice.splicecore.txn.Transaction;
import org.resplice.splicecore.txn.TransactionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the IMAP commands of one backend → aux server connection: runs splice-core's
 * {@link ImapFramer} over the two rebuilt streams (the backend is the IMAP client) and hands every
 * command, with its exact request and response bytes, to a recorder (normally
 * {@link AuxCache#record}) once nothing more can change it.
 *
 * <p><b>Response bytes.</b> The framer gives each command a response span: from the first server
 * line attributed to it to the end of its tagged completion. Spans of pipelined commands may
 * overlap. When the overlap is only another command's bare tagged completion (a server completing
 * pipelined commands out of order), that line is cut out, so each response holds exactly the lines
 * the framer attributed to its command. Any other overlap means untagged data or continuation
 * requests of two commands interleave, and which belong to which is IMAP's guess, not the
 * logger's: both commands become incomplete. A command is recorded only when no command still
 * open can overlap it.
 *
 * <p><b>Loss.</b> A capture gap in either stream, framing the framer gives up on, or a stream
 * buffer cap ends logging on the connection: commands not yet complete are recorded as incomplete
 * with the reason, complete ones are recorded, later ones are not framed at all (the logger never
 * guesses where the next command starts). The connection's end (FIN pair, RST, or
 * {@link #end(String)} from the follower) does the same for commands still open.
 *
 * <p>Bytes are kept only while a command may still need them: client bytes from the start of the
 * oldest incomplete request, server bytes from the start of the oldest response not yet recorded.
 *
 * <p>Not thread-safe: the capture's parse thread drives it, in capture order.
 */
public final class AuxSink implements ConnectionSink {

    private static final Logger LOG = LoggerFactory.getLogger(AuxSink.class);

    private final FlowKey connection;
    private final Consumer<AuxCommand> recorder;
    private final AuxCounters counters;
    private final ImapFramer framer;
    private final StreamWindow clientBytes;
    private final StreamWindow serverBytes;
    /** Commands not complete yet, by ordinal, oldest first. */
    private final Map<Integer, OpenCommand> open = new LinkedHashMap<>();
    /** Complete commands waiting until no open command can overlap their response. */
    private final List<OpenCommand> waiting = new ArrayList<>();
    /** Every future request starts at or after this (requests are contiguous). */
    private long clientFloor;
    /** Every future response starts at or after this: responses start at lines, in stream order. */
    private long serverFloor;
    /** Why the framer gave up, set from its listener and handled after the feed returns. */
    private String framerFailure;
    /** Why logging stopped on this connection, or null while it goes on. */
    private String stoppedReason;
    private boolean clientFin;
    private boolean serverFin;
    private boolean ended;

    /**
     * @param connection        the connection, backend → aux server (for the records and the log)
     * @param recorder          takes every finished command, on this thread
     * @param counters          counts framing losses
     * @param maxBufferedBytes  the most bytes kept per direction for commands not yet recorded (one
     *                          command's request or response larger than this stops logging on the
     *                          connection)
     */
    public AuxSink(FlowKey connection, Consumer<AuxCommand> recorder, AuxCounters counters, int maxBufferedBytes) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.clientBytes = new StreamWindow(maxBufferedBytes);
        this.serverBytes = new StreamWindow(maxBufferedBytes);
        this.framer = new ImapFramer(connection.srcIp(), connection.srcPort(), new Listener());
    }

    /** True once the connection ended: both FINs, a RST, or {@link #end(String)}. */
    public boolean isEnded() {
        return ended;
    }

    /** Why logging stopped before the connection ended (gap, framing, buffer cap), or null. */
    public String stoppedReason() {
        return stoppedReason;
    }

    /** Bytes held now for commands not yet recorded, both directions (for tests and status). */
    int bufferedBytes() {
        return clientBytes.size() + serverBytes.size();
    }

    /** Commands not yet recorded: open ones and complete ones waiting for an overlap check. */
    public int unrecordedCommands() {
        return open.size() + waiting.size();
    }

    /**
     * The follower ended the connection (idle timeout, a new connection on the same addresses):
     * records every command still open as incomplete with {@code reason}. Idempotent.
     */
    public void end(String reason) {
        Objects.requireNonNull(reason, "reason");
        if (ended) {
            return;
        }
        ended = true;
        stop(reason, false);
    }

    // ---------------------------------------------------------------- ConnectionSink

    @Override
    public void clientData(long offset, byte[] b, int off, int len) {
        if (stoppedReason != null) {
            return;
        }
        if (!clientBytes.append(offset, b, off, len)) {
            stopForBufferCap("backend→aux");
            return;
        }
        framer.clientData(b, off, len);
        afterFeed();
    }

    @Override
    public void serverData(long offset, byte[] b, int off, int len) {
        if (stoppedReason != null) {
            return;
        }
        if (!serverBytes.append(offset, b, off, len)) {
            stopForBufferCap("aux→backend");
            return;
        }
        framer.serverData(b, off, len);
        afterFeed();
    }

    @Override
    public void clientGap(long from, long to) {
        if (stoppedReason == null) {
            stop("capture lost backend→aux bytes [" + from + "," + to + ")", true);
        }
    }

    @Override
    public void serverGap(long from, long to) {
        if (stoppedReason == null) {
            stop("capture lost aux→backend bytes [" + from + "," + to + ")", true);
        }
    }

    @Override
    public void clientAck(long serverOffset) {
        // Acknowledgements tell nothing about IMAP framing.
    }

    @Override
    public void serverAck(long clientOffset) {
        // Acknowledgements tell nothing about IMAP framing.
    }

    @Override
    public void clientFin(long offset) {
        clientFin = true;
        if (stoppedReason == null) {
            framer.clientClosed();
            afterFeed();
        }
        endIfBothClosed();
    }

    @Override
    public void serverFin(long offset) {
        serverFin = true;
        if (stoppedReason == null) {
            framer.serverClosed();
            afterFeed();
        }
        endIfBothClosed();
    }

    @Override
    public void reset(boolean byServer) {
        if (!ended) {
            ended = true;
            stop("connection reset by the " + (byServer ? "aux server" : "backend"), false);
        }
    }

    // ---------------------------------------------------------------- machinery

    private void endIfBothClosed() {
        if (clientFin && serverFin && !ended) {
            ended = true;
            stop("connection closed before the command's response was complete", false);
        }
    }

    private void afterFeed() {
        if (framerFailure != null) {
            stop("IMAP framing lost: " + framerFailure, true);
            return;
        }
        recordReady(false);
        trim();
    }

    private void stopForBufferCap(String direction) {
        stop("more " + direction + " bytes than the per-connection buffer holds for commands not yet logged", true);
    }

    /**
     * Stops logging: records the waiting complete commands, then the open ones as incomplete.
     *
     * @param framingLost true when logging stopped while the connection goes on (counted)
     */
    private void stop(String reason, boolean framingLost) {
        if (stoppedReason != null) {
            return;
        }
        stoppedReason = reason;
        if (framingLost) {
            counters.countConnectionFramingLost();
            LOG.info("aux connection {}: no more commands logged: {}", connection, reason);
        }
        recordReady(true);
        for (OpenCommand c : open.values()) {
            String why = c.spoiled != null ? c.spoiled : reason;
            recorder.accept(AuxCommand.incomplete(connection, c.t.ordinal(), c.tag, c.command, c.request, why));
        }
        open.clear();
        clientBytes.clear();
        serverBytes.clear();
    }

    /**
     * Records the waiting commands that no open command can overlap any more (all of them when
     * {@code all}), in the order they were sent.
     */
    private void recordReady(boolean all) {
        if (waiting.isEmpty()) {
            return;
        }
        long openResponseStart = all ? Long.MAX_VALUE : earliestOpenResponseStart();
        List<OpenCommand> ready = new ArrayList<>();
        for (OpenCommand c : waiting) {
            if (c.t.responseEnd() <= openResponseStart) {
                ready.add(c);
            }
        }
        ready.sort(Comparator.comparingInt(c -> c.t.ordinal()));
        for (OpenCommand c : ready) {
            // Cut before removing: another waiting command's tagged line may lie in this response.
            recorder.accept(c.spoiled != null
                    ? AuxCommand.incomplete(connection, c.t.ordinal(), c.tag, c.command, c.request, c.spoiled)
                    : AuxCommand.complete(connection, c.t.ordinal(), c.tag, c.command, c.request, response(c)));
        }
        waiting.removeAll(ready);
    }

    /** The command's response bytes without the bare tagged lines of other commands inside its span. */
    private byte[] response(OpenCommand c) {
        long from = c.t.responseStart();
        long to = c.t.responseEnd();
        List<OpenCommand> inside = new ArrayList<>();
        for (OpenCommand o : waiting) {
            if (o != c && o.t.responseStart() >= from && o.t.responseEnd() <= to) {
                inside.add(o); // the overlap check left only bare tagged lines inside a recordable span
            }
        }
        inside.sort(Comparator.comparingLong(o -> o.t.responseStart()));
        long cut = 0;
        for (OpenCommand o : inside) {
            cut += o.t.responseEnd() - o.t.responseStart();
        }
        byte[] out = new byte[(int) (to - from - cut)];
        int at = 0;
        long pos = from;
        for (OpenCommand o : inside) {
            serverBytes.copyTo(pos, o.t.responseStart(), out, at);
            at += (int) (o.t.responseStart() - pos);
            pos = o.t.responseEnd();
        }
        serverBytes.copyTo(pos, to, out, at);
        return out;
    }

    private long earliestOpenResponseStart() {
        long min = Long.MAX_VALUE;
        for (OpenCommand c : open.values()) {
            if (c.t.isResponseStarted()) {
                min = Math.min(min, c.t.responseStart());
            }
        }
        return min;
    }

    /** Drops the bytes no open or waiting command, and no future one, can need. */
    private void trim() {
        long clientKeep = clientFloor;
        long serverKeep = serverFloor;
        for (OpenCommand c : open.values()) {
            if (!c.t.isRequestComplete()) {
                clientKeep = Math.min(clientKeep, c.t.requestStart());
            }
            if (c.t.isResponseStarted()) {
                serverKeep = Math.min(serverKeep, c.t.responseStart());
            }
        }
        for (OpenCommand c : waiting) {
            serverKeep = Math.min(serverKeep, c.t.responseStart());
        }
        clientBytes.dropBefore(clientKeep);
        serverBytes.dropBefore(serverKeep);
    }

    /** A command just became complete (request and response): check it against the others. */
    private void completed(OpenCommand c) {
        open.remove(c.t.ordinal());
        for (OpenCommand w : waiting) {
            checkOverlap(c, w);
        }
        for (OpenCommand o : open.values()) {
            if (o.t.isResponseStarted()) {
                checkOverlap(c, o);
            }
        }
        waiting.add(c);
    }

    /** Spoils both commands if their response spans overlap other than by a bare tagged line. */
    private void checkOverlap(OpenCommand a, OpenCommand b) {
        long aFrom = a.t.responseStart();
        long aTo = a.t.responseEnd();
        long bFrom = b.t.responseStart();
        long bTo = b.t.isResponseComplete() ? b.t.responseEnd() : Long.MAX_VALUE;
        if (bFrom >= aTo || aFrom >= bTo) {
            return;
        }
        // A bare tagged line inside the other span is cut out of it later. The other command may
        // still be open (its end unknown): a line completing out of order comes before its end.
        if (isBareTaggedLineInside(a, bFrom, bTo) || (bTo != Long.MAX_VALUE && isBareTaggedLineInside(b, aFrom, aTo))) {
            return;
        }
        a.spoil("its response interleaves with that of command " + b.tag + " (#" + b.t.ordinal() + ")");
        b.spoil("its response interleaves with that of command " + a.tag + " (#" + a.t.ordinal() + ")");
    }

    /** Is the command's response only its tagged line (no line end before its last byte), within [from, to)? */
    private boolean isBareTaggedLineInside(OpenCommand c, long from, long to) {
        long s = c.t.responseStart();
        long e = c.t.responseEnd();
        if (s < from || e > to) {
            return false;
        }
        for (long p = s; p < e - 1; p++) {
            if (serverBytes.byteAt(p) == '\n') {
                return false;
            }
        }
        return true;
    }

    /** A client command the framer is working on, or a complete one waiting to be recorded. */
    private static final class OpenCommand {
        final Transaction t;
        final String tag;
        final String command;
        byte[] request;
        /** Why the command cannot be served although its bytes are complete, or null. */
        String spoiled;

        OpenCommand(Transaction t, String tag, String command) {
            this.t = t;
            this.tag = tag;
            this.command = command;
        }

        void spoil(String reason) {
            if (spoiled == null) {
                spoiled = reason;
            }
        }
    }

    /** Hears the framer; called inside {@code framer.clientData/serverData}, so it never feeds it. */
    private final class Listener implements TransactionListener {

        @Override
        public void requestStarted(Transaction t) {
            clientFloor = Math.max(clientFloor, t.requestStart());
            if (t.summary() instanceof ImapRequestSummary s && s.kind() == ImapRequestSummary.Kind.COMMAND) {
                open.put(t.ordinal(), new OpenCommand(t, s.tag(), s.command()));
            }
        }

        @Override
        public void requestComplete(Transaction t) {
            clientFloor = Math.max(clientFloor, t.requestEnd());
            OpenCommand c = open.get(t.ordinal());
            if (c != null) {
                c.request = clientBytes.copy(t.requestStart(), t.requestEnd());
                if (t.isComplete()) {
                    completed(c);
                }
            }
        }

        @Override
        public void responseStarted(Transaction t) {
            serverFloor = Math.max(serverFloor, t.responseStart());
        }

        @Override
        public void responseComplete(Transaction t) {
            serverFloor = Math.max(serverFloor, t.responseEnd());
            OpenCommand c = open.get(t.ordinal());
            if (c != null && t.isComplete()) {
                completed(c);
            }
        }

        @Override
        public void unrecoverable(String reason) {
            if (framerFailure == null) {
                framerFailure = reason;
            }
        }
    }
}
