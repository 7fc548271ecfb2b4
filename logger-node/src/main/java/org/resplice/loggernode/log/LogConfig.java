package org.resplice.loggernode.log;

/**
 * Limits of the per-connection log (design §4.4). Immutable; build with {@link #builder()}.
 */
public final class LogConfig {

    /** 4 MiB per connection, both streams together. */
    public static final int DEFAULT_CONNECTION_CAP_BYTES = 4 << 20;
    /** Responses longer than 256 KiB keep only their location and SHA-256 (plus unacknowledged bytes). */
    public static final long DEFAULT_LARGE_RESPONSE_BYTES = 256 << 10;
    /** Request bytes of the last 8 complete transactions are kept for replay. */
    public static final int DEFAULT_RETAINED_COMPLETE_REQUESTS = 8;
    /** The smallest per-connection cap accepted. */
    public static final int MIN_CONNECTION_CAP_BYTES = 1024;

    private final int connectionCapBytes;
    private final long largeResponseBytes;
    private final int retainedCompleteRequests;

    private LogConfig(Builder b) {
        if (b.connectionCapBytes < MIN_CONNECTION_CAP_BYTES) {
            throw new IllegalArgumentException("connectionCapBytes must be at least " + MIN_CONNECTION_CAP_BYTES
                    + ": " + b.connectionCapBytes);
        }
        if (b.largeResponseBytes < 0) {
            throw new IllegalArgumentException("largeResponseBytes must not be negative: " + b.largeResponseBytes);
        }
        if (b.retainedCompleteRequests < 0) {
            throw new IllegalArgumentException("retainedCompleteRequests must not be negative: "
                    + b.retainedCompleteRequests);
        }
        this.connectionCapBytes = b.connectionCapBytes;
        this.largeResponseBytes = b.largeResponseBytes;
        this.retainedCompleteRequests = b.retainedCompleteRequests;
    }

    public static LogConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Most bytes one connection holds, client and server stream together. */
    public int connectionCapBytes() {
        return connectionCapBytes;
    }

    /**
     * A response longer than this keeps only its location and SHA-256, except its bytes at or above
     * Ack_CL, which recovery may have to resend.
     */
    public long largeResponseBytes() {
        return largeResponseBytes;
    }

    /**
     * How many complete transactions keep their request bytes. Recovery replays requests from T_R,
     * which is older than T_L + 1 when the alternate's state lags behind; this is how far it may lag.
     */
    public int retainedCompleteRequests() {
        return retainedCompleteRequests;
    }

    @Override
    public String toString() {
        return "LogConfig{connectionCapBytes=" + connectionCapBytes + ", largeResponseBytes=" + largeResponseBytes
                + ", retainedCompleteRequests=" + retainedCompleteRequests + "}";
    }

    /** Builds a {@link LogConfig}; starts from the defaults. */
    public static final class Builder {
        private int connectionCapBytes = DEFAULT_CONNECTION_CAP_BYTES;
        private long largeResponseBytes = DEFAULT_LARGE_RESPONSE_BYTES;
        private int retainedCompleteRequests = DEFAULT_RETAINED_COMPLETE_REQUESTS;

        private Builder() {
        }

        public Builder connectionCapBytes(int bytes) {
            this.connectionCapBytes = bytes;
            return this;
        }

        public Builder largeResponseBytes(long bytes) {
            this.largeResponseBytes = bytes;
            return this;
        }

        public Builder retainedCompleteRequests(int count) {
            this.retainedCompleteRequests = count;
            return this;
        }

        /** @throws IllegalArgumentException naming the first value out of range */
        public LogConfig build() {
            return new LogConfig(this);
        }
    }
}
