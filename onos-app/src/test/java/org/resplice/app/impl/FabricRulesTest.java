package org.resplice.app.impl;

import org.junit.jupiter.api.Test;
import org.onlab.packet.EthType;
import org.onlab.packet.IpAddress;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.criteria.Criterion;
import org.onosproject.net.flow.criteria.EthCriterion;
import org.onosproject.net.flow.criteria.PortCriterion;
import org.onosproject.net.flow.instructions.Instruction;
import org.onosproject.net.flow.instructions.Instructions;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.resplice.app.impl.TestNetwork.APP;
import static org.resplice.app.impl.TestNetwork.B1;
import static org.resplice.app.impl.TestNetwork.B2;
import static org.resplice.app.impl.TestNetwork.HOSTS;
import static org.resplice.app.impl.TestNetwork.S1;

class FabricRulesTest {

    private static final Set<IpAddress> BACKENDS = Set.of(IpAddress.valueOf("10.0.0.11"), IpAddress.valueOf("10.0.0.12"));
    private static final List<IpAddress> LOGGERS = List.of(IpAddress.valueOf("10.0.0.5"));

    private static List<FlowRule> inTable(List<FlowRule> rules, int table) {
        return rules.stream().filter(r -> r.tableId() == table).collect(Collectors.toList());
    }

    private static Set<PortNumber> outputs(FlowRule rule) {
        return rule.treatment().immediate().stream()
                .filter(i -> i.type() == Instruction.Type.OUTPUT)
                .map(i -> ((Instructions.OutputInstruction) i).port())
                .collect(Collectors.toSet());
    }

    @Test
    void forwardsToEveryHostOnTheDeviceOnly() {
        List<FlowRule> rules = FabricRules.forDevice(APP, S1, HOSTS, BACKENDS, LOGGERS);
        List<FlowRule> forwarding = inTable(rules, FabricRules.FORWARDING_TABLE);
        assertEquals(5, forwarding.size(), "five hosts sit on s1; the sixth is on s2");
        for (FlowRule r : forwarding) {
            EthCriterion dst = (EthCriterion) r.selector().getCriterion(Criterion.Type.ETH_DST);
            long port = HOSTS.stream().filter(h -> h.mac().equals(dst.mac())).findFirst().orElseThrow()
                    .location().port().toLong();
            assertEquals(Set.of(PortNumber.portNumber(port)), outputs(r));
        }
    }

    @Test
    void mirrorsBackendTrafficBothWaysToTheLogger() {
        List<FlowRule> mirror = inTable(FabricRules.forDevice(APP, S1, HOSTS, BACKENDS, LOGGERS),
                FabricRules.MIRROR_TABLE);
        // table-miss + two rules per backend
        assertEquals(5, mirror.size());
        PortNumber loggerPort = PortNumber.portNumber(3);
        int fromBackend = 0;
        int toBackend = 0;
        for (FlowRule r : mirror) {
            if (r.priority() == FabricRules.TABLE_MISS_PRIORITY) {
                assertTrue(r.selector().criteria().isEmpty());
                assertTrue(outputs(r).isEmpty());
                continue;
            }
            assertEquals(Set.of(loggerPort), outputs(r));
            assertEquals(FabricRules.FORWARDING_TABLE, r.treatment().tableTransition().tableId());
            assertEquals(EthType.EtherType.IPV4.ethType().toShort(),
                    ((org.onosproject.net.flow.criteria.EthTypeCriterion)
                            r.selector().getCriterion(Criterion.Type.ETH_TYPE)).ethType().toShort());
            PortCriterion in = (PortCriterion) r.selector().getCriterion(Criterion.Type.IN_PORT);
            if (in != null) {
                assertTrue(Set.of(B1.location().port(), B2.location().port()).contains(in.port()));
                fromBackend++;
            } else {
                EthCriterion dst = (EthCriterion) r.selector().getCriterion(Criterion.Type.ETH_DST);
                assertTrue(Set.of(B1.mac(), B2.mac()).contains(dst.mac()));
                toBackend++;
            }
        }
        assertEquals(2, fromBackend);
        assertEquals(2, toBackend);
    }

    @Test
    void noLoggerOnTheDeviceMeansNoMirror() {
        List<FlowRule> rules = FabricRules.forDevice(APP, S1, HOSTS, BACKENDS, List.of(IpAddress.valueOf("10.0.0.33")));
        assertEquals(1, inTable(rules, FabricRules.MIRROR_TABLE).size());
    }

    @Test
    void sameInputSameRules() {
        List<FlowRule> a = FabricRules.forDevice(APP, S1, HOSTS, BACKENDS, LOGGERS);
        List<FlowRule> b = FabricRules.forDevice(APP, S1, HOSTS, BACKENDS, LOGGERS);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertTrue(a.get(i).exactMatch(b.get(i)));
        }
    }
}
