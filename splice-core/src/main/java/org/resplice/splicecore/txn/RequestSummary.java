package org.resplice.splicecore.txn;

/**
 * What a framer learned about one request: enough to tag it (design §4.3), nothing more.
 * Implementations are immutable: {@code http.HttpRequestSummary}, {@code imap.ImapRequestSummary},
 * {@code line.LineRequestSummary}.
 */
public interface RequestSummary {

    /** The protocol of the request. */
    Protocol protocol();

    /**
     * True for a pseudo-transaction that the server started on its own: it has an empty request
     * (an IMAP greeting, IMAP data no command explains, the banner of a line protocol).
     */
    boolean serverInitiated();
}
