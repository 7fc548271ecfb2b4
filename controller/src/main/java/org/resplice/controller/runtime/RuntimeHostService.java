package org.resplice.controller.runtime;

import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.event.ListenerRegistry;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DefaultHost;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Host;
import org.onosproject.net.HostId;
import org.onosproject.net.config.NetworkConfigEvent;
import org.onosproject.net.config.basics.BasicHostConfig;
import org.onosproject.net.host.HostEvent;
import org.onosproject.net.host.HostListener;
import org.onosproject.net.host.HostService;
import org.onosproject.net.provider.ProviderId;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Hosts as the configuration declares them (the "hosts" section, {@link BasicHostConfig}):
 * the runtime does no host discovery, so forwarding never depends on a host speaking first.
 */
public final class RuntimeHostService implements HostService {

    static final ProviderId PROVIDER = new ProviderId("netcfg", "org.resplice.controller.hosts");

    private final RuntimeNetworkConfigRegistry config;
    private final EventDispatcher dispatcher;
    private final ListenerRegistry<HostEvent, HostListener> listeners = new ListenerRegistry<>();
    private final Map<HostId, Host> hosts = new ConcurrentHashMap<>();

    public RuntimeHostService(RuntimeNetworkConfigRegistry config, EventDispatcher dispatcher) {
        this.config = config;
        this.dispatcher = dispatcher;
        config.addListener(event -> {
            if (event.configClass() == BasicHostConfig.class) {
                dispatcher.execute(() -> refresh(event));
            }
        });
    }

    /** Rebuilds the host table from configuration; call once the host config factory is registered. */
    public void loadFromConfig() {
        for (HostId id : config.getSubjects(HostId.class, BasicHostConfig.class)) {
            hosts.put(id, toHost(id, config.getConfig(id, BasicHostConfig.class)));
        }
    }

    private void refresh(NetworkConfigEvent event) {
        HostId id = (HostId) event.subject();
        BasicHostConfig c = config.getConfig(id, BasicHostConfig.class);
        if (c == null) {
            Host gone = hosts.remove(id);
            if (gone != null) {
                listeners.process(new HostEvent(HostEvent.Type.HOST_REMOVED, gone));
            }
            return;
        }
        Host host = toHost(id, c);
        Host before = hosts.put(id, host);
        listeners.process(before == null ? new HostEvent(HostEvent.Type.HOST_ADDED, host)
                : new HostEvent(HostEvent.Type.HOST_UPDATED, host, before));
    }

    private static Host toHost(HostId id, BasicHostConfig c) {
        return new DefaultHost(PROVIDER, id, id.mac(), id.vlanId(), c.locations(), c.ipAddresses(), true);
    }

    @Override
    public int getHostCount() {
        return hosts.size();
    }

    @Override
    public Iterable<Host> getHosts() {
        return Set.copyOf(hosts.values());
    }

    @Override
    public Host getHost(HostId hostId) {
        return hosts.get(hostId);
    }

    @Override
    public Set<Host> getHostsByVlan(VlanId vlanId) {
        return hosts.values().stream().filter(h -> h.vlan().equals(vlanId)).collect(Collectors.toSet());
    }

    @Override
    public Set<Host> getHostsByMac(MacAddress mac) {
        return hosts.values().stream().filter(h -> h.mac().equals(mac)).collect(Collectors.toSet());
    }

    @Override
    public Set<Host> getHostsByIp(IpAddress ip) {
        return hosts.values().stream().filter(h -> h.ipAddresses().contains(ip)).collect(Collectors.toSet());
    }

    @Override
    public Set<Host> getConnectedHosts(ConnectPoint connectPoint) {
        return hosts.values().stream()
                .filter(h -> h.locations().stream().anyMatch(l -> l.deviceId().equals(connectPoint.deviceId())
                        && l.port().equals(connectPoint.port())))
                .collect(Collectors.toSet());
    }

    @Override
    public Set<Host> getConnectedHosts(DeviceId deviceId) {
        return hosts.values().stream()
                .filter(h -> h.locations().stream().anyMatch(l -> l.deviceId().equals(deviceId)))
                .collect(Collectors.toSet());
    }

    @Override
    public void startMonitoringIp(IpAddress ip) {
        throw RuntimeNetworkConfigRegistry.unsupported("startMonitoringIp");
    }

    @Override
    public void stopMonitoringIp(IpAddress ip) {
        throw RuntimeNetworkConfigRegistry.unsupported("stopMonitoringIp");
    }

    @Override
    public void requestMac(IpAddress ip) {
        throw RuntimeNetworkConfigRegistry.unsupported("requestMac");
    }

    @Override
    public void addListener(HostListener listener) {
        listeners.addListener(listener);
    }

    @Override
    public void removeListener(HostListener listener) {
        listeners.removeListener(listener);
    }
}
