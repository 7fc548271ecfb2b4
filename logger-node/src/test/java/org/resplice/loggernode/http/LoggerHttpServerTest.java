package org.resplice.loggernode.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoggerHttpServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    record Counters(long captured, long dropped, List<String> backends) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private LoggerHttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private LoggerHttpServer started(String token) throws Exception {
        server = new LoggerHttpServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), token)
                .route("GET", "/logger/counters", r -> new Counters(12, 0, List.of("10.0.0.11:80")))
                .route("GET", "/logger/connections", r -> {
                    String backend = r.requiredParam("backend");
                    if (!backend.equals("10.0.0.11:80")) {
                        throw HttpError.notFound("backend", "no connections on " + backend);
                    }
                    return Map.of("backend", backend, "connections", List.of());
                })
                .route("POST", "/logger/connections", r -> null)
                .route("GET", "/logger/broken", r -> {
                    throw new IllegalStateException("bug");
                });
        server.start();
        return server;
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort()
                + pathAndQuery)).timeout(TIMEOUT).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersRoutesAsJsonRecordsIncluded() throws Exception {
        started(null);
        HttpResponse<String> r = send("GET", "/logger/counters", null);
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        JsonNode n = JSON.readTree(r.body());
        assertEquals(12, n.get("captured").asLong());
        assertEquals("10.0.0.11:80", n.get("backends").get(0).asText());

        JsonNode c = JSON.readTree(send("GET", "/logger/connections?backend=10.0.0.11%3A80", null).body());
        assertEquals("10.0.0.11:80", c.get("backend").asText());
        assertEquals(204, send("POST", "/logger/connections", null).statusCode());
    }

    @Test
    void errorsAreJsonWithStatusAndField() throws Exception {
        started(null);
        HttpResponse<String> missing = send("GET", "/logger/connections", null);
        assertEquals(400, missing.statusCode());
        assertEquals("backend", JSON.readTree(missing.body()).get("field").asText());

        HttpResponse<String> twice = send("GET", "/logger/connections?backend=a&backend=b", null);
        assertEquals(400, twice.statusCode());
        assertEquals("backend", JSON.readTree(twice.body()).get("field").asText());

        HttpResponse<String> unknown = send("GET", "/logger/connections?backend=10.0.0.99:80", null);
        assertEquals(404, unknown.statusCode());
        assertTrue(JSON.readTree(unknown.body()).get("error").asText().contains("10.0.0.99:80"));

        HttpResponse<String> noPath = send("GET", "/logger/nothing", null);
        assertEquals(404, noPath.statusCode());
        assertFalse(JSON.readTree(noPath.body()).has("field"));

        HttpResponse<String> method = send("DELETE", "/logger/connections", null);
        assertEquals(405, method.statusCode());
        assertEquals("GET, POST", method.headers().firstValue("Allow").orElse(""));

        HttpResponse<String> broken = send("GET", "/logger/broken", null);
        assertEquals(500, broken.statusCode());
        assertEquals(1, server.routeFailures());
        assertTrue(JSON.readTree(broken.body()).get("error").asText().contains("IllegalStateException"));
    }

    @Test
    void aConfiguredTokenIsRequired() throws Exception {
        started("logger-token");
        assertEquals(401, send("GET", "/logger/counters", null).statusCode());
        HttpResponse<String> wrong = send("GET", "/logger/counters", "other");
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.headers().firstValue("WWW-Authenticate").isPresent());
        assertEquals("Authorization", JSON.readTree(wrong.body()).get("field").asText());
        assertEquals(200, send("GET", "/logger/counters", "logger-token").statusCode());
    }

    @Test
    void routesAreValidatedAndFixedAtStart() throws Exception {
        LoggerHttpServer s = new LoggerHttpServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null);
        assertThrows(IllegalArgumentException.class, () -> s.route("get", "/x", r -> null));
        assertThrows(IllegalArgumentException.class, () -> s.route("GET", "x", r -> null));
        s.route("GET", "/x", r -> null);
        assertThrows(IllegalStateException.class, () -> s.route("GET", "/x", r -> null));
        assertThrows(IllegalArgumentException.class,
                () -> new LoggerHttpServer(new InetSocketAddress(0), "has space"));
        server = s;
        s.start();
        assertThrows(IllegalStateException.class, () -> s.route("GET", "/y", r -> null));
        assertEquals(204, send("GET", "/x", null).statusCode());
    }
}
