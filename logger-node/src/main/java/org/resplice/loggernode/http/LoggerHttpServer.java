package org.resplice.loggernode.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.resplice.loggernode.capture.FailureLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logger's own small REST server (JDK {@code com.sun.net.httpserver}): routes registered as
 * (method, path) → {@link Route}, answers serialised as JSON by Jackson, errors as
 * {@code {"error": "...", "field": "..."}} with 400 (bad parameter), 401 (token), 404 (no such path
 * or thing), 405 (path exists, method does not; with {@code Allow}), 500 (a route failed; logged once).
 * With a token, every request must carry {@code Authorization: Bearer <token>}. Meant for
 * {@code /logger/counters}, {@code /logger/connections?backend=}, {@code /logger/recovery?backend=},
 * {@code /logger/aux?transaction=}.
 *
 * <p>Register routes before {@link #start()}. Routes run on a small thread pool and must be
 * thread-safe.
 */
public final class LoggerHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoggerHttpServer.class);
    private static final int MAX_BODY_BYTES = 1 << 20;
    private static final int THREADS = 2;

    /**
     * Jackson 2.11 predates record support: it finds no getters on a record. Reading fields makes
     * records serialise by their components (and keeps getters working for other classes).
     */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .setSerializationInclusion(JsonInclude.Include.ALWAYS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private final InetSocketAddress bind;
    private final byte[] expectedAuth;
    private final Map<String, Map<String, Route>> routes = new HashMap<>();
    private final FailureLog routeFailures = new FailureLog(LOG, "logger REST route");
    private HttpServer server;
    private ExecutorService executor;

    /**
     * @param bind  address and port to listen on (port 0 picks one; see {@link #address()})
     * @param token bearer token every request must carry, or null for none
     */
    public LoggerHttpServer(InetSocketAddress bind, String token) {
        this.bind = Objects.requireNonNull(bind, "bind");
        if (token != null && (token.isBlank() || token.chars().anyMatch(c -> c <= ' ' || c > '~'))) {
            throw new IllegalArgumentException("token: empty or holds spaces or control characters");
        }
        this.expectedAuth = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Registers a route.
     *
     * @param method e.g. {@code GET}
     * @param path   exact path, e.g. {@code /logger/counters}
     * @throws IllegalStateException if started or the route exists
     */
    public synchronized LoggerHttpServer route(String method, String path, Route route) {
        Objects.requireNonNull(route, "route");
        if (server != null) {
            throw new IllegalStateException("register routes before start()");
        }
        if (method == null || !method.matches("[A-Z]+")) {
            throw new IllegalArgumentException("method: \"" + method + "\" is not an upper-case HTTP method");
        }
        if (path == null || !path.startsWith("/") || path.contains("?")) {
            throw new IllegalArgumentException("path: \"" + path + "\" must start with / and hold no query");
        }
        if (routes.computeIfAbsent(path, p -> new LinkedHashMap<>()).putIfAbsent(method, route) != null) {
            throw new IllegalStateException(method + " " + path + " is already routed");
        }
        return this;
    }

    /** Binds and starts serving. */
    public synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        HttpServer s = HttpServer.create(bind, 64);
        executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "logger-http");
            t.setDaemon(true);
            return t;
        });
        s.setExecutor(executor);
        s.createContext("/", this::exchange);
        s.start();
        server = s;
        LOG.info("logger REST on http://{}:{}/", address().getHostString(), address().getPort());
    }

    /** The bound address (with the actual port when 0 was asked for). */
    public synchronized InetSocketAddress address() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.getAddress();
    }

    /** Route failures (500s) counted since start. */
    public long routeFailures() {
        return routeFailures.failures();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            try {
                executor.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void exchange(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readNBytes(MAX_BODY_BYTES + 1);
            }
            Object answer;
            try {
                answer = dispatch(ex, body);
            } catch (HttpError e) {
                writeError(ex, e);
                return;
            }
            if (answer == null) {
                ex.sendResponseHeaders(204, -1);
                return;
            }
            byte[] json;
            try {
                json = MAPPER.writeValueAsBytes(answer);
            } catch (JsonProcessingException e) {
                routeFailures.failed("cannot write " + answer.getClass().getName() + " as JSON: "
                        + e.getOriginalMessage(), e);
                writeError(ex, new HttpError(500, null, "internal error: the answer cannot be written as JSON"));
                return;
            }
            write(ex, 200, json);
        } catch (IOException e) {
            // The client went away mid-answer; nothing to tell it.
            LOG.debug("logger REST: {} {}: {}", ex.getRequestMethod(), ex.getRequestURI(), e.toString());
        }
    }

    private Object dispatch(HttpExchange ex, byte[] body) throws HttpError {
        if (expectedAuth != null) {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !MessageDigest.isEqual(expectedAuth, auth.getBytes(StandardCharsets.US_ASCII))) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"resplice-logger\"");
                throw new HttpError(401, "Authorization", "missing or wrong bearer token; send"
                        + " 'Authorization: Bearer <token>'");
            }
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new HttpError(413, null, "body larger than " + MAX_BODY_BYTES + " bytes");
        }
        String path = ex.getRequestURI().getPath();
        Map<String, Route> byMethod;
        synchronized (this) {
            byMethod = routes.get(path);
        }
        if (byMethod == null) {
            throw HttpError.notFound(null, "no such path: " + path);
        }
        String method = ex.getRequestMethod();
        Route route = byMethod.get(method);
        if (route == null) {
            ex.getResponseHeaders().set("Allow", String.join(", ", new TreeSet<>(byMethod.keySet())));
            throw new HttpError(405, null, method + " is not allowed on " + path + "; use "
                    + String.join(" or ", new TreeSet<>(byMethod.keySet())));
        }
        RouteRequest request = new RouteRequest(method, path, query(ex.getRequestURI().getRawQuery()), body);
        try {
            return route.handle(request);
        } catch (RuntimeException e) {
            routeFailures.failed(method + " " + path + ": " + e, e);
            throw new HttpError(500, null, "internal error: " + e.getClass().getSimpleName());
        }
    }

    private static Map<String, String> query(String raw) throws HttpError {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest(null, "bad percent-encoding in the query: " + pair);
            }
            if (q.put(name, value) != null) {
                throw HttpError.badRequest(name, "query parameter '" + name + "' is given twice; give it once");
            }
        }
        return q;
    }

    private static void writeError(HttpExchange ex, HttpError e) throws IOException {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("error", e.getMessage());
        if (e.field() != null) {
            n.put("field", e.field());
        }
        write(ex, e.status(), MAPPER.writeValueAsBytes(n));
    }

    private static void write(HttpExchange ex, int status, byte[] json) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, json.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(json);
        }
    }
}
