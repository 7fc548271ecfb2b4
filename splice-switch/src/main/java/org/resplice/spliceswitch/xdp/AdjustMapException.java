package org.resplice.spliceswitch.xdp;

import java.util.Optional;

/**
 * An update of {@code adjust_map} failed part way. Updates are applied in order and stop at the
 * first failure: the first {@link #applied()} entries of the call are in the map, the one at that
 * index ({@link #failedKey()}) and those after it are not.
 */
public class AdjustMapException extends XdpException {
    private static final long serialVersionUID = 1L;

    private final int applied;
    private final transient AdjustKey failedKey;

    public AdjustMapException(String message, int applied, AdjustKey failedKey) {
        super(message);
        this.applied = applied;
        this.failedKey = failedKey;
    }

    /** How many entries of the failed call were applied before the failure. */
    public int applied() {
        return applied;
    }

    /** The key whose update failed, if the failure belongs to one. */
    public Optional<AdjustKey> failedKey() {
        return Optional.ofNullable(failedKey);
    }
}
