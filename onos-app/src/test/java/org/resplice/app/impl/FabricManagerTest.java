package org.resplice.app.impl;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.ARP;
import org.onlab.packet.Ethernet;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreServiceAdapter;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DefaultAnnotations;
import org.onosproject.net.DefaultDevice;
import org.onosproject.net.Device;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Host;
import org.onosproject.net.PortNumber;
import org.onosproject.net.config.Config;
import org.onosproject.net.config.NetworkConfigEvent;
import org.onosproject.net.config.NetworkConfigListener;
import org.onosproject.net.config.NetworkConfigRegistryAdapter;
import org.onosproject.net.device.DeviceEvent;
import org.onosproject.net.device.DeviceListener;
import org.onosproject.net.device.DeviceServiceAdapter;
import org.onosproject.net.flow.FlowRuleOperation;
import org.onosproject.net.flow.FlowRuleOperations;
import org.onosproject.net.flow.FlowRuleServiceAdapter;
import org.onosproject.net.flow.TrafficSelector;
import org.onosproject.net.flow.instructions.Instructions;
import org.onosproject.net.host.HostServiceAdapter;
import org.onosproject.net.packet.DefaultInboundPacket;
import org.onosproject.net.packet.DefaultPacketContext;
import org.onosproject.net.packet.OutboundPacket;
import org.onosproject.net.packet.PacketPriority;
import org.onosproject.net.packet.PacketProcessor;
import org.onosproject.net.packet.PacketServiceAdapter;
import org.onosproject.net.provider.ProviderId;
import org.onlab.packet.ChassisId;
import org.resplice.app.config.RespliceConfig;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FabricManager against the ONOS API test adapters. */
class FabricManagerTest {

    private final FabricManager manager = new FabricManager();
    private final BlockingQueue<FlowRuleOperations> applied = new LinkedBlockingQueue<>();
    private final List<OutboundPacket> emitted = new ArrayList<>();
    private final List<TrafficSelector> requested = new ArrayList<>();
    private PacketProcessor processor;
    private DeviceListener deviceListener;
    private NetworkConfigListener configListener;
    private volatile RespliceConfig config = TestNetwork.config(TestNetwork.CONFIG);
    private volatile boolean s1Available = true;

    private final Device s1 = new DefaultDevice(ProviderId.NONE, TestNetwork.S1, Device.Type.SWITCH, "", "", "", "",
            new ChassisId(1), DefaultAnnotations.EMPTY);

    @BeforeEach
    void activate() {
        manager.coreService = new CoreServiceAdapter() {
            @Override
            public ApplicationId registerApplication(String name) {
                return TestNetwork.APP;
            }
        };
        manager.deviceService = new DeviceServiceAdapter() {
            @Override
            public Iterable<Device> getAvailableDevices() {
                return s1Available ? List.of(s1) : List.of();
            }

            @Override
            public boolean isAvailable(DeviceId deviceId) {
                return s1Available && deviceId.equals(TestNetwork.S1);
            }

            @Override
            public void addListener(DeviceListener listener) {
                deviceListener = listener;
            }
        };
        manager.flowRuleService = new FlowRuleServiceAdapter() {
            @Override
            public void apply(FlowRuleOperations ops) {
                applied.add(ops);
                ops.callback().onSuccess(ops);
            }
        };
        manager.packetService = new PacketServiceAdapter() {
            @Override
            public void addProcessor(PacketProcessor p, int priority) {
                processor = p;
            }

            @Override
            public void requestPackets(TrafficSelector selector, PacketPriority priority, ApplicationId appId) {
                requested.add(selector);
            }

            @Override
            public void emit(OutboundPacket packet) {
                emitted.add(packet);
            }
        };
        manager.hostService = new HostServiceAdapter() {
            @Override
            public Iterable<Host> getHosts() {
                return TestNetwork.HOSTS;
            }

            @Override
            public Set<Host> getHostsByIp(org.onlab.packet.IpAddress ip) {
                return TestNetwork.HOSTS.stream().filter(h -> h.ipAddresses().contains(ip)).collect(Collectors.toSet());
            }
        };
        manager.configRegistry = new NetworkConfigRegistryAdapter() {
            @Override
            @SuppressWarnings("unchecked")
            public <S, C extends Config<S>> C getConfig(S subject, Class<C> configClass) {
                return configClass == RespliceConfig.class ? (C) config : null;
            }

            @Override
            public void addListener(NetworkConfigListener listener) {
                configListener = listener;
            }
        };
        manager.activate();
    }

    @AfterEach
    void deactivate() {
        manager.deactivate();
    }

    private FlowRuleOperations nextBatch() throws InterruptedException {
        FlowRuleOperations ops = applied.poll(5, TimeUnit.SECONDS);
        assertNotNull(ops, "no flow rule batch was applied");
        return ops;
    }

    private static List<FlowRuleOperation> ops(FlowRuleOperations batch, FlowRuleOperation.Type type) {
        return batch.stages().stream().flatMap(Set::stream).filter(o -> o.type() == type)
                .collect(Collectors.toList());
    }

    @Test
    void programsAvailableSwitchesOnActivation() throws Exception {
        FlowRuleOperations batch = nextBatch();
        assertEquals(FabricRules.forDevice(TestNetwork.APP, TestNetwork.S1, TestNetwork.HOSTS,
                config.backends(), config.loggers()).size(), ops(batch, FlowRuleOperation.Type.ADD).size());
        assertTrue(ops(batch, FlowRuleOperation.Type.REMOVE).isEmpty());
        assertEquals(1, requested.size(), "ARP is requested from the packet service");
        assertNotNull(processor);
    }

    @Test
    void reappliesOnlyWhatChanged() throws Exception {
        FlowRuleOperations first = nextBatch();
        int rules = ops(first, FlowRuleOperation.Type.ADD).size();

        // The same device event again: nothing new to install.
        deviceListener.event(new DeviceEvent(DeviceEvent.Type.DEVICE_AVAILABILITY_CHANGED, s1));
        // A config change that drops backend b2: its two mirror rules go, nothing is added.
        config = TestNetwork.config(TestNetwork.CONFIG.replace(", \"10.0.0.12\"", ""));
        configListener.event(new NetworkConfigEvent(NetworkConfigEvent.Type.CONFIG_UPDATED, TestNetwork.APP,
                RespliceConfig.class));
        FlowRuleOperations second = nextBatch();
        assertEquals(2, ops(second, FlowRuleOperation.Type.REMOVE).size());
        assertTrue(ops(second, FlowRuleOperation.Type.ADD).isEmpty());
        assertNull(applied.poll(200, TimeUnit.MILLISECONDS), "the repeated device event changed nothing");
        assertEquals((long) rules - 2, manager.counters().get("flowRulesProgrammed"));
    }

    private static Ethernet arpRequest(String senderIp, String senderMac, String targetIp) {
        return ARP.buildArpRequest(MacAddress.valueOf(senderMac).toBytes(),
                Ip4Address.valueOf(senderIp).toOctets(), Ip4Address.valueOf(targetIp).toOctets(), (short) -1);
    }

    private boolean deliver(Ethernet frame, long inPort) {
        byte[] bytes = frame.serialize();
        DefaultPacketContext ctx = new DefaultPacketContext(0,
                new DefaultInboundPacket(new ConnectPoint(TestNetwork.S1, PortNumber.portNumber(inPort)), frame,
                        ByteBuffer.wrap(bytes)), null, false) {
            @Override
            public void send() {
            }
        };
        processor.process(ctx);
        return ctx.isHandled();
    }

    private static ARP arpOf(OutboundPacket p) throws Exception {
        byte[] data = new byte[p.data().remaining()];
        p.data().duplicate().get(data);
        return (ARP) Ethernet.deserializer().deserialize(data, 0, data.length).getPayload();
    }

    @Test
    void answersArpForVipProxyAndHostsOnTheInPort() throws Exception {
        assertTrue(deliver(arpRequest("10.0.0.1", "00:00:00:00:00:01", "10.0.0.100"), 1));
        assertTrue(deliver(arpRequest("10.0.0.1", "00:00:00:00:00:01", "10.0.0.200"), 1));
        assertTrue(deliver(arpRequest("10.0.0.11", "00:00:00:00:00:0b", "10.0.0.2"), 4));
        assertEquals(3, emitted.size());

        ARP vip = arpOf(emitted.get(0));
        assertEquals(ARP.OP_REPLY, vip.getOpCode());
        assertArrayEquals(MacAddress.valueOf("02:00:0a:00:00:64").toBytes(), vip.getSenderHardwareAddress());
        assertArrayEquals(Ip4Address.valueOf("10.0.0.100").toOctets(), vip.getSenderProtocolAddress());
        assertArrayEquals(MacAddress.valueOf("00:00:00:00:00:01").toBytes(), vip.getTargetHardwareAddress());
        assertEquals(PortNumber.portNumber(1),
                ((Instructions.OutputInstruction) emitted.get(0).treatment().immediate().get(0)).port());

        assertArrayEquals(MacAddress.valueOf("02:00:0a:00:00:c8").toBytes(), arpOf(emitted.get(1)).getSenderHardwareAddress());
        assertArrayEquals(MacAddress.valueOf("00:00:00:00:00:02").toBytes(), arpOf(emitted.get(2)).getSenderHardwareAddress());
        assertEquals(PortNumber.portNumber(4),
                ((Instructions.OutputInstruction) emitted.get(2).treatment().immediate().get(0)).port());
        assertEquals(3L, manager.counters().get("arpRepliesSent"));
    }

    @Test
    void unknownTargetsAreNotAnswered() {
        assertTrue(deliver(arpRequest("10.0.0.1", "00:00:00:00:00:01", "10.0.0.99"), 1));
        assertTrue(emitted.isEmpty());
        assertEquals(1L, manager.counters().get("arpUnknownTargets"));
    }
}
