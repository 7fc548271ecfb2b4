package org.resplice.splicecore.txn;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Cuts the two byte streams of one connection into {@link Transaction}s (design §4.3). One framer
 * per connection; not thread-safe; no threads of its own.
 *
 * <p>Feed it the client→server bytes with {@code clientData} and the server→client bytes with
 * {@code serverData}, each direction in stream order, in chunks of any size; the two directions may
 * be fed in any interleaving. Where framing one direction needs something from the other (an HTTP
 * response cannot be framed before its request's method is known; an IMAP client's synchronising
 * literal is only sent after the server's continuation request), the framer keeps the bytes it
 * cannot frame yet and frames them when the other direction catches up. So for HTTP and IMAP the
 * transactions depend only on the two streams, never on how they were chunked or interleaved.
 * (The line framer is the exception: line protocols have no response delimiter, so there the
 * interleaving is the information; see {@code line.LineFramer}.) At most
 * {@link #MAX_WAITING_BYTES} may wait per direction; beyond that the connection is unrecoverable.
 *
 * <p>Call {@link #clientClosed()} / {@link #serverClosed()} at that direction's FIN. When both
 * directions are closed the framer settles: bytes still waiting then are reported as
 * unrecoverable.
 *
 * <p>When the framing cannot be trusted the framer becomes {@linkplain #isUnrecoverable()
 * unrecoverable}: it tells the listener once, keeps counting offsets, and produces nothing more.
 * Framing is never guessed.
 */
public abstract class Framer {

    /** The most bytes one direction may hold while waiting for the other direction. */
    public static final int MAX_WAITING_BYTES = 1 << 20;

    private static final int SCRATCH = 8192;

    private final int clientIpv4;
    private final int clientPort;
    private final TransactionListener listener;
    private final Side client = new Side("client");
    private final Side server = new Side("server");
    private final ArrayList<Transaction> open = new ArrayList<>();
    private final List<Transaction> openView = Collections.unmodifiableList(open);
    private int nextOrdinal;
    private String unrecoverableReason;
    private long progress;
    private boolean busy;
    private boolean settled;
    private byte[] scratch;

    /**
     * @param clientIpv4 the client's IPv4 address (for the ids)
     * @param clientPort the client's TCP port (for the ids)
     * @param listener told about every transaction; null for none
     */
    protected Framer(int clientIpv4, int clientPort, TransactionListener listener) {
        if (clientPort < 0 || clientPort > 0xFFFF) {
            throw new IllegalArgumentException("client port out of range: " + clientPort);
        }
        this.clientIpv4 = clientIpv4;
        this.clientPort = clientPort;
        this.listener = listener == null ? TransactionListener.NONE : listener;
    }

    /** The protocol this framer understands. */
    public abstract Protocol protocol();

    // ---------------------------------------------------------------- feeding

    /** The next {@code len} client→server bytes. */
    public final void clientData(byte[] b, int off, int len) {
        feed(client, b, off, len);
    }

    public final void clientData(byte[] b) {
        feed(client, b, 0, b.length);
    }

    /** The buffer's remaining bytes; its position moves to its limit. */
    public final void clientData(ByteBuffer buf) {
        feed(client, buf);
    }

    /** The next {@code len} server→client bytes. */
    public final void serverData(byte[] b, int off, int len) {
        feed(server, b, off, len);
    }

    public final void serverData(byte[] b) {
        feed(server, b, 0, b.length);
    }

    /** The buffer's remaining bytes; its position moves to its limit. */
    public final void serverData(ByteBuffer buf) {
        feed(server, buf);
    }

    /** The client closed its direction (FIN): no more client bytes. */
    public final void clientClosed() {
        close(client);
    }

    /** The server closed its direction (FIN): no more server bytes. Ends a close-delimited response. */
    public final void serverClosed() {
        close(server);
    }

    // ---------------------------------------------------------------- state

    /** Client→server bytes fed so far. */
    public final long clientOffset() {
        return client.received;
    }

    /** Server→client bytes fed so far. */
    public final long serverOffset() {
        return server.received;
    }

    /** Client bytes held because framing them needs server bytes not fed yet. */
    public final int clientWaitingBytes() {
        return client.len;
    }

    /** Server bytes held because framing them needs client bytes not fed yet. */
    public final int serverWaitingBytes() {
        return server.len;
    }

    public final boolean isClientClosed() {
        return client.closed;
    }

    public final boolean isServerClosed() {
        return server.closed;
    }

    public final boolean isUnrecoverable() {
        return unrecoverableReason != null;
    }

    /** Why the connection is unrecoverable, or null. */
    public final String unrecoverableReason() {
        return unrecoverableReason;
    }

    /** How many transactions (ordinals) have been started, including pseudo-transactions. */
    public final int transactionCount() {
        return nextOrdinal;
    }

    /** The transactions not yet complete, oldest first (a live, read-only view). */
    public final List<Transaction> inFlight() {
        return openView;
    }

    public final int clientIpv4() {
        return clientIpv4;
    }

    public final int clientPort() {
        return clientPort;
    }

    // ---------------------------------------------------------------- for the protocol framers

    /**
     * Frames client bytes. {@code offset} is the stream offset of {@code b[off]}. Returns how many
     * bytes were consumed; fewer than {@code len} means the rest must wait for server bytes (they
     * are offered again, followed by later bytes, after the server direction makes progress).
     * Called with {@code len == 0} to let a waiting framer retry.
     */
    protected abstract int consumeClient(long offset, byte[] b, int off, int len);

    /** Frames server bytes; see {@link #consumeClient}. */
    protected abstract int consumeServer(long offset, byte[] b, int off, int len);

    /** The client direction ended at {@code offset}, and every client byte was consumed. */
    protected void clientEnded(long offset) {
    }

    /** The server direction ended at {@code offset}, and every server byte was consumed. */
    protected void serverEnded(long offset) {
    }

    /**
     * Both directions are closed and nothing more can arrive: resolve what waits for bytes that
     * will never come. After this the framer retries both directions once more; whatever still
     * waits then makes the connection unrecoverable.
     */
    protected void settle() {
    }

    /** Ordinal for a new transaction, or -1 (and the connection becomes unrecoverable) past the cap. */
    protected final int takeOrdinal() {
        if (nextOrdinal > TransactionId.MAX_ORDINAL) {
            fail("more than " + (TransactionId.MAX_ORDINAL + 1)
                    + " transactions on one connection: the 16-bit ordinal of the transaction id would wrap");
            return -1;
        }
        return nextOrdinal++;
    }

    /** A new transaction with the next ordinal; null if the ordinal cap was reached. */
    protected final Transaction newTransaction(long requestStart, RequestSummary summary) {
        int ordinal = takeOrdinal();
        return ordinal < 0 ? null : newTransaction(ordinal, requestStart, summary);
    }

    /** A new transaction with an ordinal obtained earlier from {@link #takeOrdinal()}. */
    protected final Transaction newTransaction(int ordinal, long requestStart, RequestSummary summary) {
        Objects.requireNonNull(summary, "summary");
        if (ordinal < 0 || ordinal >= nextOrdinal) {
            throw new IllegalArgumentException("ordinal not taken: " + ordinal);
        }
        Transaction t = new Transaction(ordinal, TransactionId.of(clientIpv4, clientPort, ordinal), requestStart,
                summary);
        open.add(t);
        progress++;
        listener.requestStarted(t);
        return t;
    }

    protected final void completeRequest(Transaction t, long end) {
        if (t.requestEnd >= 0) {
            throw new IllegalStateException("request already complete: " + t);
        }
        if (end < t.requestStart) {
            throw new IllegalArgumentException("request end " + end + " before start: " + t);
        }
        t.requestEnd = end;
        progress++;
        listener.requestComplete(t);
        retireIfDone(t);
    }

    protected final void startResponse(Transaction t, long start) {
        if (t.responseStart >= 0) {
            throw new IllegalStateException("response already started: " + t);
        }
        t.responseStart = start;
        progress++;
        listener.responseStarted(t);
    }

    /** Completes the response; an unstarted response becomes the empty response at {@code end}. */
    protected final void completeResponse(Transaction t, long end) {
        if (t.responseEnd >= 0) {
            throw new IllegalStateException("response already complete: " + t);
        }
        if (t.responseStart < 0) {
            startResponse(t, end);
        }
        if (end < t.responseStart) {
            throw new IllegalArgumentException("response end " + end + " before start: " + t);
        }
        t.responseEnd = end;
        progress++;
        listener.responseComplete(t);
        retireIfDone(t);
    }

    /** The framer's state changed in a way that may let the other direction go on. */
    protected final void progressed() {
        progress++;
    }

    /** Marks the connection unrecoverable (first reason wins) and stops all framing. */
    protected final void fail(String reason) {
        if (unrecoverableReason != null) {
            return;
        }
        unrecoverableReason = Objects.requireNonNull(reason, "reason");
        client.drop();
        server.drop();
        listener.unrecoverable(reason);
    }

    /** True once the connection is unrecoverable. */
    protected final boolean dead() {
        return unrecoverableReason != null;
    }

    /** Client bytes consumed (framed) so far. */
    protected final long clientConsumed() {
        return client.consumed;
    }

    /** Server bytes consumed (framed) so far. */
    protected final long serverConsumed() {
        return server.consumed;
    }

    // ---------------------------------------------------------------- machinery

    private void retireIfDone(Transaction t) {
        if (t.isComplete()) {
            open.remove(t);
        }
    }

    private void feed(Side s, ByteBuffer buf) {
        if (buf.hasArray()) {
            int n = buf.remaining();
            feed(s, buf.array(), buf.arrayOffset() + buf.position(), n);
            buf.position(buf.limit());
            return;
        }
        if (scratch == null) {
            scratch = new byte[SCRATCH];
        }
        while (buf.hasRemaining()) {
            int n = Math.min(SCRATCH, buf.remaining());
            buf.get(scratch, 0, n);
            feed(s, scratch, 0, n);
        }
    }

    private void feed(Side s, byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (s.closed) {
            throw new IllegalStateException(s.name + " data after " + s.name + " closed");
        }
        enter();
        try {
            s.received += len;
            if (dead() || len == 0) {
                return;
            }
            if (s.len == 0) {
                int n = consume(s, b, off, len);
                if (dead()) {
                    return;
                }
                if (n < len) {
                    hold(s, b, off + n, len - n);
                }
            } else {
                hold(s, b, off, len);
            }
            pump();
        } finally {
            busy = false;
        }
    }

    private void close(Side s) {
        enter();
        try {
            if (s.closed) {
                return;
            }
            s.closed = true;
            pump();
        } finally {
            busy = false;
        }
    }

    private void enter() {
        if (busy) {
            throw new IllegalStateException("a TransactionListener must not feed its own framer");
        }
        busy = true;
    }

    private int consume(Side s, byte[] b, int off, int len) {
        int n = s == client ? consumeClient(s.consumed, b, off, len) : consumeServer(s.consumed, b, off, len);
        if (n < 0 || n > len) {
            throw new IllegalStateException("consumed " + n + " of " + len);
        }
        if (n > 0) {
            s.consumed += n;
            progress++;
        }
        return n;
    }

    private void hold(Side s, byte[] b, int off, int len) {
        if (dead()) {
            return;
        }
        if ((long) s.len + len > MAX_WAITING_BYTES) {
            fail("more than " + MAX_WAITING_BYTES + " " + s.name + " bytes waiting for "
                    + (s == client ? "server" : "client") + " bytes that would frame them");
            return;
        }
        s.append(b, off, len);
    }

    /** Lets each direction retry until neither makes progress; then ends and settles. */
    private void pump() {
        while (!dead()) {
            long before = progress;
            drain(client);
            drain(server);
            deliverEnd(client);
            deliverEnd(server);
            if (progress == before) {
                break;
            }
        }
        if (!dead() && client.closed && server.closed && !settled) {
            settled = true;
            settle();
            pump();
            if (!dead() && (client.len > 0 || server.len > 0)) {
                Side s = client.len > 0 ? client : server;
                fail("both directions closed with " + s.len + " " + s.name + " bytes that could not be framed");
            }
        }
    }

    private void drain(Side s) {
        if (dead()) {
            return;
        }
        int n = consume(s, s.buf == null ? EMPTY : s.buf, s.start, s.len);
        if (!dead()) {
            s.skip(n);
        }
    }

    private void deliverEnd(Side s) {
        if (dead() || !s.closed || s.endDelivered || s.len > 0) {
            return;
        }
        s.endDelivered = true;
        progress++;
        if (s == client) {
            clientEnded(s.consumed);
        } else {
            serverEnded(s.consumed);
        }
    }

    private static final byte[] EMPTY = new byte[0];

    /** One direction: counters and the bytes waiting for the other direction. */
    private static final class Side {
        final String name;
        long received;
        long consumed;
        boolean closed;
        boolean endDelivered;
        byte[] buf;
        int start;
        int len;

        Side(String name) {
            this.name = name;
        }

        void append(byte[] b, int off, int n) {
            if (buf == null) {
                buf = new byte[Math.max(1024, Integer.highestOneBit(n - 1) << 1)];
            }
            if (start + len + n > buf.length) {
                if (len + n <= buf.length) {
                    System.arraycopy(buf, start, buf, 0, len);
                } else {
                    int cap = buf.length;
                    while (cap < len + n) {
                        cap <<= 1;
                    }
                    byte[] nb = new byte[cap];
                    System.arraycopy(buf, start, nb, 0, len);
                    buf = nb;
                }
                start = 0;
            }
            System.arraycopy(b, off, buf, start + len, n);
            len += n;
        }

        void skip(int n) {
            start += n;
            len -= n;
            if (len == 0) {
                start = 0;
            }
        }

        void drop() {
            buf = null;
            start = 0;
            len = 0;
        }
    }
}
