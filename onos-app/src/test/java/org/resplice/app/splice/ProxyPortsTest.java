package org.resplice.app.splice;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProxyPortsTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aReleasedPortIsNotReusedTowardTheSameBackendWithinTwoMsl() {
        ProxyPorts ports = new ProxyPorts(20000, 20002, 60 * SECOND);
        long now = 0;
        Set<Integer> got = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            got.add(ports.allocate("b1", now).getAsInt());
        }
        assertEquals(Set.of(20000, 20001, 20002), got);
        assertTrue(ports.allocate("b1", now).isEmpty(), "all in use");
        assertEquals(20000, ports.allocate("b2", now).getAsInt(), "another backend has its own ports");

        ports.release("b1", 20001, now);
        assertTrue(ports.allocate("b1", now + 59 * SECOND).isEmpty(), "quarantined for 2 MSL");
        OptionalInt again = ports.allocate("b1", now + 60 * SECOND);
        assertEquals(20001, again.getAsInt());
        assertEquals(3, ports.inUse("b1"));
    }

    @Test
    void portsRotateRatherThanReuseTheLatest() {
        ProxyPorts ports = new ProxyPorts(30000, 30100, 0);
        int first = ports.allocate("b1", 0).getAsInt();
        ports.release("b1", first, 0);
        assertNotEquals(first, ports.allocate("b1", 1).getAsInt());
    }

    @Test
    void aBadRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ProxyPorts(80, 100, 0));
        assertThrows(IllegalArgumentException.class, () -> new ProxyPorts(3000, 2000, 0));
    }
}
