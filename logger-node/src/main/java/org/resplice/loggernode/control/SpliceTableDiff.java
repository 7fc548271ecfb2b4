package org.resplice.loggernode.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.resplice.loggernode.capture.FlowKey;

/**
 * Remembers the last splice table and turns each new one into {@link SpliceListener} calls. Entries
 * are matched by client connection ({@link SpliceEntry#sameConnection}); an entry whose client port
 * was reused by a new connection (other client ISN) is reported as removed and added. Not
 * thread-safe: one poller feeds it.
 */
public final class SpliceTableDiff {

    private final SpliceListener listener;
    private Map<FlowKey, SpliceEntry> current = new LinkedHashMap<>();

    public SpliceTableDiff(SpliceListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Replaces the remembered table and notifies the listener of the differences.
     *
     * @throws ControllerResponseException if two entries name the same client connection (then
     *         nothing is replaced or notified)
     */
    public void apply(List<SpliceEntry> table) throws ControllerResponseException {
        Map<FlowKey, SpliceEntry> next = new LinkedHashMap<>();
        for (int i = 0; i < table.size(); i++) {
            SpliceEntry e = table.get(i);
            if (next.put(e.clientFlow(), e) != null) {
                throw new ControllerResponseException("$.splices[" + i + "].client", "connection "
                        + e.client() + " > " + e.vip() + " appears twice in the splice table");
            }
        }
        List<SpliceEntry> removed = new ArrayList<>();
        List<SpliceEntry[]> changed = new ArrayList<>();
        List<SpliceEntry> added = new ArrayList<>();
        for (SpliceEntry before : current.values()) {
            SpliceEntry after = next.get(before.clientFlow());
            if (after == null || !before.sameConnection(after)) {
                removed.add(before);
            }
        }
        for (SpliceEntry after : next.values()) {
            SpliceEntry before = current.get(after.clientFlow());
            if (before == null || !before.sameConnection(after)) {
                added.add(after);
            } else if (!before.equals(after)) {
                changed.add(new SpliceEntry[] {before, after});
            }
        }
        current = next;
        removed.forEach(listener::spliceRemoved);
        changed.forEach(c -> listener.spliceChanged(c[0], c[1]));
        added.forEach(listener::spliceAdded);
    }

    /** The table as last applied. */
    public List<SpliceEntry> current() {
        return List.copyOf(current.values());
    }
}
