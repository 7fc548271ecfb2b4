package org.resplice.controller.runtime;

import org.onlab.packet.ChassisId;
import org.onosproject.event.ListenerRegistry;
import org.onosproject.net.DefaultAnnotations;
import org.onosproject.net.DefaultDevice;
import org.onosproject.net.DefaultPort;
import org.onosproject.net.Device;
import org.onosproject.net.DeviceId;
import org.onosproject.net.MastershipRole;
import org.onosproject.net.Port;
import org.onosproject.net.PortNumber;
import org.onosproject.net.device.DeviceEvent;
import org.onosproject.net.device.DeviceListener;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.device.PortStatistics;
import org.onosproject.net.provider.ProviderId;
import org.projectfloodlight.openflow.protocol.OFPortConfig;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortState;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFPort;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Switches known to the runtime, their ports and availability. A switch that disconnects stays
 * known but unavailable (its flows keep forwarding in fail-secure mode); it becomes available
 * again when it reconnects.
 */
public final class RuntimeDeviceService implements DeviceService {

    static final ProviderId PROVIDER = new ProviderId("of", "org.resplice.controller.openflow");

    private final EventDispatcher dispatcher;
    private final ListenerRegistry<DeviceEvent, DeviceListener> listeners = new ListenerRegistry<>();
    private final Map<DeviceId, Device> devices = new ConcurrentHashMap<>();
    private final Map<DeviceId, Map<PortNumber, Port>> ports = new ConcurrentHashMap<>();
    private final Set<DeviceId> available = ConcurrentHashMap.newKeySet();
    private final Map<DeviceId, Long> lastUpdated = new ConcurrentHashMap<>();

    public RuntimeDeviceService(EventDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    public static DeviceId deviceId(DatapathId dpid) {
        return DeviceId.deviceId("of:" + dpid.toString().replace(":", ""));
    }

    /** A switch finished its handshake (and the runtime knows its flow table). */
    public void switchConnected(DatapathId dpid, String description, List<OFPortDesc> portDescs) {
        DeviceId id = deviceId(dpid);
        Device device = new DefaultDevice(PROVIDER, id, Device.Type.SWITCH, "Open vSwitch", "", description,
                dpid.toString(), new ChassisId(dpid.getLong()), DefaultAnnotations.EMPTY);
        boolean known = devices.put(id, device) != null;
        Map<PortNumber, Port> portMap = new ConcurrentHashMap<>();
        for (OFPortDesc desc : portDescs) {
            Port port = toPort(device, desc);
            if (port != null) {
                portMap.put(port.number(), port);
            }
        }
        ports.put(id, portMap);
        available.add(id);
        lastUpdated.put(id, System.currentTimeMillis());
        dispatcher.post(listeners, new DeviceEvent(known ? DeviceEvent.Type.DEVICE_AVAILABILITY_CHANGED
                : DeviceEvent.Type.DEVICE_ADDED, device));
    }

    public void switchDisconnected(DatapathId dpid) {
        DeviceId id = deviceId(dpid);
        Device device = devices.get(id);
        if (device != null && available.remove(id)) {
            lastUpdated.put(id, System.currentTimeMillis());
            dispatcher.post(listeners, new DeviceEvent(DeviceEvent.Type.DEVICE_AVAILABILITY_CHANGED, device));
        }
    }

    public void portChanged(DatapathId dpid, OFPortDesc desc, boolean deleted) {
        DeviceId id = deviceId(dpid);
        Device device = devices.get(id);
        if (device == null) {
            return;
        }
        Port port = toPort(device, desc);
        if (port == null) {
            return;
        }
        Map<PortNumber, Port> portMap = ports.computeIfAbsent(id, k -> new ConcurrentHashMap<>());
        DeviceEvent.Type type;
        if (deleted) {
            portMap.remove(port.number());
            type = DeviceEvent.Type.PORT_REMOVED;
        } else {
            type = portMap.put(port.number(), port) == null ? DeviceEvent.Type.PORT_ADDED
                    : DeviceEvent.Type.PORT_UPDATED;
        }
        lastUpdated.put(id, System.currentTimeMillis());
        dispatcher.post(listeners, new DeviceEvent(type, device, port));
    }

    private static Port toPort(Device device, OFPortDesc desc) {
        OFPort no = desc.getPortNo();
        if (no.getPortNumber() < 0 || no.equals(OFPort.LOCAL)) {
            return null; // reserved ports are not part of the topology
        }
        boolean enabled = !desc.getState().contains(OFPortState.LINK_DOWN)
                && !desc.getConfig().contains(OFPortConfig.PORT_DOWN);
        return new DefaultPort(device, PortNumber.portNumber(no.getPortNumber(), desc.getName()), enabled,
                DefaultAnnotations.builder().set("portName", desc.getName()).build());
    }

    @Override
    public int getDeviceCount() {
        return devices.size();
    }

    @Override
    public Iterable<Device> getDevices() {
        return List.copyOf(devices.values());
    }

    @Override
    public Iterable<Device> getDevices(Device.Type type) {
        return devices.values().stream().filter(d -> d.type() == type).collect(Collectors.toList());
    }

    @Override
    public Iterable<Device> getAvailableDevices() {
        return devices.values().stream().filter(d -> available.contains(d.id())).collect(Collectors.toList());
    }

    @Override
    public Iterable<Device> getAvailableDevices(Device.Type type) {
        return devices.values().stream().filter(d -> available.contains(d.id()) && d.type() == type)
                .collect(Collectors.toList());
    }

    @Override
    public Device getDevice(DeviceId deviceId) {
        return devices.get(deviceId);
    }

    @Override
    public MastershipRole getRole(DeviceId deviceId) {
        return devices.containsKey(deviceId) ? MastershipRole.MASTER : MastershipRole.NONE;
    }

    @Override
    public List<Port> getPorts(DeviceId deviceId) {
        return new ArrayList<>(ports.getOrDefault(deviceId, Map.of()).values());
    }

    @Override
    public Port getPort(DeviceId deviceId, PortNumber portNumber) {
        return ports.getOrDefault(deviceId, Map.of()).get(portNumber);
    }

    @Override
    public boolean isAvailable(DeviceId deviceId) {
        return available.contains(deviceId);
    }

    @Override
    public String localStatus(DeviceId deviceId) {
        return available.contains(deviceId) ? "connected" : "disconnected";
    }

    @Override
    public long getLastUpdatedInstant(DeviceId deviceId) {
        return lastUpdated.getOrDefault(deviceId, 0L);
    }

    @Override
    public List<PortStatistics> getPortStatistics(DeviceId deviceId) {
        throw RuntimeNetworkConfigRegistry.unsupported("getPortStatistics");
    }

    @Override
    public List<PortStatistics> getPortDeltaStatistics(DeviceId deviceId) {
        throw RuntimeNetworkConfigRegistry.unsupported("getPortDeltaStatistics");
    }

    @Override
    public void addListener(DeviceListener listener) {
        listeners.addListener(listener);
    }

    @Override
    public void removeListener(DeviceListener listener) {
        listeners.removeListener(listener);
    }
}
