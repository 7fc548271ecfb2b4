package org.resplice.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.core.CoreService;
import org.onosproject.net.Device;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Port;
import org.onosproject.net.config.ConfigFactory;
import org.onosproject.net.config.NetworkConfigRegistry;
import org.onosproject.net.config.NetworkConfigService;
import org.onosproject.net.config.basics.BasicDeviceConfig;
import org.onosproject.net.config.basics.BasicHostConfig;
import org.onosproject.net.config.basics.SubjectFactories;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.flow.FlowRuleService;
import org.onosproject.net.host.HostService;
import org.onosproject.net.packet.PacketService;
import org.resplice.app.rest.RespliceWebApplication;
import org.resplice.controller.openflow.OpenFlowServer;
import org.resplice.controller.openflow.OpenFlowSwitch;
import org.resplice.controller.rest.RestServer;
import org.resplice.controller.rest.RuntimeWebResource;
import org.resplice.controller.rest.TokenAuthFilter;
import org.resplice.controller.runtime.ComponentHost;
import org.resplice.controller.runtime.EventDispatcher;
import org.resplice.controller.runtime.OpenFlowProvider;
import org.resplice.controller.runtime.RuntimeCoreService;
import org.resplice.controller.runtime.RuntimeDeviceService;
import org.resplice.controller.runtime.RuntimeFlowRuleService;
import org.resplice.controller.runtime.RuntimeHostService;
import org.resplice.controller.runtime.RuntimeNetworkConfigRegistry;
import org.resplice.controller.runtime.RuntimePacketService;
import org.resplice.tagconfig.FileTagTableStore;
import org.resplice.tagconfig.TagTableStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded ONOS-API runtime, assembled: the ONOS services the app uses, implemented over an
 * OpenFlow 1.3 server; the app's components activated from their descriptors; the app's REST
 * resources served with a token.
 */
public final class EmbeddedRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRuntime.class);

    /** The app's components, in activation order (each after the services it references). */
    public static final List<String> APP_COMPONENTS = List.of(
            "org.resplice.app.impl.TagTableManager",
            "org.resplice.app.impl.FabricManager",
            "org.resplice.app.splice.SpliceManager");

    /** Everything the runtime needs to start. */
    public static final class Settings {
        public JsonNode netcfg;
        public String netcfgSource = "config";
        public Path stateDir = Path.of("state");
        public InetSocketAddress openflow = new InetSocketAddress("127.0.0.1", 6653);
        public InetSocketAddress rest = new InetSocketAddress("127.0.0.1", 8181);
        public String token;
        public String tokenLocation = "the token file";
        public long flowPollSeconds = 5;
    }

    private final EventDispatcher dispatcher = new EventDispatcher();
    private final ComponentHost components = new ComponentHost();
    private final RuntimeNetworkConfigRegistry config = new RuntimeNetworkConfigRegistry(dispatcher);
    private final RuntimeCoreService core = new RuntimeCoreService();
    private final RuntimeDeviceService devices = new RuntimeDeviceService(dispatcher);
    private final RuntimeFlowRuleService flows;
    private final RuntimePacketService packets;
    private final RuntimeHostService hosts;
    private final OpenFlowProvider provider;
    private final OpenFlowServer openflow;
    private final RestServer rest;

    public EmbeddedRuntime(Settings settings) {
        config.load(settings.netcfg, settings.netcfgSource);
        SubjectFactories.setCoreService(core);
        config.registerConfigFactory(new ConfigFactory<>(SubjectFactories.HOST_SUBJECT_FACTORY,
                BasicHostConfig.class, "basic") {
            @Override
            public BasicHostConfig createConfig() {
                return new BasicHostConfig();
            }
        });
        config.registerConfigFactory(new ConfigFactory<>(SubjectFactories.DEVICE_SUBJECT_FACTORY,
                BasicDeviceConfig.class, "basic") {
            @Override
            public BasicDeviceConfig createConfig() {
                return new BasicDeviceConfig();
            }
        });
        config.validate(false);
        hosts = new RuntimeHostService(config, dispatcher);
        hosts.loadFromConfig();
        flows = new RuntimeFlowRuleService(this::switchFor, dispatcher);
        packets = new RuntimePacketService(this::switchFor, flows, devices);
        provider = new OpenFlowProvider(devices, flows, packets, settings.flowPollSeconds);
        openflow = new OpenFlowServer(settings.openflow, provider);

        components.register(CoreService.class, core);
        components.register(DeviceService.class, devices);
        components.register(FlowRuleService.class, flows);
        components.register(PacketService.class, packets);
        components.register(HostService.class, hosts);
        components.register(NetworkConfigRegistry.class, config);
        components.register(NetworkConfigService.class, config);
        components.register(TagTableStore.class, new FileTagTableStore(settings.stateDir.resolve("tags")));
        components.register(EmbeddedRuntime.class, this);

        rest = new RestServer(settings.rest, new RespliceWebApplication(), components,
                new TokenAuthFilter(settings.token, settings.tokenLocation), RuntimeWebResource.class);
    }

    private Optional<OpenFlowSwitch> switchFor(DeviceId device) {
        return provider.switchFor(device);
    }

    /**
     * Activates the app, checks the whole configuration (now that the app has registered its config
     * classes), then opens the OpenFlow and REST ports.
     */
    public void start() throws InterruptedException {
        for (String component : APP_COMPONENTS) {
            components.activate(component);
        }
        config.validate(true);
        openflow.start();
        rest.start();
        log.info("OpenFlow on {}, REST on http://{}:{}{}/", openflow.localAddress(),
                rest.address().getHostString(), rest.address().getPort(), RestServer.CONTEXT);
    }

    public InetSocketAddress openflowAddress() {
        return openflow.localAddress();
    }

    public InetSocketAddress restAddress() {
        return rest.address();
    }

    /** What the runtime itself counts and knows, for {@code GET /resplice/runtime}. */
    public ObjectNode status(ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        putAll(root.putObject("openflow"), openflow.counters().snapshot());
        putAll(root.putObject("flows"), flows.counters());
        putAll(root.putObject("packets"), packets.counters());
        ArrayNode list = root.putArray("devices");
        for (Device d : devices.getDevices()) {
            ObjectNode n = list.addObject();
            n.put("id", d.id().toString());
            n.put("available", devices.isAvailable(d.id()));
            n.put("flowRules", flows.getFlowRuleCount(d.id()));
            ArrayNode ports = n.putArray("ports");
            for (Port p : devices.getPorts(d.id())) {
                ports.add(p.number().toLong());
            }
        }
        return root;
    }

    private static void putAll(ObjectNode node, Map<String, Long> counters) {
        counters.forEach(node::put);
    }

    /**
     * Stops serving. The OpenFlow server closes first, so the app's deactivation finds no switch to
     * delete its rules from: installed flows keep forwarding while the controller is away.
     */
    @Override
    public void close() {
        rest.close();
        openflow.close();
        provider.close();
        components.close();
        dispatcher.close();
    }
}
