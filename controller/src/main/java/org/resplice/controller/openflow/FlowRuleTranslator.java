package org.resplice.controller.openflow;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.onlab.packet.IpPrefix;
import org.onlab.packet.VlanId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.IndexTableId;
import org.onosproject.net.flow.TrafficSelector;
import org.onosproject.net.flow.TrafficTreatment;
import org.onosproject.net.flow.criteria.ArpOpCriterion;
import org.onosproject.net.flow.criteria.ArpPaCriterion;
import org.onosproject.net.flow.criteria.Criterion;
import org.onosproject.net.flow.criteria.EthCriterion;
import org.onosproject.net.flow.criteria.EthTypeCriterion;
import org.onosproject.net.flow.criteria.IPCriterion;
import org.onosproject.net.flow.criteria.IPProtocolCriterion;
import org.onosproject.net.flow.criteria.IcmpTypeCriterion;
import org.onosproject.net.flow.criteria.PortCriterion;
import org.onosproject.net.flow.criteria.TcpFlagsCriterion;
import org.onosproject.net.flow.criteria.TcpPortCriterion;
import org.onosproject.net.flow.criteria.UdpPortCriterion;
import org.onosproject.net.flow.criteria.VlanIdCriterion;
import org.onosproject.net.flow.instructions.Instruction;
import org.onosproject.net.flow.instructions.Instructions;
import org.onosproject.net.flow.instructions.L2ModificationInstruction;
import org.onosproject.net.flow.instructions.L3ModificationInstruction;
import org.onosproject.net.flow.instructions.L4ModificationInstruction;
import org.onosproject.net.packet.OutboundPacket;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowModFlags;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.protocol.oxm.OFOxms;
import org.projectfloodlight.openflow.types.ArpOpcode;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.ICMPv4Type;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFVlanVidMatch;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.U16;
import org.projectfloodlight.openflow.types.U64;

/**
 * Translates ONOS flow rules and outbound packets into OpenFlow 1.3 messages (OpenFlowJ).
 * Static and stateless (thread-safe); every message gets a fresh xid from the factory, which
 * must be OpenFlow 1.3 (e.g. {@link OpenFlowSwitch#factory()}).
 *
 * <p>Supported criteria: IN_PORT, ETH_TYPE, ETH_SRC, ETH_DST, VLAN_VID (none, any, exact),
 * IP_PROTO, IPV4_SRC, IPV4_DST (prefixes become masked matches), TCP_SRC, TCP_DST, UDP_SRC,
 * UDP_DST, ARP_OP, ARP_SPA, ARP_TPA, ICMPV4_TYPE. OpenFlow prerequisites (ETH_TYPE for IP and
 * ARP fields, IP_PROTO for transport fields) are checked here rather than left to the switch.
 *
 * <p>Supported instructions: OUTPUT (physical ports, CONTROLLER with max_len NO_BUFFER so the
 * whole frame is punted, FLOOD, ALL, IN_PORT, LOCAL, NORMAL; TABLE in packet-outs only),
 * L2MODIFICATION ETH_SRC/ETH_DST, L3MODIFICATION IPV4_SRC/IPV4_DST, L4MODIFICATION
 * TCP_SRC/TCP_DST/TCP_FLAGS (exact, as OVS_TCP_FLAGS)/UDP_SRC/UDP_DST, EXTENSION (only with an {@link ExtensionActionEncoder}),
 * and the table transition (goto-table). Immediate actions go into one APPLY_ACTIONS
 * instruction, followed by GOTO_TABLE — the order Open vSwitch echoes back. An empty treatment
 * (or NOACTION alone) is a drop: no instructions.
 *
 * <p>Anything else — deferred actions, clear-deferred, meters, metadata, other criteria or
 * instructions — throws {@link IllegalArgumentException} naming what is not supported.
 */
public final class FlowRuleTranslator {

    /** OFPCML_NO_BUFFER: an output to CONTROLLER carries the whole frame. */
    public static final int OFPCML_NO_BUFFER = 0xffff;

    private static final int MAX_U16 = 0xffff;
    private static final int MAX_TABLE = 0xfe;
    private static final long OFPP_MAX = 0xffffff00L;
    private static final int ETH_TYPE_IPV4 = 0x0800;
    private static final int ETH_TYPE_ARP = 0x0806;
    private static final int ETH_TYPE_IPV6 = 0x86dd;
    private static final short PROTO_ICMP = 1;
    private static final short PROTO_TCP = 6;
    private static final short PROTO_UDP = 17;

    private final OFFactory factory;
    private final ExtensionActionEncoder extensions;

    private FlowRuleTranslator(OFFactory factory, ExtensionActionEncoder extensions) {
        Objects.requireNonNull(factory, "factory");
        if (factory.getVersion() != OFVersion.OF_13) {
            throw new IllegalArgumentException("OpenFlow 1.3 factory needed, got " + factory.getVersion());
        }
        this.factory = factory;
        this.extensions = extensions;
    }

    /**
     * OFPT_FLOW_MOD ADD: cookie = flow id, priority, table, idle and hard timeout, SEND_FLOW_REM,
     * match and instructions. EXTENSION instructions are rejected.
     */
    public static OFFlowAdd toFlowAdd(OFFactory factory, FlowRule rule) {
        return toFlowAdd(factory, rule, null);
    }

    /** {@link #toFlowAdd(OFFactory, FlowRule)} with EXTENSION instructions encoded by {@code extensions}. */
    public static OFFlowAdd toFlowAdd(OFFactory factory, FlowRule rule, ExtensionActionEncoder extensions) {
        return new FlowRuleTranslator(factory, extensions).flowAdd(rule);
    }

    /**
     * OFPT_FLOW_MOD DELETE_STRICT of exactly the entry {@link #toFlowAdd} installs: same table,
     * priority and match (the cookie is carried but not used to match).
     */
    public static OFFlowDeleteStrict toFlowDeleteStrict(OFFactory factory, FlowRule rule) {
        return new FlowRuleTranslator(factory, null).flowDeleteStrict(rule);
    }

    /** OFPT_FLOW_MOD DELETE_STRICT of an entry found in a switch's flow stats (table, priority, match). */
    public static OFFlowDeleteStrict toFlowDeleteStrict(OFFactory factory, OFFlowStatsEntry entry) {
        Objects.requireNonNull(entry, "entry");
        return new FlowRuleTranslator(factory, null).factory.buildFlowDeleteStrict()
                .setCookie(entry.getCookie())
                .setCookieMask(U64.ZERO)
                .setPriority(entry.getPriority())
                .setTableId(entry.getTableId())
                .setBufferId(OFBufferId.NO_BUFFER)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .setMatch(entry.getMatch())
                .build();
    }

    /**
     * OFPT_PACKET_OUT of an outbound packet: no buffer, in_port from the packet (CONTROLLER when it
     * has none), the treatment's immediate output and set-field actions, the packet's bytes.
     */
    public static OFPacketOut toPacketOut(OFFactory factory, OutboundPacket packet) {
        return toPacketOut(factory, packet, null);
    }

    /** {@link #toPacketOut(OFFactory, OutboundPacket)} with EXTENSION instructions encoded by {@code extensions}. */
    public static OFPacketOut toPacketOut(OFFactory factory, OutboundPacket packet, ExtensionActionEncoder extensions) {
        return new FlowRuleTranslator(factory, extensions).packetOut(packet);
    }

    /** The OpenFlow match of a selector (null or empty: match everything). */
    public static Match toMatch(OFFactory factory, TrafficSelector selector) {
        return new FlowRuleTranslator(factory, null).match(selector);
    }

    /** The OpenFlow instructions of a treatment (null or empty: none, i.e. drop). */
    public static List<OFInstruction> toInstructions(OFFactory factory, TrafficTreatment treatment) {
        return toInstructions(factory, treatment, null);
    }

    /** {@link #toInstructions(OFFactory, TrafficTreatment)} with EXTENSION instructions encoded by {@code extensions}. */
    public static List<OFInstruction> toInstructions(OFFactory factory, TrafficTreatment treatment,
                                                     ExtensionActionEncoder extensions) {
        return new FlowRuleTranslator(factory, extensions).instructions(treatment);
    }

    // ---- flow mods and packet-outs ----

    private OFFlowAdd flowAdd(FlowRule rule) {
        Objects.requireNonNull(rule, "rule");
        return factory.buildFlowAdd()
                .setCookie(U64.of(rule.id().value()))
                .setPriority(priority(rule))
                .setTableId(table(rule))
                .setIdleTimeout(u16(rule.timeout(), "idle timeout"))
                .setHardTimeout(u16(rule.hardTimeout(), "hard timeout"))
                .setBufferId(OFBufferId.NO_BUFFER)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .setFlags(Set.of(OFFlowModFlags.SEND_FLOW_REM))
                .setMatch(match(rule.selector()))
                .setInstructions(instructions(rule.treatment()))
                .build();
    }

    private OFFlowDeleteStrict flowDeleteStrict(FlowRule rule) {
        Objects.requireNonNull(rule, "rule");
        return factory.buildFlowDeleteStrict()
                .setCookie(U64.of(rule.id().value()))
                .setCookieMask(U64.ZERO)
                .setPriority(priority(rule))
                .setTableId(table(rule))
                .setBufferId(OFBufferId.NO_BUFFER)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .setMatch(match(rule.selector()))
                .build();
    }

    private Match match(TrafficSelector selector) {
        Match.Builder mb = factory.buildMatch();
        if (selector == null) {
            return mb.build();
        }
        for (Criterion c : selector.criteria()) {
            addCriterion(mb, c);
        }
        checkPrerequisites(selector);
        return mb.build();
    }

    private List<OFInstruction> instructions(TrafficTreatment treatment) {
        if (treatment == null) {
            return List.of();
        }
        rejectUnsupportedParts(treatment);
        List<OFAction> actions = actions(treatment.immediate(), false);
        List<OFInstruction> instructions = new ArrayList<>(2);
        if (!actions.isEmpty()) {
            instructions.add(factory.instructions().applyActions(actions));
        }
        Instructions.TableTypeTransition transition = treatment.tableTransition();
        if (transition != null) {
            int next = transition.tableId();
            if (next < 0 || next > MAX_TABLE) {
                throw new IllegalArgumentException("instruction TABLE: table " + next + " out of range 0.." + MAX_TABLE);
            }
            instructions.add(factory.instructions().gotoTable(TableId.of(next)));
        }
        return List.copyOf(instructions);
    }

    private OFPacketOut packetOut(OutboundPacket packet) {
        Objects.requireNonNull(packet, "packet");
        TrafficTreatment treatment = packet.treatment();
        List<OFAction> actions = List.of();
        if (treatment != null) {
            rejectUnsupportedParts(treatment);
            if (treatment.tableTransition() != null) {
                throw new IllegalArgumentException("instruction TABLE is not supported in a packet-out");
            }
            actions = actions(treatment.immediate(), true);
        }
        PortNumber in = packet.inPort();
        OFPort inPort = in == null ? OFPort.CONTROLLER : ingressPort(in, "packet-out in_port", true);
        ByteBuffer data = packet.data().duplicate();
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        return factory.buildPacketOut()
                .setBufferId(OFBufferId.NO_BUFFER)
                .setInPort(inPort)
                .setActions(actions)
                .setData(bytes)
                .build();
    }

    // ---- match ----

    private void addCriterion(Match.Builder mb, Criterion c) {
        switch (c.type()) {
            case IN_PORT -> mb.setExact(MatchField.IN_PORT, ingressPort(((PortCriterion) c).port(), "criterion IN_PORT", false));
            case ETH_TYPE -> mb.setExact(MatchField.ETH_TYPE,
                    EthType.of(((EthTypeCriterion) c).ethType().toShort() & MAX_U16));
            case ETH_SRC -> setMac(mb, MatchField.ETH_SRC, (EthCriterion) c);
            case ETH_DST -> setMac(mb, MatchField.ETH_DST, (EthCriterion) c);
            case VLAN_VID -> setVlan(mb, ((VlanIdCriterion) c).vlanId());
            case IP_PROTO -> mb.setExact(MatchField.IP_PROTO, IpProtocol.of(((IPProtocolCriterion) c).protocol()));
            case IPV4_SRC -> setIpv4(mb, MatchField.IPV4_SRC, ((IPCriterion) c).ip(), c.type());
            case IPV4_DST -> setIpv4(mb, MatchField.IPV4_DST, ((IPCriterion) c).ip(), c.type());
            case TCP_SRC -> mb.setExact(MatchField.TCP_SRC, tp(((TcpPortCriterion) c).tcpPort().toInt()));
            case TCP_DST -> mb.setExact(MatchField.TCP_DST, tp(((TcpPortCriterion) c).tcpPort().toInt()));
            // OpenFlow 1.3 has no TCP flags field; Open vSwitch reads ONF's experimenter OXM for it.
            case TCP_FLAGS -> mb.setExact(MatchField.OVS_TCP_FLAGS, U16.of(((TcpFlagsCriterion) c).flags()));
            case UDP_SRC -> mb.setExact(MatchField.UDP_SRC, tp(((UdpPortCriterion) c).udpPort().toInt()));
            case UDP_DST -> mb.setExact(MatchField.UDP_DST, tp(((UdpPortCriterion) c).udpPort().toInt()));
            case ARP_OP -> mb.setExact(MatchField.ARP_OP, ArpOpcode.of(((ArpOpCriterion) c).arpOp()));
            case ARP_SPA -> mb.setExact(MatchField.ARP_SPA, IPv4Address.of(((ArpPaCriterion) c).ip().toInt()));
            case ARP_TPA -> mb.setExact(MatchField.ARP_TPA, IPv4Address.of(((ArpPaCriterion) c).ip().toInt()));
            case ICMPV4_TYPE -> mb.setExact(MatchField.ICMPV4_TYPE,
                    ICMPv4Type.of(((IcmpTypeCriterion) c).icmpType()));
            default -> throw new IllegalArgumentException("unsupported criterion " + c.type() + ": " + c);
        }
    }

    private static void setMac(Match.Builder mb, MatchField<MacAddress> field, EthCriterion c) {
        MacAddress mac = MacAddress.of(c.mac().toBytes());
        if (c.mask() == null || c.mask().equals(org.onlab.packet.MacAddress.EXACT_MASK)) {
            mb.setExact(field, mac);
        } else {
            mb.setMasked(field, mac, MacAddress.of(c.mask().toBytes()));
        }
    }

    private static void setVlan(Match.Builder mb, VlanId vlan) {
        if (VlanId.NONE.equals(vlan)) {
            mb.setExact(MatchField.VLAN_VID, OFVlanVidMatch.NONE);
        } else if (VlanId.ANY.equals(vlan)) {
            mb.setMasked(MatchField.VLAN_VID, OFVlanVidMatch.PRESENT, OFVlanVidMatch.PRESENT);
        } else {
            mb.setExact(MatchField.VLAN_VID, OFVlanVidMatch.ofVlan(vlan.toShort()));
        }
    }

    private static void setIpv4(Match.Builder mb, MatchField<IPv4Address> field, IpPrefix prefix,
                                Criterion.Type type) {
        if (!prefix.isIp4()) {
            throw new IllegalArgumentException("criterion " + type + " needs an IPv4 prefix, got " + prefix);
        }
        int length = prefix.prefixLength();
        IPv4Address address = IPv4Address.of(prefix.address().getIp4Address().toInt());
        if (length == IpPrefix.MAX_INET_MASK_LENGTH) {
            mb.setExact(field, address);
        } else if (length > 0) {
            mb.setMasked(field, address, IPv4Address.ofCidrMaskLength(length));
        }
        // length 0 matches every address: no OXM at all, as a switch would echo it.
    }

    private static void checkPrerequisites(TrafficSelector selector) {
        Integer ethType = null;
        if (selector.getCriterion(Criterion.Type.ETH_TYPE) instanceof EthTypeCriterion e) {
            ethType = e.ethType().toShort() & MAX_U16;
        }
        Short proto = null;
        if (selector.getCriterion(Criterion.Type.IP_PROTO) instanceof IPProtocolCriterion p) {
            proto = p.protocol();
        }
        for (Criterion c : selector.criteria()) {
            switch (c.type()) {
                case IPV4_SRC, IPV4_DST -> require(ethType != null && ethType == ETH_TYPE_IPV4, c,
                        "ETH_TYPE 0x0800 (IPv4)");
                case IP_PROTO -> require(ethType != null && (ethType == ETH_TYPE_IPV4 || ethType == ETH_TYPE_IPV6), c,
                        "ETH_TYPE 0x0800 (IPv4) or 0x86dd (IPv6)");
                case TCP_SRC, TCP_DST, TCP_FLAGS -> require(proto != null && proto == PROTO_TCP, c, "IP_PROTO 6 (TCP)");
                case UDP_SRC, UDP_DST -> require(proto != null && proto == PROTO_UDP, c, "IP_PROTO 17 (UDP)");
                case ICMPV4_TYPE -> require(proto != null && proto == PROTO_ICMP
                        && ethType != null && ethType == ETH_TYPE_IPV4, c, "ETH_TYPE 0x0800 and IP_PROTO 1 (ICMP)");
                case ARP_OP, ARP_SPA, ARP_TPA -> require(ethType != null && ethType == ETH_TYPE_ARP, c,
                        "ETH_TYPE 0x0806 (ARP)");
                default -> { }
            }
        }
    }

    private static void require(boolean ok, Criterion c, String what) {
        if (!ok) {
            throw new IllegalArgumentException("criterion " + c.type() + " requires " + what + " in the same selector");
        }
    }

    // ---- instructions and actions ----

    private static void rejectUnsupportedParts(TrafficTreatment t) {
        if (!t.deferred().isEmpty()) {
            throw new IllegalArgumentException("deferred instructions (write-actions) are not supported: " + t.deferred());
        }
        if (t.clearedDeferred()) {
            throw new IllegalArgumentException("clear-deferred (CLEAR_ACTIONS) is not supported");
        }
        if (t.writeMetadata() != null) {
            throw new IllegalArgumentException("instruction " + Instruction.Type.METADATA + " is not supported");
        }
        if (t.metered() != null || (t.meters() != null && !t.meters().isEmpty())) {
            throw new IllegalArgumentException("instruction " + Instruction.Type.METER + " is not supported");
        }
        if (t.statTrigger() != null) {
            throw new IllegalArgumentException("instruction " + Instruction.Type.STAT_TRIGGER + " is not supported");
        }
    }

    private List<OFAction> actions(List<Instruction> immediate, boolean packetOut) {
        List<OFAction> actions = new ArrayList<>(immediate.size());
        boolean noAction = false;
        for (Instruction i : immediate) {
            if (i.type() == Instruction.Type.NOACTION) {
                noAction = true;
            } else {
                actions.add(action(i, packetOut));
            }
        }
        if (noAction && !actions.isEmpty()) {
            throw new IllegalArgumentException("instruction NOACTION (drop) combined with other actions: " + immediate);
        }
        return actions;
    }

    private OFAction action(Instruction i, boolean packetOut) {
        OFOxms oxms = factory.oxms();
        switch (i.type()) {
            case OUTPUT: {
                PortNumber p = ((Instructions.OutputInstruction) i).port();
                OFPort port = port(p, "instruction OUTPUT", packetOut);
                int maxLen = port.equals(OFPort.CONTROLLER) ? OFPCML_NO_BUFFER : 0;
                return factory.actions().buildOutput().setPort(port).setMaxLen(maxLen).build();
            }
            case L2MODIFICATION: {
                L2ModificationInstruction l2 = (L2ModificationInstruction) i;
                switch (l2.subtype()) {
                    case ETH_SRC:
                        return factory.actions().setField(oxms.ethSrc(mac(l2)));
                    case ETH_DST:
                        return factory.actions().setField(oxms.ethDst(mac(l2)));
                    default:
                        throw unsupported(i, l2.subtype());
                }
            }
            case L3MODIFICATION: {
                L3ModificationInstruction l3 = (L3ModificationInstruction) i;
                switch (l3.subtype()) {
                    case IPV4_SRC:
                        return factory.actions().setField(oxms.ipv4Src(ipv4(l3)));
                    case IPV4_DST:
                        return factory.actions().setField(oxms.ipv4Dst(ipv4(l3)));
                    default:
                        throw unsupported(i, l3.subtype());
                }
            }
            case L4MODIFICATION: {
                L4ModificationInstruction l4 = (L4ModificationInstruction) i;
                if (!(l4 instanceof L4ModificationInstruction.ModTransportPortInstruction mod)) {
                    throw unsupported(i, l4.subtype());
                }
                TransportPort tp = tp(mod.port().toInt());
                switch (l4.subtype()) {
                    case TCP_SRC:
                        return factory.actions().setField(oxms.tcpSrc(tp));
                    case TCP_DST:
                        return factory.actions().setField(oxms.tcpDst(tp));
                    case UDP_SRC:
                        return factory.actions().setField(oxms.udpSrc(tp));
                    case UDP_DST:
                        return factory.actions().setField(oxms.udpDst(tp));
                    default:
                        throw unsupported(i, l4.subtype());
                }
            }
            case EXTENSION: {
                if (extensions == null) {
                    throw new IllegalArgumentException("unsupported instruction EXTENSION (no extension encoder): " + i);
                }
                return Objects.requireNonNull(extensions.encode(
                        ((Instructions.ExtensionInstructionWrapper) i).extensionInstruction(), factory),
                        "extension encoder returned null for " + i);
            }
            default:
                throw new IllegalArgumentException("unsupported instruction " + i.type() + ": " + i);
        }
    }

    private static IllegalArgumentException unsupported(Instruction i, Object subtype) {
        return new IllegalArgumentException("unsupported instruction " + i.type() + "/" + subtype + ": " + i);
    }

    private static MacAddress mac(L2ModificationInstruction l2) {
        if (!(l2 instanceof L2ModificationInstruction.ModEtherInstruction mod)) {
            throw unsupported(l2, l2.subtype());
        }
        return MacAddress.of(mod.mac().toBytes());
    }

    private static IPv4Address ipv4(L3ModificationInstruction l3) {
        if (!(l3 instanceof L3ModificationInstruction.ModIPInstruction mod)) {
            throw unsupported(l3, l3.subtype());
        }
        if (!mod.ip().isIp4()) {
            throw new IllegalArgumentException("instruction " + l3.type() + "/" + l3.subtype()
                    + " needs an IPv4 address, got " + mod.ip());
        }
        return IPv4Address.of(mod.ip().getIp4Address().toInt());
    }

    private static TransportPort tp(int port) {
        return TransportPort.of(port);
    }

    // ---- scalars ----

    private static OFPort port(PortNumber p, String where, boolean packetOut) {
        long n = p.toLong();
        if (n == PortNumber.CONTROLLER.toLong()) {
            return OFPort.CONTROLLER;
        } else if (n == PortNumber.FLOOD.toLong()) {
            return OFPort.FLOOD;
        } else if (n == PortNumber.ALL.toLong()) {
            return OFPort.ALL;
        } else if (n == PortNumber.IN_PORT.toLong()) {
            return OFPort.IN_PORT;
        } else if (n == PortNumber.LOCAL.toLong()) {
            return OFPort.LOCAL;
        } else if (n == PortNumber.NORMAL.toLong()) {
            return OFPort.NORMAL;
        } else if (n == PortNumber.TABLE.toLong() && packetOut) {
            return OFPort.TABLE;
        } else if (n >= 1 && n <= OFPP_MAX) {
            return OFPort.of((int) n);
        }
        throw new IllegalArgumentException(where + ": port " + p + " cannot be expressed in OpenFlow 1.3 here");
    }

    /** A port a packet can arrive on: physical, LOCAL, and for packet-outs CONTROLLER. */
    private static OFPort ingressPort(PortNumber p, String where, boolean packetOut) {
        long n = p.toLong();
        if (n == PortNumber.LOCAL.toLong()) {
            return OFPort.LOCAL;
        } else if (n == PortNumber.CONTROLLER.toLong() && packetOut) {
            return OFPort.CONTROLLER;
        } else if (n >= 1 && n <= OFPP_MAX) {
            return OFPort.of((int) n);
        }
        throw new IllegalArgumentException(where + ": port " + p + " cannot be expressed in OpenFlow 1.3 here");
    }

    private static int priority(FlowRule rule) {
        return u16(rule.priority(), "priority");
    }

    private static TableId table(FlowRule rule) {
        if (!(rule.table() instanceof IndexTableId index)) {
            throw new IllegalArgumentException("table " + rule.table() + " is not an OpenFlow table index");
        }
        int table = index.id();
        if (table < 0 || table > MAX_TABLE) {
            throw new IllegalArgumentException("table " + table + " out of range 0.." + MAX_TABLE);
        }
        return TableId.of(table);
    }

    private static int u16(int value, String what) {
        if (value < 0 || value > MAX_U16) {
            throw new IllegalArgumentException(what + " " + value + " out of range 0.." + MAX_U16);
        }
        return value;
    }
}
