package org.resplice.app.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.onlab.packet.IpAddress;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.net.config.InvalidFieldException;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RespliceConfigTest {

    private static final String GOOD = "{\"vips\": [{\"name\": \"web\", \"ip\": \"10.0.0.100\","
            + " \"mac\": \"02:00:0a:00:00:64\", \"port\": 80, \"pool\": \"web\"}],"
            + " \"pools\": [{\"name\": \"web\", \"protocol\": \"http\", \"port\": 80,"
            + " \"backends\": [\"10.0.0.11\", \"10.0.0.12\"]}],"
            + " \"proxyAddresses\": [{\"ip\": \"10.0.0.200\", \"mac\": \"02:00:0a:00:00:c8\"}],"
            + " \"loggers\": [\"10.0.0.5\"], \"spliceSwitches\": [\"of:0000000000000001\"]}";

    private static RespliceConfig config(String json) throws Exception {
        RespliceConfig c = new RespliceConfig();
        c.init(new DefaultApplicationId(1, "org.resplice.app"), RespliceConfig.KEY,
                new ObjectMapper().readTree(json), new ObjectMapper(), x -> { });
        return c;
    }

    private static InvalidFieldException invalid(String json) throws Exception {
        RespliceConfig c = config(json);
        return assertThrows(InvalidFieldException.class, c::isValid);
    }

    @Test
    void readsAGoodConfig() throws Exception {
        RespliceConfig c = config(GOOD);
        assertTrue(c.isValid());
        assertEquals(IpAddress.valueOf("10.0.0.100"), c.vips().get(0).ip());
        assertEquals(Set.of(IpAddress.valueOf("10.0.0.11"), IpAddress.valueOf("10.0.0.12")), c.backends());
        assertEquals("http", c.pools().get(0).protocol());
        assertEquals(1, c.loggers().size());
    }

    @Test
    void namesTheBadField() throws Exception {
        InvalidFieldException e = invalid(GOOD.replace("\"10.0.0.100\"", "\"10.0.0.300\""));
        assertEquals("vips[0].ip", e.field());
        assertTrue(e.reason().contains("IPv4"));

        e = invalid(GOOD.replace("\"pool\": \"web\"", "\"pool\": \"mail\""));
        assertEquals("vips", e.field());
        assertTrue(e.reason().contains("mail"));

        e = invalid(GOOD.replace("\"protocol\": \"http\"", "\"protocol\": \"gopher\""));
        assertEquals("pools[0].protocol", e.field());

        e = invalid(GOOD.replace("\"port\": 80, \"pool\"", "\"port\": 0, \"pool\""));
        assertEquals("vips[0].port", e.field());

        e = invalid(GOOD.replace("\"02:00:0a:00:00:c8\"", "\"nope\""));
        assertEquals("proxyAddresses[0].mac", e.field());

        e = invalid(GOOD.replace("\"backends\": [\"10.0.0.11\", \"10.0.0.12\"]", "\"backends\": []"));
        assertEquals("pools[0].backends", e.field());

        e = invalid(GOOD.replace("\"loggers\"", "\"logers\""));
        assertEquals("logers", e.field());
        assertTrue(e.reason().contains("unknown field"));

        e = invalid(GOOD.replace("\"proxyAddresses\": [{\"ip\": \"10.0.0.200\"",
                "\"proxyAddresses\": [{\"ip\": \"10.0.0.100\""));
        assertEquals("proxyAddresses", e.field());

        e = invalid(GOOD.replace("\"of:0000000000000001\"", "\"s1\""));
        assertEquals("spliceSwitches[0]", e.field());
    }

    @Test
    void poolPolicyAndAffinityCookie() throws Exception {
        RespliceConfig c = config(GOOD);
        assertEquals(RespliceConfig.Policy.ROUND_ROBIN, c.pools().get(0).policy(), "round robin by default");
        assertEquals(null, c.pools().get(0).affinityCookie());

        String both = GOOD.replace("\"backends\": [\"10.0.0.11\", \"10.0.0.12\"]",
                "\"backends\": [\"10.0.0.11\", \"10.0.0.12\"], \"policy\": \"least-connections\","
                        + " \"affinityCookie\": \"SESSIONID\"");
        c = config(both);
        assertTrue(c.isValid());
        assertEquals(RespliceConfig.Policy.LEAST_CONNECTIONS, c.pools().get(0).policy());
        assertEquals("SESSIONID", c.pools().get(0).affinityCookie());

        InvalidFieldException e = invalid(both.replace("least-connections", "random"));
        assertEquals("pools[0].policy", e.field());
        assertTrue(e.reason().contains("round-robin"));

        e = invalid(both.replace("SESSIONID", "SESSION ID"));
        assertEquals("pools[0].affinityCookie", e.field());

        e = invalid(both.replace("\"protocol\": \"http\"", "\"protocol\": \"imap\""));
        assertEquals("pools[0].affinityCookie", e.field());
        assertTrue(e.reason().contains("http"));
    }

    @Test
    void auxServers() throws Exception {
        assertEquals(0, config(GOOD).auxServers().size(), "optional");
        String withAux = GOOD.replace("\"loggers\"", "\"auxServers\": [{\"ip\": \"10.0.0.20\", \"port\": 143}], \"loggers\"");
        RespliceConfig c = config(withAux);
        assertTrue(c.isValid());
        assertEquals(IpAddress.valueOf("10.0.0.20"), c.auxServers().get(0).ip());
        assertEquals(143, c.auxServers().get(0).port());
        assertEquals("auxServers[0].port", invalid(withAux.replace("143", "0")).field());
        assertEquals("auxServers[0].ip", invalid(withAux.replace("\"10.0.0.20\"", "\"ten\"")).field());
    }
}
