package org.resplice.controller.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;
import org.onosproject.net.HostId;
import org.onosproject.net.config.ConfigFactory;
import org.onosproject.net.config.basics.BasicHostConfig;
import org.onosproject.net.config.basics.SubjectFactories;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuntimeNetworkConfigRegistryTest {

    private final EventDispatcher dispatcher = new EventDispatcher();
    private final RuntimeNetworkConfigRegistry registry = new RuntimeNetworkConfigRegistry(dispatcher);

    @AfterEach
    void close() {
        dispatcher.close();
    }

    private void load(String json) throws Exception {
        registry.load(new ObjectMapper().readTree(json), "test.json");
        registry.registerConfigFactory(new ConfigFactory<>(SubjectFactories.HOST_SUBJECT_FACTORY,
                BasicHostConfig.class, "basic") {
            @Override
            public BasicHostConfig createConfig() {
                return new BasicHostConfig();
            }
        });
    }

    @Test
    void findsHostsWhateverTheCaseOfTheirMac() throws Exception {
        load("{\"hosts\": {\"00:00:00:00:00:0b/None\": {\"basic\": {\"ips\": [\"10.0.0.11\"],"
                + " \"locations\": [\"of:0000000000000001/4\"]}}}}");
        registry.validate(true);
        HostId id = HostId.hostId(MacAddress.valueOf("00:00:00:00:00:0B"));
        assertEquals(Set.of(id), registry.getSubjects(HostId.class, BasicHostConfig.class));
        assertEquals(Set.of(IpAddress.valueOf("10.0.0.11")),
                registry.getConfig(id, BasicHostConfig.class).ipAddresses());
    }

    @Test
    void errorsNameThePath() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.load(new ObjectMapper().readTree("{\"links\": {}}"), "test.json"));
        assertTrue(e.getMessage().contains("unknown section \"links\""), e.getMessage());

        load("{\"apps\": {\"org.resplice.app\": {\"resplce\": {}}},"
                + " \"hosts\": {\"00:00:00:00:00:01/None\": {\"basic\": {\"ips\": [\"10.0.0.1\"]}}}}");
        registry.validate(false); // the app has not registered its config yet: not an error now
        e = assertThrows(IllegalArgumentException.class, () -> registry.validate(true));
        assertTrue(e.getMessage().startsWith("apps.org.resplice.app.resplce: no application reads config"),
                e.getMessage());
    }
}
