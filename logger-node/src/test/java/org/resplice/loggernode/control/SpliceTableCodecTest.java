package org.resplice.loggernode.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.resplice.loggernode.capture.Endpoint;

class SpliceTableCodecTest {

    static String entry(String client, String state, String isns) {
        return "{\"client\":\"" + client + "\",\"vip\":\"10.0.0.100:80\",\"backend\":\"10.0.0.11:80\","
                + "\"alternate\":\"10.0.0.12:80\",\"proxy\":\"10.0.0.200:40001\",\"offset\":4294967295,"
                + "\"state\":\"" + state + "\"" + isns + "}";
    }

    private static List<SpliceEntry> parse(String json) throws ControllerResponseException {
        return SpliceTableCodec.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheControllersObjectFormAndABareArray() throws Exception {
        String e = entry("10.0.0.1:40000", "SPLICED", ",\"clientIsn\":4294967295,\"backendIsn\":7");
        List<SpliceEntry> fromObject = parse("{\"splices\":[" + e + "],\"counters\":{\"spliced\":1}}");
        assertEquals(fromObject, parse("[" + e + "]"));
        SpliceEntry s = fromObject.get(0);
        assertEquals(Endpoint.of("10.0.0.1", 40000), s.client());
        assertEquals(Endpoint.of("10.0.0.100", 80), s.vip());
        assertEquals(Endpoint.of("10.0.0.11", 80), s.backend());
        assertEquals(Endpoint.of("10.0.0.12", 80), s.alternate());
        assertEquals(Endpoint.of("10.0.0.200", 40001), s.proxy());
        assertEquals(-1, s.offset(), "the unsigned form of d = -1");
        assertEquals(SpliceEntry.State.SPLICED, s.state());
        assertEquals(0xFFFF_FFFFL, s.clientIsn());
        assertEquals(7, s.backendIsn());
    }

    @Test
    void isnsMayBeAbsentBeforeTheSpliceIsInstalledAndAlternateMayBeNull() throws Exception {
        SpliceEntry s = parse("[" + entry("10.0.0.1:40000", "CONNECTING", "").replace("\"10.0.0.12:80\"", "null")
                + "]").get(0);
        assertEquals(SpliceEntry.UNKNOWN_ISN, s.clientIsn());
        assertNull(s.alternate());
    }

    @Test
    void problemsNameTheJsonPath() {
        String ok = entry("10.0.0.1:40000", "CONNECTING", "");
        assertField("$.splices[1].clientIsn", "{\"splices\":[" + ok + ","
                + entry("10.0.0.1:40001", "SPLICED", ",\"backendIsn\":1") + "]}");
        assertField("$[0].backendIsn", "[" + entry("10.0.0.1:40000", "SPLICED", ",\"clientIsn\":1,\"backendIsn\":-1")
                + "]");
        assertField("$[0].state", "[" + entry("10.0.0.1:40000", "GONE", "") + "]");
        assertField("$[0].client", "[" + entry("10.0.0.1", "CONNECTING", "") + "]");
        assertField("$[0].offset", "[" + ok.replace("4294967295", "4294967296") + "]");
        assertField("$", "{\"splices\":[");
        assertField("$.splices", "{\"counters\":{}}");
    }

    private static void assertField(String field, String json) {
        ControllerResponseException e = assertThrows(ControllerResponseException.class, () -> parse(json));
        assertEquals(field, e.field(), e.getMessage());
    }
}
