package org.resplice.controller.runtime;

import org.onosproject.net.DeviceId;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.resplice.controller.openflow.OpenFlowSwitch;
import org.resplice.controller.openflow.OpenFlowSwitchListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static org.onlab.util.Tools.groupedThreads;

/**
 * Turns OpenFlow switch events into the runtime's device, flow and packet services, as ONOS's
 * OpenFlow providers do. A connecting switch's flow table is read before the device is announced,
 * so rules it kept while the controller was away are adopted instead of re-sent; every
 * {@code pollSeconds} the table is read again and reconciled.
 */
public final class OpenFlowProvider implements OpenFlowSwitchListener {

    private static final Logger log = LoggerFactory.getLogger(OpenFlowProvider.class);

    private final RuntimeDeviceService devices;
    private final RuntimeFlowRuleService flows;
    private final RuntimePacketService packets;
    private final long pollSeconds;
    private final Map<DeviceId, OpenFlowSwitch> connected = new ConcurrentHashMap<>();
    private final Map<DeviceId, ScheduledFuture<?>> polls = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller =
            Executors.newSingleThreadScheduledExecutor(groupedThreads("resplice/runtime", "flow-poll", log));

    public OpenFlowProvider(RuntimeDeviceService devices, RuntimeFlowRuleService flows,
                            RuntimePacketService packets, long pollSeconds) {
        this.devices = devices;
        this.flows = flows;
        this.packets = packets;
        this.pollSeconds = pollSeconds;
    }

    public Optional<OpenFlowSwitch> switchFor(DeviceId device) {
        OpenFlowSwitch sw = connected.get(device);
        return sw != null && sw.isConnected() ? Optional.of(sw) : Optional.empty();
    }

    @Override
    public void switchConnected(OpenFlowSwitch sw) {
        DeviceId id = RuntimeDeviceService.deviceId(sw.dpid());
        sw.flowStats().whenComplete((entries, error) -> {
            if (error != null) {
                log.error("{}: reading the flow table failed ({}); disconnecting so the switch retries", id,
                        error.toString());
                sw.disconnect();
                return;
            }
            log.info("{} connected from {} with {} ports and {} flow entries", id, sw.remoteAddress(),
                    sw.ports().size(), entries.size());
            connected.put(id, sw);
            flows.switchConnected(sw, id, entries);
            devices.switchConnected(sw.dpid(), sw.remoteAddress().toString(), sw.ports());
            ScheduledFuture<?> old = polls.put(id, poller.scheduleWithFixedDelay(() -> poll(id, sw),
                    pollSeconds, pollSeconds, TimeUnit.SECONDS));
            if (old != null) {
                old.cancel(false);
            }
        });
    }

    private void poll(DeviceId id, OpenFlowSwitch sw) {
        if (!sw.isConnected()) {
            return;
        }
        try {
            sw.flowStats().thenCompose(entries -> flows.reconcile(sw, id, entries)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("{}: flow reconciliation failed: {}", id, e.toString());
        }
    }

    @Override
    public void switchDisconnected(OpenFlowSwitch sw) {
        DeviceId id = RuntimeDeviceService.deviceId(sw.dpid());
        if (!connected.remove(id, sw)) {
            return; // replaced by a newer connection of the same switch
        }
        ScheduledFuture<?> poll = polls.remove(id);
        if (poll != null) {
            poll.cancel(false);
        }
        log.info("{} disconnected", id);
        devices.switchDisconnected(sw.dpid());
    }

    @Override
    public void portChanged(OpenFlowSwitch sw, OFPortStatus status) {
        devices.portChanged(sw.dpid(), status.getDesc(), status.getReason() == OFPortReason.DELETE);
    }

    @Override
    public void packetIn(OpenFlowSwitch sw, OFPacketIn packetIn) {
        packets.packetIn(RuntimeDeviceService.deviceId(sw.dpid()), packetIn);
    }

    @Override
    public void flowRemoved(OpenFlowSwitch sw, OFFlowRemoved flowRemoved) {
        flows.flowRemoved(RuntimeDeviceService.deviceId(sw.dpid()), flowRemoved);
    }

    @Override
    public void errorReceived(OpenFlowSwitch sw, OFErrorMsg error) {
        log.warn("{}: unsolicited error from switch: {}", RuntimeDeviceService.deviceId(sw.dpid()), error);
    }

    public void close() {
        poller.shutdownNow();
    }
}
