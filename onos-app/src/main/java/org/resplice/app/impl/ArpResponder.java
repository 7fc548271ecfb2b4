package org.resplice.app.impl;

import org.onlab.packet.ARP;
import org.onlab.packet.Ethernet;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.packet.DefaultOutboundPacket;
import org.onosproject.net.packet.InboundPacket;
import org.onosproject.net.packet.PacketContext;
import org.onosproject.net.packet.PacketProcessor;
import org.onosproject.net.packet.PacketService;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Answers ARP requests for every address the controller knows (VIPs, proxy-side addresses and
 * configured hosts) with a packet-out on the port the request came in. ARP never floods the fabric.
 */
final class ArpResponder implements PacketProcessor {

    private final PacketService packetService;
    private final Function<Ip4Address, Optional<MacAddress>> resolver;

    final LongAdder repliesSent = new LongAdder();
    final LongAdder unknownTargets = new LongAdder();
    final LongAdder otherArp = new LongAdder();

    ArpResponder(PacketService packetService, Function<Ip4Address, Optional<MacAddress>> resolver) {
        this.packetService = packetService;
        this.resolver = resolver;
    }

    @Override
    public void process(PacketContext context) {
        if (context.isHandled()) {
            return;
        }
        InboundPacket in = context.inPacket();
        Ethernet eth = in.parsed();
        if (eth == null || eth.getEtherType() != Ethernet.TYPE_ARP) {
            return;
        }
        ARP arp = (ARP) eth.getPayload();
        if (arp.getOpCode() != ARP.OP_REQUEST) {
            // Replies and gratuitous announcements: hosts learn from us, not from each other.
            otherArp.increment();
            context.block();
            return;
        }
        Ip4Address target = Ip4Address.valueOf(arp.getTargetProtocolAddress());
        Optional<MacAddress> mac = resolver.apply(target);
        if (mac.isEmpty()) {
            unknownTargets.increment();
            context.block();
            return;
        }
        Ethernet reply = ARP.buildArpReply(target, mac.get(), eth);
        ConnectPoint from = in.receivedFrom();
        packetService.emit(new DefaultOutboundPacket(from.deviceId(),
                DefaultTrafficTreatment.builder().setOutput(from.port()).build(),
                ByteBuffer.wrap(reply.serialize())));
        repliesSent.increment();
        context.block();
    }
}
