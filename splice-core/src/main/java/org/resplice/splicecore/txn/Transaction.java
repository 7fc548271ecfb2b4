package org.resplice.splicecore.txn;

/**
 * One request and its response on a connection (design §4.3), as a {@link Framer} cut them out
 * of the two byte streams. Offsets count bytes from the start of each stream (client→server for
 * the request, server→client for the response); ends are exclusive. An offset that is not known
 * yet is {@code -1}.
 *
 * <p>A transaction is created by its framer and changes only while the framer works on it (on the
 * framer's thread); once {@link #isComplete()} it never changes again. Requests of one connection
 * are contiguous: the request of ordinal n+1 starts where the request of ordinal n ended (stray
 * empty lines before a request belong to that request). Server-initiated pseudo-transactions
 * ({@link RequestSummary#serverInitiated()}) have an empty request.
 */
public final class Transaction {

    private final int ordinal;
    private final long id;
    private final RequestSummary summary;
    long requestStart;
    long requestEnd = -1;
    long responseStart = -1;
    long responseEnd = -1;

    Transaction(int ordinal, long id, long requestStart, RequestSummary summary) {
        this.ordinal = ordinal;
        this.id = id;
        this.requestStart = requestStart;
        this.summary = summary;
    }

    /** 0, 1, 2, … in the order the framer created the transactions of the connection. */
    public int ordinal() {
        return ordinal;
    }

    /** See {@link TransactionId}. */
    public long id() {
        return id;
    }

    public RequestSummary summary() {
        return summary;
    }

    public Protocol protocol() {
        return summary.protocol();
    }

    /** Offset in the client→server stream of the request's first byte. */
    public long requestStart() {
        return requestStart;
    }

    /** Offset just after the request's last byte; -1 until the request is complete. */
    public long requestEnd() {
        return requestEnd;
    }

    /** Offset in the server→client stream of the response's first byte; -1 until it is seen. */
    public long responseStart() {
        return responseStart;
    }

    /** Offset just after the response's last byte; -1 until the response is complete. */
    public long responseEnd() {
        return responseEnd;
    }

    public boolean isRequestComplete() {
        return requestEnd >= 0;
    }

    public boolean isResponseStarted() {
        return responseStart >= 0;
    }

    public boolean isResponseComplete() {
        return responseEnd >= 0;
    }

    /** Request and response both complete. */
    public boolean isComplete() {
        return requestEnd >= 0 && responseEnd >= 0;
    }

    /** Request length in bytes, or -1 until the request is complete. */
    public long requestLength() {
        return requestEnd < 0 ? -1 : requestEnd - requestStart;
    }

    /** Response length in bytes, or -1 until the response is complete. */
    public long responseLength() {
        return responseEnd < 0 ? -1 : responseEnd - responseStart;
    }

    /**
     * For example {@code #3 req[120,245) resp[900,?) GET /x [Host, Accept]}: ordinal, request and
     * response spans ({@code ?} where not known), summary.
     */
    @Override
    public String toString() {
        return "#" + ordinal + " req[" + requestStart + "," + end(requestEnd) + ") resp[" + end(responseStart)
                + "," + end(responseEnd) + ") " + summary;
    }

    private static String end(long v) {
        return v < 0 ? "?" : Long.toString(v);
    }
}
