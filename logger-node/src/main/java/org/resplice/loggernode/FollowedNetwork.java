package org.resplice.loggernode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.resplice.loggernode.capture.CaptureFilter;
import org.resplice.loggernode.capture.Endpoint;
import org.resplice.splicecore.packet.Ip4Address;
import org.resplice.splicecore.txn.Protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the logger follows, read from the same netcfg file the controller reads
 * ({@code apps → org.resplice.app → resplice}): the VIPs and their pools' protocols, the proxy-side
 * addresses, the backends, and the aux server. The controller validates that file in full; here a missing or
 * malformed field is named by its JSON path.
 */
public final class FollowedNetwork {

    /** The app's key in the netcfg {@code apps} section. */
    public static final String APP_NAME = "org.resplice.app";

    private final Map<Endpoint, Protocol> vipProtocols;
    private final List<Ip4Address> proxies;
    private final Set<Endpoint> backends;
    private final List<Endpoint> auxServers;

    FollowedNetwork(Map<Endpoint, Protocol> vipProtocols, List<Ip4Address> proxies, Set<Endpoint> backends,
                    List<Endpoint> auxServers) {
        this.vipProtocols = Map.copyOf(vipProtocols);
        this.proxies = List.copyOf(proxies);
        this.backends = Set.copyOf(backends);
        this.auxServers = List.copyOf(auxServers);
    }

    /** Reads the netcfg file at {@code path}. */
    public static FollowedNetwork read(Path path) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(path));
        JsonNode app = root.path("apps").path(APP_NAME).path("resplice");
        if (!app.isObject()) {
            throw new IllegalArgumentException(path + ": apps." + APP_NAME + ".resplice: missing; this is the"
                    + " controller's netcfg file with the app's config in it");
        }
        Map<String, JsonNode> pools = new HashMap<>();
        int i = 0;
        for (JsonNode p : array(app, "pools")) {
            pools.put(text(p.path("name"), "pools[" + i++ + "].name"), p);
        }
        Map<Endpoint, Protocol> vips = new HashMap<>();
        Set<Endpoint> backends = new LinkedHashSet<>();
        i = 0;
        for (JsonNode v : array(app, "vips")) {
            String at = "vips[" + i++ + "]";
            String poolName = text(v.path("pool"), at + ".pool");
            JsonNode pool = pools.get(poolName);
            if (pool == null) {
                throw new IllegalArgumentException(at + ".pool: no pool named \"" + poolName + "\"");
            }
            vips.put(new Endpoint(ip(v.path("ip"), at + ".ip"), port(v.path("port"), at + ".port")),
                    protocol(text(pool.path("protocol"), "pools." + poolName + ".protocol")));
            int port = port(pool.path("port"), "pools." + poolName + ".port");
            int j = 0;
            for (JsonNode b : array(pool, "backends")) {
                backends.add(new Endpoint(ip(b, "pools." + poolName + ".backends[" + j++ + "]"), port));
            }
        }
        List<Ip4Address> proxies = new ArrayList<>();
        i = 0;
        for (JsonNode p : array(app, "proxyAddresses")) {
            proxies.add(ip(p.path("ip"), "proxyAddresses[" + i++ + "].ip"));
        }
        if (vips.isEmpty() || proxies.isEmpty()) {
            throw new IllegalArgumentException(path + ": needs at least one VIP and one proxy address to follow");
        }
        List<Endpoint> aux = new ArrayList<>();
        if (app.has("auxServers")) {
            i = 0;
            for (JsonNode a : array(app, "auxServers")) {
                String at = "auxServers[" + i++ + "]";
                aux.add(new Endpoint(ip(a.path("ip"), at + ".ip"), port(a.path("port"), at + ".port")));
            }
        }
        return new FollowedNetwork(vips, proxies, backends, aux);
    }

    /** The protocol behind a VIP; empty for a VIP the config does not name. */
    public Optional<Protocol> protocolOf(Endpoint vip) {
        return Optional.ofNullable(vipProtocols.get(vip));
    }

    public Set<Endpoint> backends() {
        return backends;
    }

    /** The aux server the logger's aux role follows (the first configured), if any. */
    public Optional<Endpoint> auxServer() {
        return auxServers.stream().findFirst();
    }

    /**
     * Only what the logger follows: the VIPs' ports (spliced connections, client side), the proxy
     * addresses (their backend side) and the aux server's port (the backends' own requests).
     */
    public CaptureFilter captureFilter() {
        CaptureFilter.Builder b = CaptureFilter.builder();
        vipProtocols.keySet().forEach(b::vip);
        proxies.forEach(b::proxy);
        auxServer().ifPresent(b::auxServer);
        return b.build();
    }

    private static Protocol protocol(String name) {
        switch (name) {
            case "http":
                return Protocol.HTTP;
            case "imap":
                return Protocol.IMAP;
            case "smtp":
            case "line":
                return Protocol.LINE;
            default:
                throw new IllegalArgumentException("pool protocol \"" + name + "\" is not http, imap, smtp or line");
        }
    }

    private static Iterable<JsonNode> array(JsonNode parent, String field) {
        JsonNode n = parent.path(field);
        if (!n.isArray()) {
            throw new IllegalArgumentException(field + ": missing or not a JSON array");
        }
        return n;
    }

    private static String text(JsonNode n, String at) {
        if (!n.isTextual() || n.asText().isBlank()) {
            throw new IllegalArgumentException(at + ": must be a non-empty string");
        }
        return n.asText();
    }

    private static Ip4Address ip(JsonNode n, String at) {
        try {
            return Ip4Address.valueOf(text(n, at));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ": must be an IPv4 address such as \"10.0.0.11\"", e);
        }
    }

    private static int port(JsonNode n, String at) {
        if (!n.canConvertToInt() || n.asInt() < 1 || n.asInt() > 0xFFFF) {
            throw new IllegalArgumentException(at + ": must be a TCP port 1..65535");
        }
        return n.asInt();
    }
}
