package org.resplice.loggernode.log;

/** A snapshot of a {@link ConnectionLogStore}'s counters (totals since the store started). Bean getters for JSON. */
public final class LogCounters {

    private final int connectionsOpen;
    private final long connectionsOpened;
    private final long transactions;
    private final long bytesHeld;
    private final long evictions;
    private final long evictedBytes;
    private final long gaps;
    private final long gapBytes;
    private final long unrecoverableConnections;
    private final long unrecoverableTransactions;
    private final long hashedResponses;
    private final long idleClosed;
    private final long afterReset;

    LogCounters(int connectionsOpen, long connectionsOpened, long transactions, long bytesHeld, long evictions,
                long evictedBytes, long gaps, long gapBytes, long unrecoverableConnections,
                long unrecoverableTransactions, long hashedResponses, long idleClosed, long afterReset) {
        this.connectionsOpen = connectionsOpen;
        this.connectionsOpened = connectionsOpened;
        this.transactions = transactions;
        this.bytesHeld = bytesHeld;
        this.evictions = evictions;
        this.evictedBytes = evictedBytes;
        this.gaps = gaps;
        this.gapBytes = gapBytes;
        this.unrecoverableConnections = unrecoverableConnections;
        this.unrecoverableTransactions = unrecoverableTransactions;
        this.hashedResponses = hashedResponses;
        this.idleClosed = idleClosed;
        this.afterReset = afterReset;
    }

    /** Connections in the store now. */
    public int getConnectionsOpen() {
        return connectionsOpen;
    }

    public long getConnectionsOpened() {
        return connectionsOpened;
    }

    /** Transactions framed. */
    public long getTransactions() {
        return transactions;
    }

    /** Bytes the store's connections hold now. */
    public long getBytesHeld() {
        return bytesHeld;
    }

    /** Times bytes recovery could need were evicted to stay under a cap. */
    public long getEvictions() {
        return evictions;
    }

    public long getEvictedBytes() {
        return evictedBytes;
    }

    /** Capture gaps (bytes sent but never captured). */
    public long getGaps() {
        return gaps;
    }

    public long getGapBytes() {
        return gapBytes;
    }

    public long getUnrecoverableConnections() {
        return unrecoverableConnections;
    }

    public long getUnrecoverableTransactions() {
        return unrecoverableTransactions;
    }

    /** Responses over the large-response threshold, kept as location and SHA-256. */
    public long getHashedResponses() {
        return hashedResponses;
    }

    /** Connections the store closed for idleness. */
    public long getIdleClosed() {
        return idleClosed;
    }

    /** Segments (data, gap or FIN) that came after the connection's RST: strays, ignored. */
    public long getAfterReset() {
        return afterReset;
    }

    @Override
    public String toString() {
        return "LogCounters{open=" + connectionsOpen + ", opened=" + connectionsOpened + ", transactions="
                + transactions + ", bytesHeld=" + bytesHeld + ", evictions=" + evictions + ", evictedBytes="
                + evictedBytes + ", gaps=" + gaps + ", gapBytes=" + gapBytes + ", unrecoverableConnections="
                + unrecoverableConnections + ", unrecoverableTransactions=" + unrecoverableTransactions
                + ", hashedResponses=" + hashedResponses + ", idleClosed=" + idleClosed
                + ", afterReset=" + afterReset + "}";
    }
}
