package org.resplice.loggernode.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.resplice.splicecore.packet.Ip4Address;

class CaptureFilterTest {

    @Test
    void namesVipsProxiesAndBackendsInCallOrderOnce() {
        String expr = CaptureFilter.builder()
                .vip(Endpoint.of("10.0.0.100", 80))
                .proxy(Ip4Address.valueOf("10.0.0.200"))
                .backend(Endpoint.of("10.0.0.11", 80))
                .backend(Endpoint.of("10.0.0.12", 8080))
                .backend(Endpoint.of("10.0.0.11", 80))
                .build().expression();
        assertEquals("tcp and ((host 10.0.0.100 and port 80) or host 10.0.0.200"
                + " or (host 10.0.0.11 and port 80) or (host 10.0.0.12 and port 8080))", expr);
    }

    @Test
    void refusesEmptyFilterPortZeroAndNonUnicastAddresses() {
        IllegalStateException empty = assertThrows(IllegalStateException.class,
                () -> CaptureFilter.builder().build());
        assertTrue(empty.getMessage().contains("VIP"), empty.getMessage());
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> CaptureFilter.builder().backend(Endpoint.of("10.0.0.11", 0)));
        assertTrue(port.getMessage().startsWith("backend:"), port.getMessage());
        IllegalArgumentException multicast = assertThrows(IllegalArgumentException.class,
                () -> CaptureFilter.builder().vip(Endpoint.of("224.0.0.1", 80)));
        assertTrue(multicast.getMessage().startsWith("vip:"), multicast.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> CaptureFilter.builder().proxy(Ip4Address.valueOf("0.0.0.0")));
    }

    @Test
    void endpointParsingNamesTheField() {
        assertEquals(Endpoint.of("10.0.0.11", 80), Endpoint.parse("10.0.0.11:80", "backend"));
        for (String bad : new String[] {"10.0.0.11", "10.0.0.11:", ":80", "10.0.0.11:70000", "10.0.0:80",
                "10.0.0.11:8a"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Endpoint.parse(bad, "client"));
            assertTrue(e.getMessage().startsWith("client:"), e.getMessage());
        }
    }
}
