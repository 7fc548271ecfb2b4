package org.resplice.loggernode.log;

/** Why a logged connection ended, as told to {@link LogListener#connectionClosed}. */
public enum CloseCause {
    /** The backend closed its direction (FIN). */
    SERVER_FIN,
    /** The backend reset the connection: a failure sign when a transaction was outstanding. */
    SERVER_RESET,
    /** The client reset the connection. */
    CLIENT_RESET,
    /** No bytes for longer than the idle timeout: the store closed it. */
    IDLE,
    /** Removed from the store (e.g. after recovery, or replaced by a new connection with the same key). */
    REMOVED
}
