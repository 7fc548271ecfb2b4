package org.resplice.spliceswitch.shim;

import org.resplice.splicecore.adjust.TcpAdjustWire;
import org.resplice.splicecore.adjust.TcpAdjustment;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.resplice.spliceswitch.shim.OfWire.FLOW_STATS_MATCH_OFFSET;
import static org.resplice.spliceswitch.shim.OfWire.IT_APPLY_ACTIONS;
import static org.resplice.spliceswitch.shim.OfWire.paddedMatchLength;
import static org.resplice.spliceswitch.shim.OfWire.put16;
import static org.resplice.spliceswitch.shim.OfWire.u16;

/**
 * Puts the TCP_ADJUST action back into flow-stats replies, so the controller sees each splice flow
 * as it installed it (Open vSwitch never saw the action). Entries grow by 24 bytes each, so one
 * reply may become two; the first then carries the REPLY_MORE flag.
 */
final class FlowStatsEditor {

    private static final int MP_HEADER = 16;
    private static final int MAX_MESSAGE = 0xffff;
    private static final int REPLY_MORE = 1;

    private FlowStatsEditor() {
    }

    /**
     * @param reply    an OFPMP_FLOW multipart reply
     * @param adjusted the adjustment of a splice flow, or null
     * @return the reply message(s) to forward, in order
     */
    static List<byte[]> edit(byte[] reply, Function<SpliceMatch, TcpAdjustment> adjusted) {
        List<byte[]> entries = new ArrayList<>();
        boolean changed = false;
        int at = MP_HEADER;
        while (at + 2 <= reply.length) {
            int len = u16(reply, at);
            if (len < FLOW_STATS_MATCH_OFFSET || at + len > reply.length) {
                return List.of(reply); // malformed: not ours to fix
            }
            byte[] entry = new byte[len];
            System.arraycopy(reply, at, entry, 0, len);
            TcpAdjustment a = MatchFields.exactSplice(entry, FLOW_STATS_MATCH_OFFSET).map(adjusted).orElse(null);
            if (a != null) {
                entry = withAdjust(entry, a);
                changed = true;
            }
            entries.add(entry);
            at += len;
        }
        if (!changed) {
            return List.of(reply);
        }
        List<byte[]> messages = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] e : entries) {
            if (MP_HEADER + body.size() + e.length > MAX_MESSAGE) {
                messages.add(message(reply, body.toByteArray(), true));
                body.reset();
            }
            body.write(e, 0, e.length);
        }
        boolean more = (u16(reply, 10) & REPLY_MORE) != 0;
        messages.add(message(reply, body.toByteArray(), more));
        return messages;
    }

    private static byte[] message(byte[] original, byte[] body, boolean more) {
        byte[] m = new byte[MP_HEADER + body.length];
        System.arraycopy(original, 0, m, 0, MP_HEADER);
        System.arraycopy(body, 0, m, MP_HEADER, body.length);
        put16(m, 2, m.length);
        put16(m, 10, (u16(original, 10) & ~REPLY_MORE) | (more ? REPLY_MORE : 0));
        return m;
    }

    /** The entry with the action first in its APPLY_ACTIONS (added when there is none). */
    private static byte[] withAdjust(byte[] entry, TcpAdjustment a) {
        byte[] action = TcpAdjustWire.encode(a);
        int instructions = FLOW_STATS_MATCH_OFFSET + paddedMatchLength(entry, FLOW_STATS_MATCH_OFFSET);
        ByteArrayOutputStream out = new ByteArrayOutputStream(entry.length + 32);
        out.write(entry, 0, instructions);
        boolean inserted = false;
        int at = instructions;
        while (at + 4 <= entry.length) {
            int type = u16(entry, at);
            int len = u16(entry, at + 2);
            if (len < 8 || at + len > entry.length) {
                return entry;
            }
            if (type == IT_APPLY_ACTIONS && !inserted) {
                byte[] head = new byte[8];
                System.arraycopy(entry, at, head, 0, 8);
                put16(head, 2, len + action.length);
                out.write(head, 0, 8);
                out.write(action, 0, action.length);
                out.write(entry, at + 8, len - 8);
                inserted = true;
            } else {
                out.write(entry, at, len);
            }
            at += len;
        }
        if (!inserted) {
            byte[] head = new byte[8];
            put16(head, 0, IT_APPLY_ACTIONS);
            put16(head, 2, 8 + action.length);
            out.write(head, 0, 8);
            out.write(action, 0, action.length);
        }
        byte[] result = out.toByteArray();
        put16(result, 0, result.length);
        return result;
    }
}
