package org.resplice.app.api;

/**
 * One spliced connection as the splice table shows it (read-only view).
 */
public final class SpliceInfo {

    /** Where a splice is in its life. */
    public enum State {
        /** The client's request is held while the backend handshake runs. */
        CONNECTING,
        /** Flows are being installed on the splice switches. */
        INSTALLING,
        /** The switches carry the connection; the controller is out of the data path. */
        SPLICED
    }

    private final String client;
    private final String vip;
    private final String backend;
    private final String alternate;
    private final String proxy;
    private final int offset;
    private final long clientIsn;
    private final long backendIsn;
    private final State state;

    /**
     * @param clientIsn  the client's initial sequence number (unsigned), or -1 while not known
     * @param backendIsn the backend's initial sequence number (unsigned), or -1 while not known
     */
    public SpliceInfo(String client, String vip, String backend, String alternate, String proxy, int offset,
                      long clientIsn, long backendIsn, State state) {
        this.client = client;
        this.vip = vip;
        this.backend = backend;
        this.alternate = alternate;
        this.proxy = proxy;
        this.offset = offset;
        this.clientIsn = clientIsn;
        this.backendIsn = backendIsn;
        this.state = state;
    }

    /** ip:port */
    public String client() {
        return client;
    }

    public String vip() {
        return vip;
    }

    public String backend() {
        return backend;
    }

    /** ip:port of the backend that takes over if this one fails; null if the pool has no other. */
    public String alternate() {
        return alternate;
    }

    public String proxy() {
        return proxy;
    }

    /** d = p − b: what backend→client sequence numbers gain (DESIGN §4.1 step 3). */
    public int offset() {
        return offset;
    }

    /**
     * The client's ISN, which the backend connection shares (DESIGN §4.1 step 2): byte 0 of the
     * client's stream has sequence number {@code clientIsn + 1} on both sides. -1 while not known.
     */
    public long clientIsn() {
        return clientIsn;
    }

    /** The backend's ISN b: byte 0 of its stream has sequence number {@code b + 1}. -1 while not known. */
    public long backendIsn() {
        return backendIsn;
    }

    public State state() {
        return state;
    }
}
