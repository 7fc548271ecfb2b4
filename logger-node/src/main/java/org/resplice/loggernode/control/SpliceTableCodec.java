package org.resplice.loggernode.control;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.resplice.loggernode.capture.Endpoint;

/**
 * Reads the body of {@code GET /resplice/splices}: {@code {"splices": [...], "counters": {...}}} as the
 * controller serves it, or a bare array of entries. Each entry:
 * <pre>
 * {"client": "10.0.0.1:40000", "vip": "10.0.0.100:80", "backend": "10.0.0.11:80",
 *  "alternate": "10.0.0.12:80", "proxy": "10.0.0.200:40001", "offset": 123456, "state": "SPLICED",
 *  "clientIsn": 3000000000, "backendIsn": 17}
 * </pre>
 * {@code alternate} may be null or absent; {@code offset} may be written signed or as its unsigned
 * 32-bit value; the ISNs are unsigned 32-bit and required for SPLICED entries. Unknown fields are
 * ignored, so that the controller can add some. Any problem fails the whole table, naming the JSON path.
 */
public final class SpliceTableCodec {

    private SpliceTableCodec() {
    }

    /** @throws ControllerResponseException naming the JSON path of the first problem */
    public static List<SpliceEntry> parse(byte[] body) throws ControllerResponseException {
        JsonNode root = JsonBodies.read(body);
        JsonNode list;
        String base;
        if (root != null && root.isArray()) {
            list = root;
            base = "$";
        } else if (root != null && root.isObject() && root.path("splices").isArray()) {
            list = root.get("splices");
            base = "$.splices";
        } else {
            throw new ControllerResponseException("$.splices", "expected {\"splices\": [...]} or an array");
        }
        List<SpliceEntry> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(entry(list.get(i), base + "[" + i + "]"));
        }
        return out;
    }

    private static SpliceEntry entry(JsonNode n, String path) throws ControllerResponseException {
        if (!n.isObject()) {
            throw new ControllerResponseException(path, "expected an object");
        }
        SpliceEntry.State state = state(n, path);
        long clientIsn = isn(n, path, "clientIsn", state);
        long backendIsn = isn(n, path, "backendIsn", state);
        return new SpliceEntry(endpoint(n, path, "client", true), endpoint(n, path, "vip", true),
                endpoint(n, path, "backend", true), endpoint(n, path, "alternate", false),
                endpoint(n, path, "proxy", true), offset(n, path), state, clientIsn, backendIsn);
    }

    private static Endpoint endpoint(JsonNode n, String path, String field, boolean required)
            throws ControllerResponseException {
        JsonNode v = n.get(field);
        String at = path + "." + field;
        if (v == null || v.isNull()) {
            if (required) {
                throw new ControllerResponseException(at, "missing; expected \"a.b.c.d:port\"");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new ControllerResponseException(at, "expected a string \"a.b.c.d:port\", not " + v);
        }
        try {
            return Endpoint.parse(v.asText(), at);
        } catch (IllegalArgumentException e) {
            throw new ControllerResponseException(at, e.getMessage().substring(at.length() + 2));
        }
    }

    private static int offset(JsonNode n, String path) throws ControllerResponseException {
        JsonNode v = n.get("offset");
        String at = path + ".offset";
        if (v == null || !v.isIntegralNumber()) {
            throw new ControllerResponseException(at, "missing or not an integer");
        }
        if (!v.canConvertToLong() || v.asLong() < Integer.MIN_VALUE || v.asLong() > 0xFFFF_FFFFL) {
            throw new ControllerResponseException(at, v + " is not a 32-bit value");
        }
        return (int) v.asLong();
    }

    private static SpliceEntry.State state(JsonNode n, String path) throws ControllerResponseException {
        JsonNode v = n.get("state");
        String at = path + ".state";
        if (v == null || !v.isTextual()) {
            throw new ControllerResponseException(at, "missing; expected CONNECTING, INSTALLING or SPLICED");
        }
        try {
            return SpliceEntry.State.valueOf(v.asText());
        } catch (IllegalArgumentException e) {
            throw new ControllerResponseException(at, "\"" + v.asText()
                    + "\" is not CONNECTING, INSTALLING or SPLICED");
        }
    }

    private static long isn(JsonNode n, String path, String field, SpliceEntry.State state)
            throws ControllerResponseException {
        JsonNode v = n.get(field);
        String at = path + "." + field;
        if (v == null || v.isNull()) {
            if (state == SpliceEntry.State.SPLICED) {
                throw new ControllerResponseException(at, "missing in a SPLICED entry; the logger cannot place"
                        + " the connection's bytes without it (update the controller)");
            }
            return SpliceEntry.UNKNOWN_ISN;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0 || v.asLong() > 0xFFFF_FFFFL) {
            throw new ControllerResponseException(at, v + " is not an unsigned 32-bit integer");
        }
        return v.asLong();
    }
}
