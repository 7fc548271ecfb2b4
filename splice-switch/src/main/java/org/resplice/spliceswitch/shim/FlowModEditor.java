package org.resplice.spliceswitch.shim;

import org.resplice.splicecore.adjust.TcpAdjustWire;
import org.resplice.splicecore.adjust.TcpAdjustment;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

import static org.resplice.spliceswitch.shim.OfWire.BAC_BAD_LEN;
import static org.resplice.spliceswitch.shim.OfWire.BAC_MATCH_INCONSISTENT;
import static org.resplice.spliceswitch.shim.OfWire.ET_BAD_ACTION;
import static org.resplice.spliceswitch.shim.OfWire.FF_SEND_FLOW_REM;
import static org.resplice.spliceswitch.shim.OfWire.FLOW_MOD_MATCH_OFFSET;
import static org.resplice.spliceswitch.shim.OfWire.FLOW_REMOVED_REASON_OFFSET;
import static org.resplice.spliceswitch.shim.OfWire.IT_APPLY_ACTIONS;
import static org.resplice.spliceswitch.shim.OfWire.IT_WRITE_ACTIONS;
import static org.resplice.spliceswitch.shim.OfWire.paddedMatchLength;
import static org.resplice.spliceswitch.shim.OfWire.RR_HARD_TIMEOUT;
import static org.resplice.spliceswitch.shim.OfWire.RR_IDLE_TIMEOUT;
import static org.resplice.spliceswitch.shim.OfWire.put16;
import static org.resplice.spliceswitch.shim.OfWire.u16;
import static org.resplice.spliceswitch.shim.OfWire.u8;

/**
 * Takes the TCP_ADJUST action out of a FLOW_MOD before Open vSwitch sees it. The result says what
 * to forward, what to program into the XDP map, or what error to send back instead.
 */
final class FlowModEditor {

    /** What one FLOW_MOD turned into. */
    static final class Edit {
        /** The message to forward (unchanged when it carried no TCP_ADJUST); null with an error. */
        final byte[] forward;
        /** The adjustment the flow carries, if any. */
        final TcpAdjustment adjustment;
        /** The flow's exact splice match, when it has one. */
        final SpliceMatch match;
        final int command;
        /** An OFPT_ERROR for the controller instead of forwarding; null when all is well. */
        final byte[] error;
        final String why;

        private Edit(byte[] forward, TcpAdjustment adjustment, SpliceMatch match, int command, byte[] error,
                     String why) {
            this.forward = forward;
            this.adjustment = adjustment;
            this.match = match;
            this.command = command;
            this.error = error;
            this.why = why;
        }
    }

    private FlowModEditor() {
    }

    static Edit edit(byte[] msg) {
        int command = u8(msg, 25);
        if (msg.length < FLOW_MOD_MATCH_OFFSET + 4) {
            return new Edit(msg, null, null, command, null, null); // OVS will refuse it itself
        }
        int instructions = FLOW_MOD_MATCH_OFFSET + paddedMatchLength(msg, FLOW_MOD_MATCH_OFFSET);
        SpliceMatch match = MatchFields.exactSplice(msg, FLOW_MOD_MATCH_OFFSET).orElse(null);
        if (instructions > msg.length) {
            return new Edit(msg, null, match, command, null, null);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(msg.length);
        out.write(msg, 0, instructions);
        TcpAdjustment found = null;
        int at = instructions;
        while (at + 4 <= msg.length) {
            int type = u16(msg, at);
            int len = u16(msg, at + 2);
            if (len < 8 || at + len > msg.length) {
                return new Edit(msg, null, match, command, null, null); // malformed: OVS answers it
            }
            if (type != IT_APPLY_ACTIONS && type != IT_WRITE_ACTIONS) {
                out.write(msg, at, len);
                at += len;
                continue;
            }
            ByteArrayOutputStream actions = new ByteArrayOutputStream(len);
            int a = at + 8;
            while (a + 4 <= at + len) {
                int alen = u16(msg, a + 2);
                if (alen < 8 || a + alen > at + len) {
                    return new Edit(msg, null, match, command, null, null);
                }
                if (TcpAdjustWire.isTcpAdjust(msg, a, at + len - a)) {
                    if (type == IT_WRITE_ACTIONS) {
                        return refuse(msg, command, BAC_MATCH_INCONSISTENT,
                                "TCP_ADJUST belongs in APPLY_ACTIONS (it acts at ingress, before any output)");
                    }
                    if (found != null) {
                        return refuse(msg, command, BAC_MATCH_INCONSISTENT, "more than one TCP_ADJUST in a flow");
                    }
                    try {
                        found = TcpAdjustWire.decode(msg, a, alen);
                    } catch (IllegalArgumentException e) {
                        return refuse(msg, command, BAC_BAD_LEN, e.getMessage());
                    }
                } else {
                    actions.write(msg, a, alen);
                }
                a += alen;
            }
            byte[] head = new byte[8];
            System.arraycopy(msg, at, head, 0, 8);
            put16(head, 2, 8 + actions.size());
            out.write(head, 0, 8);
            out.write(actions.toByteArray(), 0, actions.size());
            at += len;
        }
        if (found == null) {
            return new Edit(msg, null, match, command, null, null);
        }
        if (match == null) {
            return refuse(msg, command, BAC_MATCH_INCONSISTENT,
                    "TCP_ADJUST needs a flow matching in_port, IPv4 src/dst and TCP src/dst exactly, and no other field");
        }
        byte[] edited = out.toByteArray();
        put16(edited, 2, edited.length);
        // The shim must hear when OVS drops the flow, to drop the XDP entry with it.
        put16(edited, 44, u16(edited, 44) | FF_SEND_FLOW_REM);
        return new Edit(edited, found, match, command, null, null);
    }

    private static Edit refuse(byte[] msg, int command, int code, String why) {
        return new Edit(null, null, null, command, OfWire.error(msg, ET_BAD_ACTION, code), why);
    }

    /**
     * The splice match of a flow Open vSwitch removed on its own (idle or hard timeout), whose XDP
     * entry must go with it. Empty for a flow the controller deleted: the shim dropped that entry
     * when it passed the delete on, in order with the controller's later flow mods. Acting on the
     * report instead could remove the entry of a newer flow with the same match (a client port
     * reused for a new connection) added in between.
     */
    static Optional<SpliceMatch> expiredMatch(byte[] flowRemoved) {
        if (flowRemoved.length <= FLOW_REMOVED_REASON_OFFSET) {
            return Optional.empty();
        }
        int reason = u8(flowRemoved, FLOW_REMOVED_REASON_OFFSET);
        if (reason != RR_IDLE_TIMEOUT && reason != RR_HARD_TIMEOUT) {
            return Optional.empty();
        }
        return MatchFields.exactSplice(flowRemoved, OfWire.FLOW_REMOVED_MATCH_OFFSET);
    }
}
