package org.resplice.loggernode.log;

import java.util.List;

/**
 * What recovery (design §4.6) needs to know about one logged connection, as an immutable snapshot
 * taken under the connection's lock. Terms as in the paper: T_L is the last transaction whose
 * response (and every earlier one) is fully logged; p is the number of bytes of T_L + 1's response
 * logged; Ack_CL is the last client acknowledgement logged.
 *
 * <p>Offsets are stream offsets (see {@link org.resplice.loggernode.stream.ConnectionSink}); a
 * 32-bit sequence number is given where recovery talks TCP. Plain getters, so Jackson serialises it
 * as it is (byte arrays become base64, digests are lower-case hex).
 */
public final class RecoveryView {

    private final String client;
    private final int clientPort;
    private final String backend;
    private final long connectionId;
    private final String protocol;
    private final long clientIsn;
    private final long backendIsn;
    private final long takenNanos;
    private final boolean recoverable;
    private final String unrecoverableReason;
    private final String closeCause;
    private final boolean clientFinished;
    private final boolean serverFinished;
    private final int lastLoggedOrdinal;
    private final long lastLoggedResponseEnd;
    private final long loggedPrefixBytes;
    private final long ackClientOffset;
    private final long ackClientSequence;
    private final long lastServerByteOffset;
    private final long lastClientByteOffset;
    private final long serverAckOffset;
    private final List<TransactionEntry> transactions;
    private final ResponsePrefix nextResponsePrefix;
    private final UnackedServerBytes unackedServerBytes;

    RecoveryView(ConnectionKey key, String protocol, long clientIsn, long backendIsn, long takenNanos,
                 String unrecoverableReason, String closeCause, boolean clientFinished, boolean serverFinished,
                 int lastLoggedOrdinal, long lastLoggedResponseEnd, long loggedPrefixBytes, long ackClientOffset,
                 long ackClientSequence, long lastServerByteOffset, long lastClientByteOffset, long serverAckOffset,
                 List<TransactionEntry> transactions, ResponsePrefix nextResponsePrefix,
                 UnackedServerBytes unackedServerBytes) {
        this.client = key.client();
        this.clientPort = key.clientPort();
        this.backend = key.backend();
        this.connectionId = key.id();
        this.protocol = protocol;
        this.clientIsn = clientIsn;
        this.backendIsn = backendIsn;
        this.takenNanos = takenNanos;
        this.recoverable = unrecoverableReason == null;
        this.unrecoverableReason = unrecoverableReason;
        this.closeCause = closeCause;
        this.clientFinished = clientFinished;
        this.serverFinished = serverFinished;
        this.lastLoggedOrdinal = lastLoggedOrdinal;
        this.lastLoggedResponseEnd = lastLoggedResponseEnd;
        this.loggedPrefixBytes = loggedPrefixBytes;
        this.ackClientOffset = ackClientOffset;
        this.ackClientSequence = ackClientSequence;
        this.lastServerByteOffset = lastServerByteOffset;
        this.lastClientByteOffset = lastClientByteOffset;
        this.serverAckOffset = serverAckOffset;
        this.transactions = List.copyOf(transactions);
        this.nextResponsePrefix = nextResponsePrefix;
        this.unackedServerBytes = unackedServerBytes;
    }

    /** The client address and port, e.g. {@code 10.0.0.1:40000}. */
    public String getClient() {
        return client;
    }

    public int getClientPort() {
        return clientPort;
    }

    public String getBackend() {
        return backend;
    }

    /** The connection's number (the id of its transaction 0), as the failure detector keys it. */
    public long getConnectionId() {
        return connectionId;
    }

    /** "HTTP", "IMAP" or "LINE". */
    public String getProtocol() {
        return protocol;
    }

    /** The client's ISN in backend sequence space, unsigned 32-bit. */
    public long getClientIsn() {
        return clientIsn;
    }

    /** The backend's ISN, unsigned 32-bit. */
    public long getBackendIsn() {
        return backendIsn;
    }

    /** When the snapshot was taken (the log's clock). */
    public long getTakenNanos() {
        return takenNanos;
    }

    /** False once a capture gap or broken framing made the connection unrecoverable. */
    public boolean isRecoverable() {
        return recoverable;
    }

    public String getUnrecoverableReason() {
        return unrecoverableReason;
    }

    /** How the connection ended ({@link CloseCause} name), or null while open. */
    public String getCloseCause() {
        return closeCause;
    }

    public boolean isClientFinished() {
        return clientFinished;
    }

    public boolean isServerFinished() {
        return serverFinished;
    }

    /** T_L: ordinal of the last transaction whose response is fully logged, and every earlier one; -1 if none. */
    public int getLastLoggedOrdinal() {
        return lastLoggedOrdinal;
    }

    /** Ack_TL as a server stream offset: just past T_L's response (0 if T_L is -1). */
    public long getLastLoggedResponseEnd() {
        return lastLoggedResponseEnd;
    }

    /** p: bytes of T_L + 1's response logged. */
    public long getLoggedPrefixBytes() {
        return loggedPrefixBytes;
    }

    /** Ack_CL as a server stream offset: the client acknowledged every server byte before it. */
    public long getAckClientOffset() {
        return ackClientOffset;
    }

    /** Ack_CL as a backend sequence number, {@code backendIsn + 1 + offset}, unsigned 32-bit. */
    public long getAckClientSequence() {
        return ackClientSequence;
    }

    /** Server stream offset just past the last server byte logged (captured or lost). */
    public long getLastServerByteOffset() {
        return lastServerByteOffset;
    }

    /** Client stream offset just past the last client byte logged (captured or lost). */
    public long getLastClientByteOffset() {
        return lastClientByteOffset;
    }

    /** The backend acknowledged every client byte before this offset. */
    public long getServerAckOffset() {
        return serverAckOffset;
    }

    /**
     * The retained transactions, oldest first: the last complete ones whose requests are kept for
     * replay, and every transaction after T_L.
     */
    public List<TransactionEntry> getTransactions() {
        return transactions;
    }

    /** What was logged of T_L + 1's response (the p bytes recovery compares with the alternate's). */
    public ResponsePrefix getNextResponsePrefix() {
        return nextResponsePrefix;
    }

    /** The logged server bytes from Ack_CL to the last server byte: what recovery step 2 resends. */
    public UnackedServerBytes getUnackedServerBytes() {
        return unackedServerBytes;
    }

    /** One retained transaction. */
    public static final class TransactionEntry {
        private final long id;
        private final String idText;
        private final int ordinal;
        private final String kind;
        private final boolean serverInitiated;
        private final List<String> tags;
        private final boolean deterministic;
        private final boolean readOnly;
        private final boolean idempotent;
        private final String state;
        private final boolean logged;
        private final long requestStart;
        private final long requestEnd;
        private final byte[] requestBytes;
        private final long responseStart;
        private final long responseEnd;
        private final String responseSha256;
        private final boolean responseHashed;
        private final String unrecoverableReason;

        TransactionEntry(long id, String idText, int ordinal, String kind, boolean serverInitiated, List<String> tags,
                         boolean deterministic, boolean readOnly, boolean idempotent, String state, boolean logged,
                         long requestStart, long requestEnd, byte[] requestBytes, long responseStart, long responseEnd,
                         String responseSha256, boolean responseHashed, String unrecoverableReason) {
            this.id = id;
            this.idText = idText;
            this.ordinal = ordinal;
            this.kind = kind;
            this.serverInitiated = serverInitiated;
            this.tags = List.copyOf(tags);
            this.deterministic = deterministic;
            this.readOnly = readOnly;
            this.idempotent = idempotent;
            this.state = state;
            this.logged = logged;
            this.requestStart = requestStart;
            this.requestEnd = requestEnd;
            this.requestBytes = requestBytes;
            this.responseStart = responseStart;
            this.responseEnd = responseEnd;
            this.responseSha256 = responseSha256;
            this.responseHashed = responseHashed;
            this.unrecoverableReason = unrecoverableReason;
        }

        /** The 64-bit transaction id. */
        public long getId() {
            return id;
        }

        /** The id as {@code 10.0.0.1:40000#7}. */
        public String getIdText() {
            return idText;
        }

        public int getOrdinal() {
            return ordinal;
        }

        /** HTTP method, IMAP command, first word of a line, or GREETING/UNSOLICITED/BANNER. */
        public String getKind() {
            return kind;
        }

        /** A pseudo-transaction the server started (greeting, banner): empty request, never replayed. */
        public boolean isServerInitiated() {
            return serverInitiated;
        }

        /** Tag names as in the tag tables, e.g. {@code ["deterministic", "read-only", "idempotent"]}. */
        public List<String> getTags() {
            return tags;
        }

        public boolean isDeterministic() {
            return deterministic;
        }

        /** Read-only transactions are not replayed. */
        public boolean isReadOnly() {
            return readOnly;
        }

        public boolean isIdempotent() {
            return idempotent;
        }

        /** {@link TransactionState} name. */
        public String getState() {
            return state;
        }

        /** At or below T_L. */
        public boolean isLogged() {
            return logged;
        }

        public long getRequestStart() {
            return requestStart;
        }

        /** -1 if the request is not complete. */
        public long getRequestEnd() {
            return requestEnd;
        }

        /**
         * The request bytes logged (the whole request, or what arrived so far if it is not complete);
         * null if they are not held (evicted, or the connection is unrecoverable).
         */
        public byte[] getRequestBytes() {
            return requestBytes == null ? null : requestBytes.clone();
        }

        /** -1 if the response has not started. */
        public long getResponseStart() {
            return responseStart;
        }

        /** -1 if the response is not complete. */
        public long getResponseEnd() {
            return responseEnd;
        }

        /** SHA-256 (hex) of a complete response that was kept as location and digest; null otherwise. */
        public String getResponseSha256() {
            return responseSha256;
        }

        /** The response is (being) kept as its SHA-256 rather than its bytes. */
        public boolean isResponseHashed() {
            return responseHashed;
        }

        public boolean isRecoverable() {
            return unrecoverableReason == null;
        }

        public String getUnrecoverableReason() {
            return unrecoverableReason;
        }
    }

    /**
     * The logged part of T_L + 1's response: server bytes {@code [start, start + length)}, length p.
     * Its SHA-256 is always given (recovery compares the alternate's first p response bytes with it);
     * the bytes themselves only when the log holds them (not for a large response).
     */
    public static final class ResponsePrefix {
        private final int ordinal;
        private final long start;
        private final long length;
        private final String sha256;
        private final byte[] bytes;

        ResponsePrefix(int ordinal, long start, long length, String sha256, byte[] bytes) {
            this.ordinal = ordinal;
            this.start = start;
            this.length = length;
            this.sha256 = sha256;
            this.bytes = bytes;
        }

        /** T_L + 1. */
        public int getOrdinal() {
            return ordinal;
        }

        /** Server stream offset of the prefix's first byte. */
        public long getStart() {
            return start;
        }

        /** p. */
        public long getLength() {
            return length;
        }

        /** SHA-256 of the p bytes (hex); null if bytes it needed were evicted. */
        public String getSha256() {
            return sha256;
        }

        /** The p bytes, or null if the log keeps only their digest. */
        public byte[] getBytes() {
            return bytes == null ? null : bytes.clone();
        }

        public boolean isBytesRetained() {
            return bytes != null;
        }
    }

    /** Server bytes {@code [from, to)}: from Ack_CL to the last server byte logged. */
    public static final class UnackedServerBytes {
        private final long from;
        private final long to;
        private final byte[] bytes;

        UnackedServerBytes(long from, long to, byte[] bytes) {
            this.from = from;
            this.to = to;
            this.bytes = bytes;
        }

        public long getFrom() {
            return from;
        }

        public long getTo() {
            return to;
        }

        public long getLength() {
            return to - from;
        }

        /** The bytes, or null if they are not all held (evicted, lost in a gap, or the connection is unrecoverable). */
        public byte[] getBytes() {
            return bytes == null ? null : bytes.clone();
        }

        public boolean isComplete() {
            return bytes != null;
        }
    }
}
