package org.resplice.controller.runtime;

import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.resplice.controller.openflow.OpenFlowSwitch;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A switch that records what it is sent; each barrier completes when the test says so. */
final class RecordingSwitch implements OpenFlowSwitch {

    final List<OFMessage> sent = new ArrayList<>();
    final List<CompletableFuture<Void>> barriers = new ArrayList<>();
    List<OFFlowStatsEntry> table = new ArrayList<>();

    @Override
    public DatapathId dpid() {
        return DatapathId.of(1);
    }

    @Override
    public OFFactory factory() {
        return OFFactories.getFactory(OFVersion.OF_13);
    }

    @Override
    public List<OFPortDesc> ports() {
        return List.of();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 1);
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public synchronized void send(OFMessage msg) {
        sent.add(msg);
    }

    @Override
    public synchronized void send(List<OFMessage> msgs) {
        sent.addAll(msgs);
    }

    @Override
    public synchronized CompletableFuture<Void> sendWithBarrier(List<OFMessage> msgs) {
        sent.addAll(msgs);
        CompletableFuture<Void> barrier = new CompletableFuture<>();
        barriers.add(barrier);
        return barrier;
    }

    @Override
    public CompletableFuture<List<OFFlowStatsEntry>> flowStats() {
        return CompletableFuture.completedFuture(table);
    }

    @Override
    public void disconnect() {
    }
}
