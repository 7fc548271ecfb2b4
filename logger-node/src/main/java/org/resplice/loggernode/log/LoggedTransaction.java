package org.resplice.loggernode.log;

import java.security.MessageDigest;
import java.util.Objects;
import org.resplice.loggernode.tag.RequestSummaryAdapter;
import org.resplice.splicecore.txn.Transaction;
import org.resplice.splicecore.txn.TransactionId;
import org.resplice.tagconfig.TagSet;

/**
 * One entry of a connection's transaction table: the framer's transaction (offsets in the two
 * streams) plus what the log adds: the tags it got when its request head was parsed, its request
 * kind, the SHA-256 of a large response, and why it is unrecoverable if it is.
 *
 * <p>Identity (id, ordinal, kind, tags) is fixed. Everything else changes under the owning
 * connection's lock and may only be read under it (from a {@link LogListener} call, or through a
 * {@link RecoveryView}).
 */
public final class LoggedTransaction {

    private final Transaction transaction;
    private final TagSet tags;
    private final String kind;
    private String unrecoverableReason;
    /** Running SHA-256 of the response while it is large and in progress; null otherwise. */
    MessageDigest responseDigest;
    /** Response bytes fed to {@link #responseDigest} so far: the digest covers {@code [responseStart, hashedTo)}. */
    long hashedTo;
    private byte[] responseSha256;
    /** Response bytes reported to the listener as progress. */
    long reportedResponseBytes;
    /** True once the transaction is at or below T_L (its response logged, and all earlier ones). */
    boolean logged;

    LoggedTransaction(Transaction transaction, TagSet tags) {
        this.transaction = Objects.requireNonNull(transaction, "transaction");
        this.tags = Objects.requireNonNull(tags, "tags");
        this.kind = RequestSummaryAdapter.requestKind(transaction.summary());
    }

    /** The 64-bit transaction id (client address, client port, ordinal; see {@link TransactionId}). */
    public long id() {
        return transaction.id();
    }

    public int ordinal() {
        return transaction.ordinal();
    }

    /** The tags it got when its request head was parsed; they never change. */
    public TagSet tags() {
        return tags;
    }

    /** The request kind (HTTP method, IMAP command, first word of a line, or a pseudo-transaction kind). */
    public String kind() {
        return kind;
    }

    /** True for a server-initiated pseudo-transaction (greeting, banner): it has an empty request. */
    public boolean serverInitiated() {
        return transaction.summary().serverInitiated();
    }

    /** The framer's summary of the request. */
    public org.resplice.splicecore.txn.RequestSummary summary() {
        return transaction.summary();
    }

    public long requestStart() {
        return transaction.requestStart();
    }

    /** -1 until the request is complete. */
    public long requestEnd() {
        return transaction.requestEnd();
    }

    /** -1 until the response starts. */
    public long responseStart() {
        return transaction.responseStart();
    }

    /** -1 until the response is complete. */
    public long responseEnd() {
        return transaction.responseEnd();
    }

    public TransactionState state() {
        if (transaction.isComplete()) {
            return TransactionState.COMPLETE;
        }
        if (transaction.isResponseStarted()) {
            return TransactionState.RESPONSE;
        }
        return transaction.isRequestComplete() ? TransactionState.AWAITING_RESPONSE : TransactionState.REQUEST;
    }

    public boolean isRecoverable() {
        return unrecoverableReason == null;
    }

    /** Why recovery cannot use this transaction, or null. */
    public String unrecoverableReason() {
        return unrecoverableReason;
    }

    /**
     * SHA-256 of the whole response, for a complete response longer than the large-response
     * threshold (whose bytes the log does not keep); null otherwise.
     */
    public byte[] responseSha256() {
        return responseSha256 == null ? null : responseSha256.clone();
    }

    /** True while the response is hashed rather than kept. */
    public boolean isResponseHashed() {
        return responseDigest != null || responseSha256 != null;
    }

    /** Marks the transaction unrecoverable; the first reason is kept. Returns true if it was recoverable. */
    boolean markUnrecoverable(String reason) {
        if (unrecoverableReason != null) {
            return false;
        }
        unrecoverableReason = Objects.requireNonNull(reason, "reason");
        return true;
    }

    void finishDigest() {
        responseSha256 = responseDigest.digest();
        responseDigest = null;
    }

    /** The digest is unusable (bytes it needed are gone). */
    void dropDigest() {
        responseDigest = null;
        responseSha256 = null;
    }

    byte[] rawSha256() {
        return responseSha256;
    }

    /** E.g. {@code 10.0.0.1:40000#3 GET [deterministic, read-only, idempotent] req[0,80) resp[0,120) COMPLETE}. */
    @Override
    public String toString() {
        return TransactionId.toString(id()) + " " + kind + " " + tags + " req[" + requestStart() + "," + requestEnd()
                + ") resp[" + responseStart() + "," + responseEnd() + ") " + state()
                + (unrecoverableReason == null ? "" : " unrecoverable: " + unrecoverableReason);
    }
}
