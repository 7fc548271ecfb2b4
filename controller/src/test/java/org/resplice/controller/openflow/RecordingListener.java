package org.resplice.controller.openflow;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortStatus;

/** Records every listener callback in order, in one queue per kind, for bounded waits. */
final class RecordingListener implements OpenFlowSwitchListener {

    record Event<T>(OpenFlowSwitch sw, T msg) { }

    final BlockingQueue<OpenFlowSwitch> connected = new LinkedBlockingQueue<>();
    final BlockingQueue<OpenFlowSwitch> disconnected = new LinkedBlockingQueue<>();
    /** "connected dpid" / "disconnected dpid" in announcement order. */
    final BlockingQueue<String> lifecycle = new LinkedBlockingQueue<>();
    final BlockingQueue<Event<OFPortStatus>> ports = new LinkedBlockingQueue<>();
    final BlockingQueue<Event<OFPacketIn>> packetIns = new LinkedBlockingQueue<>();
    final BlockingQueue<Event<OFFlowRemoved>> flowRemoved = new LinkedBlockingQueue<>();
    final BlockingQueue<Event<OFErrorMsg>> errors = new LinkedBlockingQueue<>();

    @Override
    public void switchConnected(OpenFlowSwitch sw) {
        lifecycle.add("connected " + sw.dpid());
        connected.add(sw);
    }

    @Override
    public void switchDisconnected(OpenFlowSwitch sw) {
        lifecycle.add("disconnected " + sw.dpid());
        disconnected.add(sw);
    }

    @Override
    public void portChanged(OpenFlowSwitch sw, OFPortStatus status) {
        ports.add(new Event<>(sw, status));
    }

    @Override
    public void packetIn(OpenFlowSwitch sw, OFPacketIn packetIn) {
        packetIns.add(new Event<>(sw, packetIn));
    }

    @Override
    public void flowRemoved(OpenFlowSwitch sw, OFFlowRemoved removed) {
        flowRemoved.add(new Event<>(sw, removed));
    }

    @Override
    public void errorReceived(OpenFlowSwitch sw, OFErrorMsg error) {
        errors.add(new Event<>(sw, error));
    }

    static <T> T await(BlockingQueue<T> queue, String what) throws InterruptedException {
        return await(queue, what, FakeSwitch.WAIT);
    }

    static <T> T await(BlockingQueue<T> queue, String what, Duration timeout) throws InterruptedException {
        T item = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(item, "no " + what + " within " + timeout);
        return item;
    }
}
