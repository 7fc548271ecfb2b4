package org.resplice.controller.runtime;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.IpPrefix;
import org.onlab.packet.MacAddress;
import org.onlab.packet.TpPort;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.DefaultFlowRule;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleOperations;
import org.onosproject.net.flow.FlowRuleOperationsContext;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.resplice.controller.openflow.FlowRuleTranslator;
import org.resplice.app.splice.TcpAdjustTreatment;
import org.resplice.controller.openflow.OpenFlowErrorException;
import org.resplice.splicecore.adjust.TcpAdjustWire;
import org.resplice.splicecore.adjust.TcpAdjustment;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuntimeFlowRuleServiceTest {

    private static final DeviceId S1 = DeviceId.deviceId("of:0000000000000001");
    private static final DefaultApplicationId APP = new DefaultApplicationId(3, "org.resplice.app");

    private final RecordingSwitch sw = new RecordingSwitch();
    private final EventDispatcher dispatcher = new EventDispatcher();
    private final RuntimeFlowRuleService flows = new RuntimeFlowRuleService(d -> Optional.of(sw), dispatcher);

    @AfterEach
    void close() {
        dispatcher.close();
    }

    private static FlowRule forward(String mac, long port) {
        return DefaultFlowRule.builder().fromApp(APP).forDevice(S1).forTable(1).withPriority(10000)
                .withSelector(DefaultTrafficSelector.builder().matchEthDst(MacAddress.valueOf(mac)).build())
                .withTreatment(DefaultTrafficTreatment.builder().setOutput(PortNumber.portNumber(port)).build())
                .makePermanent().build();
    }

    /** A context whose outcome the test can wait for. */
    private static final class Outcome implements FlowRuleOperationsContext {
        final CompletableFuture<Boolean> success = new CompletableFuture<>();

        @Override
        public void onSuccess(FlowRuleOperations ops) {
            success.complete(true);
        }

        @Override
        public void onError(FlowRuleOperations ops) {
            success.complete(false);
        }
    }

    private static OFFlowStatsEntry installed(RecordingSwitch sw, FlowRule rule) {
        OFFlowMod mod = FlowRuleTranslator.toFlowAdd(sw.factory(), rule);
        return sw.factory().buildFlowStatsEntry().setTableId(mod.getTableId()).setPriority(mod.getPriority())
                .setMatch(mod.getMatch()).setInstructions(mod.getInstructions()).setCookie(mod.getCookie()).build();
    }

    @Test
    void successOnlyAfterTheBarrier() throws Exception {
        Outcome outcome = new Outcome();
        flows.apply(FlowRuleOperations.builder().add(forward("00:00:00:00:00:01", 1)).build(outcome));
        assertEquals(1, sw.sent.size());
        assertTrue(sw.sent.get(0) instanceof OFFlowAdd);
        assertFalse(outcome.success.isDone(), "no success before the switch confirmed");
        assertEquals(FlowEntry.FlowEntryState.PENDING_ADD, flows.getFlowEntries(S1).iterator().next().state());

        sw.barriers.get(0).complete(null);
        assertTrue(outcome.success.get(5, TimeUnit.SECONDS));
        assertEquals(FlowEntry.FlowEntryState.ADDED, flows.getFlowEntries(S1).iterator().next().state());
    }

    @Test
    void aRefusedBatchIsAnErrorAndNotKept() throws Exception {
        Outcome outcome = new Outcome();
        flows.apply(FlowRuleOperations.builder().add(forward("00:00:00:00:00:01", 1)).build(outcome));
        sw.barriers.get(0).completeExceptionally(new OpenFlowErrorException(
                sw.factory().errorMsgs().buildBadRequestErrorMsg()
                        .setCode(org.projectfloodlight.openflow.protocol.OFBadRequestCode.BAD_LEN).build()));
        assertFalse(outcome.success.get(5, TimeUnit.SECONDS));
        assertEquals(0, flows.getFlowRuleCount(S1));
    }

    @Test
    void stagesRunInOrder() throws Exception {
        FlowRule a = forward("00:00:00:00:00:01", 1);
        FlowRule b = forward("00:00:00:00:00:02", 2);
        Outcome outcome = new Outcome();
        flows.apply(FlowRuleOperations.builder().add(a).newStage().add(b).build(outcome));
        assertEquals(1, sw.sent.size(), "the second stage waits for the first one's barrier");
        sw.barriers.get(0).complete(null);
        assertEquals(2, sw.sent.size());
        sw.barriers.get(1).complete(null);
        assertTrue(outcome.success.get(5, TimeUnit.SECONDS));
    }

    @Test
    void rulesTheSwitchKeptAreAdoptedNotResent() throws Exception {
        FlowRule kept = forward("00:00:00:00:00:01", 1);
        FlowRule changed = forward("00:00:00:00:00:02", 2);
        FlowRule stale = forward("00:00:00:00:00:03", 3);
        OFFlowStatsEntry changedOnSwitch = installed(sw, forward("00:00:00:00:00:02", 7));
        flows.switchConnected(sw, S1, List.of(installed(sw, kept), changedOnSwitch, installed(sw, stale)));

        Outcome outcome = new Outcome();
        flows.apply(FlowRuleOperations.builder().add(kept).add(changed).build(outcome));
        assertEquals(1, sw.sent.size(), "only the rule whose actions differ is sent");
        assertEquals(((OFFlowMod) sw.sent.get(0)).getMatch(), FlowRuleTranslator.toFlowAdd(sw.factory(), changed).getMatch());
        sw.barriers.get(0).complete(null);
        assertTrue(outcome.success.get(5, TimeUnit.SECONDS));
        assertEquals(1L, flows.counters().get("rulesAdopted"));

        // Applying the same rules again sends nothing.
        flows.apply(FlowRuleOperations.builder().add(kept).add(changed).build());
        assertEquals(1, sw.sent.size());

        // The poll: the stale entry goes; a wanted rule the switch lost comes back.
        sw.sent.clear();
        CompletableFuture<Void> done = flows.reconcile(sw, S1, List.of(installed(sw, changed), installed(sw, stale)));
        List<OFMessage> fixes = sw.sent;
        assertEquals(2, fixes.size());
        assertTrue(fixes.stream().anyMatch(m -> m instanceof OFFlowDeleteStrict
                && ((OFFlowDeleteStrict) m).getMatch().equals(FlowRuleTranslator.toFlowAdd(sw.factory(), stale).getMatch())));
        assertTrue(fixes.stream().anyMatch(m -> m instanceof OFFlowAdd
                && ((OFFlowAdd) m).getMatch().equals(FlowRuleTranslator.toFlowAdd(sw.factory(), kept).getMatch())));
        sw.barriers.get(sw.barriers.size() - 1).complete(null);
        assertNull(done.get(5, TimeUnit.SECONDS));
        assertEquals(1L, flows.counters().get("extraneousRemoved"));
        assertEquals(1L, flows.counters().get("missingReinstalled"));
    }

    @Test
    void removeSendsADeleteAndForgetsTheRule() throws Exception {
        FlowRule a = forward("00:00:00:00:00:01", 1);
        flows.applyFlowRules(a);
        sw.barriers.get(0).complete(null);
        Outcome outcome = new Outcome();
        flows.apply(FlowRuleOperations.builder().remove(a).build(outcome));
        assertTrue(sw.sent.get(1) instanceof OFFlowDeleteStrict);
        assertEquals(0, flows.getFlowRuleCount(S1));
        sw.barriers.get(1).complete(null);
        assertTrue(outcome.success.get(5, TimeUnit.SECONDS));
    }

    @Test
    void spliceRulesCarryTheTcpAdjustActionBeforeTheirOutputs() throws Exception {
        TcpAdjustment adjust = TcpAdjustment.towardClient(0x7000_0001, 1);
        FlowRule splice = DefaultFlowRule.builder().fromApp(APP).forDevice(S1).forTable(0).withPriority(50000)
                .withSelector(DefaultTrafficSelector.builder().matchInPort(PortNumber.portNumber(4))
                        .matchEthType((short) 0x0800).matchIPProtocol((byte) 6)
                        .matchIPSrc(IpPrefix.valueOf("10.0.0.11/32")).matchIPDst(IpPrefix.valueOf("10.0.0.200/32"))
                        .matchTcpSrc(TpPort.tpPort(80)).matchTcpDst(TpPort.tpPort(40000)).build())
                .withTreatment(DefaultTrafficTreatment.builder()
                        .extension(new TcpAdjustTreatment(adjust), S1)
                        .setOutput(PortNumber.portNumber(1)).setOutput(PortNumber.portNumber(3)).build())
                .makePermanent().build();
        flows.applyFlowRules(splice);
        ByteBuf buf = Unpooled.buffer();
        sw.sent.get(0).writeTo(buf);
        byte[] wire = new byte[buf.readableBytes()];
        buf.readBytes(wire);
        byte[] action = TcpAdjustWire.encode(adjust);
        int at = indexOf(wire, action);
        assertTrue(at > 0, "the flow mod carries the TCP_ADJUST action");
        // OFPAT_OUTPUT (type 0, len 16) to port 1 right after it: the adjustment precedes every output.
        assertEquals(0, wire[at + 24] << 8 | wire[at + 25]);
        assertEquals(1, wire[at + 24 + 7]);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
