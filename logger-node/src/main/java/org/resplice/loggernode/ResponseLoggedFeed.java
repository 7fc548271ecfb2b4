package org.resplice.loggernode;

import org.resplice.loggernode.control.SpliceEntry;
import org.resplice.loggernode.log.ConnectionKey;
import org.resplice.loggernode.log.LogListener;
import org.resplice.loggernode.log.LoggedTransaction;
import org.resplice.loggernode.rpc.ResponseLogged;
import org.resplice.loggernode.rpc.ResponseLoggedNotifier;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Tells the alternate backend's agent that a transaction's response is completely logged, so the
 * state the primary pushed for it may be applied (the paper's T_S): once logged, the transaction
 * will never be replayed.
 */
final class ResponseLoggedFeed implements LogListener {

    private final ResponseLoggedNotifier notifier;
    private final Function<ConnectionKey, Optional<SpliceEntry>> spliceOf;

    /** @param spliceOf the splice a logged connection belongs to, if it is still followed */
    ResponseLoggedFeed(ResponseLoggedNotifier notifier, Function<ConnectionKey, Optional<SpliceEntry>> spliceOf) {
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.spliceOf = Objects.requireNonNull(spliceOf, "spliceOf");
    }

    @Override
    public void responseLogged(ConnectionKey c, LoggedTransaction t, long nanos) {
        spliceOf.apply(c).filter(e -> e.alternate() != null).ifPresent(e -> notifier.responseLogged(
                ResponseLogged.of(e.client(), t.ordinal(), e.backend(), e.alternate())));
    }
}
