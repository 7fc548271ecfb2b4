package org.resplice.app.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.net.DefaultHost;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Host;
import org.onosproject.net.HostId;
import org.onosproject.net.HostLocation;
import org.onosproject.net.PortNumber;
import org.onosproject.net.provider.ProviderId;
import org.resplice.app.config.RespliceConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/** The paper topology as the app sees it: hosts on s1 and the app's config. */
final class TestNetwork {

    static final ApplicationId APP = new DefaultApplicationId(7, FabricManager.APP_NAME);
    static final DeviceId S1 = DeviceId.deviceId("of:0000000000000001");
    static final DeviceId S2 = DeviceId.deviceId("of:0000000000000002");

    static final Host C1 = host("00:00:00:00:00:01", "10.0.0.1", S1, 1);
    static final Host C2 = host("00:00:00:00:00:02", "10.0.0.2", S1, 2);
    static final Host LOGGER = host("00:00:00:00:00:05", "10.0.0.5", S1, 3);
    static final Host B1 = host("00:00:00:00:00:0b", "10.0.0.11", S1, 4);
    static final Host B2 = host("00:00:00:00:00:0c", "10.0.0.12", S1, 5);
    static final Host ELSEWHERE = host("00:00:00:00:00:21", "10.0.0.33", S2, 1);
    static final List<Host> HOSTS = List.of(C1, C2, LOGGER, B1, B2, ELSEWHERE);

    static final String CONFIG = "{\"vips\": [{\"name\": \"web\", \"ip\": \"10.0.0.100\", "
            + "\"mac\": \"02:00:0a:00:00:64\", \"port\": 80, \"pool\": \"web\"}],"
            + " \"pools\": [{\"name\": \"web\", \"protocol\": \"http\", \"port\": 80,"
            + " \"backends\": [\"10.0.0.11\", \"10.0.0.12\"]}],"
            + " \"proxyAddresses\": [{\"ip\": \"10.0.0.200\", \"mac\": \"02:00:0a:00:00:c8\"}],"
            + " \"loggers\": [\"10.0.0.5\"],"
            + " \"spliceSwitches\": [\"of:0000000000000001\"]}";

    private TestNetwork() {
    }

    static Host host(String mac, String ip, DeviceId device, long port) {
        MacAddress m = MacAddress.valueOf(mac);
        return new DefaultHost(ProviderId.NONE, HostId.hostId(m), m, VlanId.NONE,
                Set.of(new HostLocation(device, PortNumber.portNumber(port), 0)),
                Set.of(IpAddress.valueOf(ip)), true);
    }

    static RespliceConfig config(String json) {
        try {
            JsonNode node = new ObjectMapper().readTree(json);
            RespliceConfig c = new RespliceConfig();
            c.init(APP, RespliceConfig.KEY, node, new ObjectMapper(), cfg -> { });
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
