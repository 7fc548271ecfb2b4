package org.resplice.spliceswitch.shim;

/**
 * OpenFlow 1.3 wire constants and big-endian accessors for the few messages the shim edits
 * in place. The shim works on raw bytes: OpenFlowJ cannot parse an experimenter action it does not
 * know, and every other message must pass through byte for byte.
 */
final class OfWire {

    static final int VERSION_13 = 0x04;
    static final int HEADER = 8;

    static final int T_ERROR = 1;
    static final int T_FLOW_REMOVED = 11;
    static final int T_PORT_STATUS = 12;
    static final int T_FLOW_MOD = 14;
    static final int T_MULTIPART_REPLY = 19;

    static final int MP_PORT_DESC = 13;

    static final int FC_ADD = 0;
    static final int FC_MODIFY = 1;
    static final int FC_MODIFY_STRICT = 2;
    static final int FC_DELETE_STRICT = 4;

    static final int FF_SEND_FLOW_REM = 1;

    static final int IT_WRITE_ACTIONS = 3;
    static final int IT_APPLY_ACTIONS = 4;

    static final int OXM_CLASS_BASIC = 0x8000;
    static final int OXM_IN_PORT = 0;
    static final int OXM_ETH_TYPE = 5;
    static final int OXM_IP_PROTO = 10;
    static final int OXM_IPV4_SRC = 11;
    static final int OXM_IPV4_DST = 12;
    static final int OXM_TCP_SRC = 13;
    static final int OXM_TCP_DST = 14;

    static final int ET_BAD_ACTION = 2;
    static final int BAC_MATCH_INCONSISTENT = 13;
    static final int BAC_BAD_LEN = 1;

    /** ofp_flow_mod up to its match. */
    static final int FLOW_MOD_MATCH_OFFSET = 48;
    /** ofp_flow_removed up to its match. */
    static final int FLOW_REMOVED_MATCH_OFFSET = 48;
    static final int FLOW_REMOVED_REASON_OFFSET = 18;
    /** ofp_flow_removed_reason: the flow expired. */
    static final int RR_IDLE_TIMEOUT = 0;
    static final int RR_HARD_TIMEOUT = 1;

    private OfWire() {
    }

    static int u8(byte[] b, int off) {
        return b[off] & 0xff;
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
    }

    static long u32(byte[] b, int off) {
        return (long) u16(b, off) << 16 | u16(b, off + 2);
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    /** ofp_match padded length: its length field rounded up to 8. */
    static int paddedMatchLength(byte[] b, int matchOffset) {
        int len = u16(b, matchOffset + 2);
        return (len + 7) & ~7;
    }

    /** An OFPT_ERROR answering {@code request} (its xid, and up to 64 bytes of it as data). */
    static byte[] error(byte[] request, int type, int code) {
        int dataLen = Math.min(64, request.length);
        byte[] e = new byte[HEADER + 4 + dataLen];
        e[0] = VERSION_13;
        e[1] = T_ERROR;
        put16(e, 2, e.length);
        System.arraycopy(request, 4, e, 4, 4);
        put16(e, 8, type);
        put16(e, 10, code);
        System.arraycopy(request, 0, e, 12, dataLen);
        return e;
    }
}
