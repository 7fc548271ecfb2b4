package org.resplice.app.splice;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Proxy-side ports toward each backend (DESIGN §4.1 step 2). A port released toward a backend is
 * not handed out toward that backend again for 2·MSL, so a late segment of the old connection can
 * never be taken for the new one. Not thread-safe: the splice manager uses it from one thread.
 */
public final class ProxyPorts {

    /** Twice Linux's maximum segment lifetime (TCP_TIMEWAIT_LEN is 60 s, i.e. 2·MSL). */
    public static final long TWO_MSL_NANOS = 60_000_000_000L;

    private final int first;
    private final int last;
    private final long quarantineNanos;
    private final Map<String, Backend> backends = new HashMap<>();

    private static final class Backend {
        final Set<Integer> inUse = new HashSet<>();
        /** Released ports with the time they may be used again, oldest first. */
        final Deque<long[]> quarantined = new ArrayDeque<>();
        final Set<Integer> inQuarantine = new HashSet<>();
        int next;
    }

    public ProxyPorts(int first, int last, long quarantineNanos) {
        if (first < 1024 || last > 65535 || first > last) {
            throw new IllegalArgumentException("proxy port range must lie within 1024..65535, not " + first + ".." + last);
        }
        this.first = first;
        this.last = last;
        this.quarantineNanos = quarantineNanos;
    }

    /** A port toward {@code backend} that is neither in use nor quarantined; empty if none is left. */
    public OptionalInt allocate(String backend, long now) {
        Backend b = backends.computeIfAbsent(Objects.requireNonNull(backend), k -> {
            Backend n = new Backend();
            n.next = first;
            return n;
        });
        while (!b.quarantined.isEmpty() && b.quarantined.peekFirst()[1] - now <= 0) {
            b.inQuarantine.remove((int) b.quarantined.pollFirst()[0]);
        }
        int size = last - first + 1;
        for (int i = 0; i < size; i++) {
            int port = b.next;
            b.next = port == last ? first : port + 1;
            if (!b.inUse.contains(port) && !b.inQuarantine.contains(port)) {
                b.inUse.add(port);
                return OptionalInt.of(port);
            }
        }
        return OptionalInt.empty();
    }

    public void release(String backend, int port, long now) {
        Backend b = backends.get(backend);
        if (b != null && b.inUse.remove(port)) {
            b.inQuarantine.add(port);
            b.quarantined.addLast(new long[]{port, now + quarantineNanos});
        }
    }

    public int inUse(String backend) {
        Backend b = backends.get(backend);
        return b == null ? 0 : b.inUse.size();
    }
}
