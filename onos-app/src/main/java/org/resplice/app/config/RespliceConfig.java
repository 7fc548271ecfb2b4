package org.resplice.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;
import org.onosproject.core.ApplicationId;
import org.onosproject.net.DeviceId;
import org.onosproject.net.config.Config;
import org.onosproject.net.config.InvalidFieldException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The application's network configuration, under {@code apps/org.resplice.app/resplice} in the
 * ONOS netcfg JSON: virtual IPs, backend pools, proxy-side addresses, logger hosts and the
 * switches that carry splices.
 *
 * <pre>
 * {"vips": [{"name": "web", "ip": "10.0.0.100", "mac": "02:00:0a:00:00:64", "port": 80, "pool": "web"}],
 *  "pools": [{"name": "web", "protocol": "http", "port": 80, "backends": ["10.0.0.11", "10.0.0.12"],
 *             "policy": "least-connections", "affinityCookie": "SESSIONID"}],
 *  "proxyAddresses": [{"ip": "10.0.0.200", "mac": "02:00:0a:00:00:c8"}],
 *  "loggers": ["10.0.0.5"], "auxServers": [{"ip": "10.0.0.20", "port": 143}],
 *  "spliceSwitches": ["of:0000000000000001"]}
 * </pre>
 *
 * A pool's {@code policy} is {@code round-robin} (the default) or {@code least-connections}; an HTTP
 * pool's optional {@code affinityCookie} names the cookie whose value keeps a session on one backend.
 * Hosts themselves (MAC, IP, attachment point) come from the standard {@code hosts} section.
 * {@link #validate()} names the bad field; {@link #isValid()} is what ONOS calls.
 */
public final class RespliceConfig extends Config<ApplicationId> {

    public static final String KEY = "resplice";

    private static final String VIPS = "vips";
    private static final String POOLS = "pools";
    private static final String PROXY_ADDRESSES = "proxyAddresses";
    private static final String LOGGERS = "loggers";
    private static final String SPLICE_SWITCHES = "spliceSwitches";
    private static final String AUX_SERVERS = "auxServers";

    /** Application protocols a pool may speak; server-speaks-first ones are routed at handshake. */
    public static final Set<String> PROTOCOLS = Set.of("http", "imap", "smtp", "line");

    /** How a pool picks a backend for a connection that no affinity cookie places. */
    public enum Policy {
        ROUND_ROBIN("round-robin"), LEAST_CONNECTIONS("least-connections");

        private final String json;

        Policy(String json) {
            this.json = json;
        }

        /** The name in the config JSON. */
        public String json() {
            return json;
        }

        static Policy parse(String text, String at) {
            for (Policy p : values()) {
                if (p.json.equals(text)) {
                    return p;
                }
            }
            throw new InvalidFieldException(at, "unknown policy \"" + text + "\"; use round-robin or least-connections");
        }
    }

    /** RFC 6265 cookie-name: an RFC 7230 token. */
    private static final Pattern COOKIE_NAME =
            Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");

    @Override
    public boolean isValid() {
        validate();
        return true;
    }

    /**
     * Checks every field and throws {@link InvalidFieldException} naming the first bad one
     * and what a valid value looks like.
     */
    public void validate() {
        only(object, "", VIPS, POOLS, PROXY_ADDRESSES, LOGGERS, SPLICE_SWITCHES, AUX_SERVERS);
        List<Pool> pools = pools();
        Set<String> poolNames = new HashSet<>();
        for (Pool pool : pools) {
            if (!poolNames.add(pool.name())) {
                throw new InvalidFieldException(POOLS, "duplicate pool name \"" + pool.name() + "\"");
            }
        }
        Set<IpAddress> addresses = new HashSet<>();
        for (Vip vip : vips()) {
            if (!poolNames.contains(vip.pool())) {
                throw new InvalidFieldException(VIPS, "vip \"" + vip.name() + "\" names pool \"" + vip.pool()
                        + "\", which is not in " + POOLS + " " + poolNames);
            }
            if (!addresses.add(vip.ip())) {
                throw new InvalidFieldException(VIPS, "address " + vip.ip() + " is used twice");
            }
        }
        for (ProxyAddress proxy : proxyAddresses()) {
            if (!addresses.add(proxy.ip())) {
                throw new InvalidFieldException(PROXY_ADDRESSES, "address " + proxy.ip()
                        + " is already a VIP or proxy address");
            }
        }
        loggers();
        spliceSwitches();
        auxServers();
    }

    public List<Vip> vips() {
        List<Vip> result = new ArrayList<>();
        int i = 0;
        for (JsonNode n : array(VIPS)) {
            String at = VIPS + "[" + i++ + "]";
            ObjectNode o = object(n, at);
            only(o, at, "name", "ip", "mac", "port", "pool");
            result.add(new Vip(text(o, at, "name"), ip(o, at, "ip"), mac(o, at, "mac"),
                    port(o, at, "port"), text(o, at, "pool")));
        }
        return Collections.unmodifiableList(result);
    }

    public List<Pool> pools() {
        List<Pool> result = new ArrayList<>();
        int i = 0;
        for (JsonNode n : array(POOLS)) {
            String at = POOLS + "[" + i++ + "]";
            ObjectNode o = object(n, at);
            only(o, at, "name", "protocol", "port", "backends", "policy", "affinityCookie");
            String protocol = text(o, at, "protocol");
            if (!PROTOCOLS.contains(protocol)) {
                throw new InvalidFieldException(at + ".protocol", "unknown protocol \"" + protocol
                        + "\"; use one of " + PROTOCOLS);
            }
            List<IpAddress> backends = new ArrayList<>();
            JsonNode list = o.get("backends");
            if (list == null || !list.isArray() || list.size() == 0) {
                throw new InvalidFieldException(at + ".backends", "must be a non-empty list of backend IPv4 addresses");
            }
            for (int j = 0; j < list.size(); j++) {
                backends.add(parseIp(list.get(j), at + ".backends[" + j + "]"));
            }
            Policy policy = o.has("policy") ? Policy.parse(text(o, at, "policy"), at + ".policy") : Policy.ROUND_ROBIN;
            String cookie = null;
            if (o.has("affinityCookie")) {
                cookie = text(o, at, "affinityCookie");
                if (!COOKIE_NAME.matcher(cookie).matches()) {
                    throw new InvalidFieldException(at + ".affinityCookie",
                            "must be a cookie name (letters, digits and !#$%&'*+.^_`|~-, at most 64)");
                }
                if (!"http".equals(protocol)) {
                    throw new InvalidFieldException(at + ".affinityCookie",
                            "only an http pool carries cookies; remove it or set protocol to http");
                }
            }
            result.add(new Pool(text(o, at, "name"), protocol, port(o, at, "port"), backends, policy, cookie));
        }
        return Collections.unmodifiableList(result);
    }

    /**
     * The servers the backends themselves call (DESIGN §1, the paper's aux server: IMAP): the
     * logger's aux role logs that traffic and answers replayed requests from it.
     */
    public List<AuxServer> auxServers() {
        List<AuxServer> result = new ArrayList<>();
        int i = 0;
        for (JsonNode n : array(AUX_SERVERS)) {
            String at = AUX_SERVERS + "[" + i++ + "]";
            ObjectNode o = object(n, at);
            only(o, at, "ip", "port");
            result.add(new AuxServer(ip(o, at, "ip"), port(o, at, "port")));
        }
        return Collections.unmodifiableList(result);
    }

    public List<ProxyAddress> proxyAddresses() {
        List<ProxyAddress> result = new ArrayList<>();
        int i = 0;
        for (JsonNode n : array(PROXY_ADDRESSES)) {
            String at = PROXY_ADDRESSES + "[" + i++ + "]";
            ObjectNode o = object(n, at);
            only(o, at, "ip", "mac");
            result.add(new ProxyAddress(ip(o, at, "ip"), mac(o, at, "mac")));
        }
        return Collections.unmodifiableList(result);
    }

    /** IP addresses of the logger hosts; their attachment points come from the hosts section. */
    public List<IpAddress> loggers() {
        List<IpAddress> result = new ArrayList<>();
        int i = 0;
        for (JsonNode n : array(LOGGERS)) {
            result.add(parseIp(n, LOGGERS + "[" + i++ + "]"));
        }
        return Collections.unmodifiableList(result);
    }

    /** Switches that carry splices; empty means every switch. */
    public List<DeviceId> spliceSwitches() {
        List<DeviceId> result = new ArrayList<>();
        int i = 0;
        for (JsonNode n : array(SPLICE_SWITCHES)) {
            String at = SPLICE_SWITCHES + "[" + i++ + "]";
            if (!n.isTextual() || !n.asText().startsWith("of:")) {
                throw new InvalidFieldException(at, "must be a device id such as \"of:0000000000000001\"");
            }
            result.add(DeviceId.deviceId(n.asText()));
        }
        return Collections.unmodifiableList(result);
    }

    /** Every backend address of every pool. */
    public Set<IpAddress> backends() {
        Set<IpAddress> result = new HashSet<>();
        for (Pool pool : pools()) {
            result.addAll(pool.backends());
        }
        return result;
    }

    private Iterable<JsonNode> array(String field) {
        JsonNode n = object.get(field);
        if (n == null || n.isNull()) {
            return Collections.emptyList();
        }
        if (!n.isArray()) {
            throw new InvalidFieldException(field, "must be a JSON array");
        }
        return n;
    }

    private static ObjectNode object(JsonNode n, String at) {
        if (!n.isObject()) {
            throw new InvalidFieldException(at, "must be a JSON object");
        }
        return (ObjectNode) n;
    }

    private static void only(ObjectNode o, String at, String... allowed) {
        Set<String> names = Set.of(allowed);
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!names.contains(name)) {
                throw new InvalidFieldException(at.isEmpty() ? name : at + "." + name,
                        "unknown field; allowed: " + String.join(", ", allowed));
            }
        }
    }

    private static String text(ObjectNode o, String at, String field) {
        JsonNode n = o.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new InvalidFieldException(at + "." + field, "must be a non-empty string");
        }
        return n.asText();
    }

    private static int port(ObjectNode o, String at, String field) {
        JsonNode n = o.get(field);
        if (n == null || !n.canConvertToInt() || n.asInt() < 1 || n.asInt() > 65535) {
            throw new InvalidFieldException(at + "." + field, "must be a TCP port number 1..65535");
        }
        return n.asInt();
    }

    private static IpAddress ip(ObjectNode o, String at, String field) {
        return parseIp(o.get(field), at + "." + field);
    }

    private static IpAddress parseIp(JsonNode n, String at) {
        try {
            if (n == null || !n.isTextual()) {
                throw new IllegalArgumentException("missing");
            }
            IpAddress ip = IpAddress.valueOf(n.asText());
            if (!ip.isIp4()) {
                throw new IllegalArgumentException("not IPv4");
            }
            return ip;
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(at, "must be an IPv4 address such as \"10.0.0.100\"");
        }
    }

    private static MacAddress mac(ObjectNode o, String at, String field) {
        JsonNode n = o.get(field);
        try {
            if (n == null || !n.isTextual()) {
                throw new IllegalArgumentException("missing");
            }
            return MacAddress.valueOf(n.asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(at + "." + field,
                    "must be a MAC address such as \"02:00:0a:00:00:64\" (locally administered)");
        }
    }

    /** A virtual IP that clients connect to, served by one pool. */
    public static final class Vip {
        private final String name;
        private final IpAddress ip;
        private final MacAddress mac;
        private final int port;
        private final String pool;

        Vip(String name, IpAddress ip, MacAddress mac, int port, String pool) {
            this.name = name;
            this.ip = ip;
            this.mac = mac;
            this.port = port;
            this.pool = pool;
        }

        public String name() {
            return name;
        }

        public IpAddress ip() {
            return ip;
        }

        public MacAddress mac() {
            return mac;
        }

        public int port() {
            return port;
        }

        public String pool() {
            return pool;
        }
    }

    /** Backends that serve a VIP, all speaking one application protocol on one port. */
    public static final class Pool {
        private final String name;
        private final String protocol;
        private final int port;
        private final List<IpAddress> backends;
        private final Policy policy;
        private final String affinityCookie;

        Pool(String name, String protocol, int port, List<IpAddress> backends, Policy policy, String affinityCookie) {
            this.name = name;
            this.protocol = protocol;
            this.port = port;
            this.backends = List.copyOf(backends);
            this.policy = policy;
            this.affinityCookie = affinityCookie;
        }

        public Policy policy() {
            return policy;
        }

        /** The cookie that keeps a session on one backend; null for none. */
        public String affinityCookie() {
            return affinityCookie;
        }

        public String name() {
            return name;
        }

        public String protocol() {
            return protocol;
        }

        public int port() {
            return port;
        }

        public List<IpAddress> backends() {
            return backends;
        }
    }

    /** A server the backends call while serving clients (an aux server). */
    public static final class AuxServer {
        private final IpAddress ip;
        private final int port;

        AuxServer(IpAddress ip, int port) {
            this.ip = ip;
            this.port = port;
        }

        public IpAddress ip() {
            return ip;
        }

        public int port() {
            return port;
        }
    }

    /** An address the controller uses on the backend side of a splice. */
    public static final class ProxyAddress {
        private final IpAddress ip;
        private final MacAddress mac;

        ProxyAddress(IpAddress ip, MacAddress mac) {
            this.ip = ip;
            this.mac = mac;
        }

        public IpAddress ip() {
            return ip;
        }

        public MacAddress mac() {
            return mac;
        }
    }
}
