package org.resplice.loggernode.control;

/**
 * Told how the controller's splice table changed between two polls, on the {@link ControllerClient}'s
 * splice-poll thread: first removals, then changes, then additions, each in table order. Must return
 * quickly (the next poll waits).
 */
public interface SpliceListener {

    /** A connection appeared in the table. */
    void spliceAdded(SpliceEntry entry);

    /**
     * A connection still in the table changed: its state advanced, its ISNs became known, or it was
     * re-spliced onto another backend after a recovery.
     */
    void spliceChanged(SpliceEntry before, SpliceEntry after);

    /** A connection left the table (closed, timed out, or given up). */
    void spliceRemoved(SpliceEntry entry);
}
