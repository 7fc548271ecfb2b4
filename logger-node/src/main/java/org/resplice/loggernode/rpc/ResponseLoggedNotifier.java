package org.resplice.loggernode.rpc;

/**
 * Tells an alternate backend's agent that a response is completely logged, so the agent may apply
 * the state pushed for that transaction (design §1; the backend agent itself is a later piece).
 * Implementations never block the caller, which is the logger's capture path.
 */
public interface ResponseLoggedNotifier extends AutoCloseable {

    /**
     * Queues the notification.
     *
     * @return false if it was dropped (queue full or closed); the drop is counted
     */
    boolean responseLogged(ResponseLogged event);

    /** Stops sending; notifications already queued are sent within a bounded time, then dropped. */
    @Override
    void close();
}
