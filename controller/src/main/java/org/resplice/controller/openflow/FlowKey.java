package org.resplice.controller.openflow;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFMatchV3;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;

/**
 * What identifies a flow entry in an OpenFlow 1.3 switch, for reconciling what is installed
 * (flow stats) with what should be (flow mods): table, priority and the match as an
 * order-insensitive set of OXMs. OXMs are canonicalised first: a mask of all ones becomes an exact
 * match and a mask of all zeros (a wildcard) disappears, as a switch would echo them.
 */
public final class FlowKey {

    private final int tableId;
    private final int priority;
    private final Set<OFOxm<?>> match;

    private FlowKey(int tableId, int priority, Set<OFOxm<?>> match) {
        this.tableId = tableId;
        this.priority = priority;
        this.match = match;
    }

    public static FlowKey of(OFFlowStatsEntry entry) {
        return new FlowKey(entry.getTableId().getValue(), entry.getPriority(), oxms(entry.getMatch()));
    }

    public static FlowKey of(OFFlowMod mod) {
        return new FlowKey(mod.getTableId().getValue(), mod.getPriority(), oxms(mod.getMatch()));
    }

    /** The key of the entry a FLOW_REMOVED reports. */
    public static FlowKey of(OFFlowRemoved removed) {
        return new FlowKey(removed.getTableId().getValue(), removed.getPriority(), oxms(removed.getMatch()));
    }

    /**
     * Whether an installed entry carries the instructions of a flow mod: order-sensitive equality of
     * the instruction lists (Open vSwitch echoes back the simple actions it was given).
     */
    public static boolean sameInstructions(OFFlowStatsEntry installed, OFFlowMod mod) {
        return instructions(installed.getInstructions()).equals(instructions(mod.getInstructions()));
    }

    public int tableId() {
        return tableId;
    }

    public int priority() {
        return priority;
    }

    /** The canonical OXMs of the match, unordered. */
    public Set<OFOxm<?>> match() {
        return match;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowKey k && tableId == k.tableId && priority == k.priority && match.equals(k.match);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tableId, priority, match);
    }

    @Override
    public String toString() {
        return "FlowKey[table=" + tableId + ", priority=" + priority + ", match=" + match + "]";
    }

    private static List<OFInstruction> instructions(List<OFInstruction> list) {
        return list == null ? List.of() : list;
    }

    private static Set<OFOxm<?>> oxms(Match match) {
        if (!(match instanceof OFMatchV3 v3)) {
            throw new IllegalArgumentException("not an OpenFlow 1.3 (OXM) match: " + match);
        }
        Set<OFOxm<?>> set = new HashSet<>();
        for (OFOxm<?> oxm : v3.getOxmList()) {
            OFOxm<?> canonical = oxm.getCanonical();
            if (canonical != null) {
                set.add(canonical);
            }
        }
        return Set.copyOf(set);
    }
}
