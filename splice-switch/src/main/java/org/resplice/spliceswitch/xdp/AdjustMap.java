package org.resplice.spliceswitch.xdp;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The XDP program's {@code adjust_map}: which packets get which deltas. Writes are applied in order
 * and stop at the first failure, which is reported as an {@link AdjustMapException} saying how many
 * entries of the call were applied.
 */
public interface AdjustMap extends AutoCloseable {

    /** Inserts or replaces one entry. */
    void put(AdjustKey key, AdjustValue value);

    /** Inserts or replaces every entry, in the map's iteration order. */
    void putAll(Map<AdjustKey, AdjustValue> entries);

    /** Removes one entry; false if it was not there. */
    boolean remove(AdjustKey key);

    /** Removes every key that is present; returns how many were. Absent keys are not an error. */
    int removeAll(Collection<AdjustKey> keys);

    /** The entry's value as the kernel holds it. */
    Optional<AdjustValue> get(AdjustKey key);

    /** Every entry the kernel holds (for reconciliation and diagnostics; reads the whole map). */
    Map<AdjustKey, AdjustValue> entries();

    /** Number of entries the kernel holds. */
    default int size() {
        return entries().size();
    }

    @Override
    void close();
}
