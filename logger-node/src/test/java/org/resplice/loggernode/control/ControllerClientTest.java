package org.resplice.loggernode.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.resplice.loggernode.Await;
import org.resplice.tagconfig.TagTable;

/** The poller against a local HttpServer serving canned JSON. */
class ControllerClientTest {

    private static final String TOKEN = "s3cret-token";
    private static final String NO_TAGS = "{\"tables\":[]}";

    private final AtomicReference<String> splicesJson = new AtomicReference<>("{\"splices\":[]}");
    private final AtomicReference<String> tagsJson = new AtomicReference<>(NO_TAGS);
    private final List<String> authHeaders = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<String> tagEvents = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private ExecutorService serverThreads;
    private ControllerClient client;

    private final SpliceListener listener = new SpliceListener() {
        @Override
        public void spliceAdded(SpliceEntry e) {
            events.add("added " + e.client() + " " + e.state());
        }

        @Override
        public void spliceChanged(SpliceEntry before, SpliceEntry after) {
            events.add("changed " + before.client() + " " + before.state() + ">" + after.state() + " "
                    + after.backend());
        }

        @Override
        public void spliceRemoved(SpliceEntry e) {
            events.add("removed " + e.client() + " " + e.state());
        }
    };

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.stop(0);
            serverThreads.shutdownNow();
        }
    }

    private void startServer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        serverThreads = Executors.newFixedThreadPool(2);
        server.setExecutor(serverThreads);
        server.createContext("/resplice/splices", ex -> answer(ex, splicesJson.get()));
        server.createContext("/resplice/tags", ex -> answer(ex, tagsJson.get()));
        server.start();
    }

    private void answer(HttpExchange ex, String body) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        authHeaders.add(String.valueOf(auth));
        byte[] b = ("Bearer " + TOKEN).equals(auth) ? body.getBytes(StandardCharsets.UTF_8)
                : "{\"code\":401}".getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(("Bearer " + TOKEN).equals(auth) ? 200 : 401, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private void startClient(int port, String token) {
        ControllerClientConfig config = new ControllerClientConfig(
                URI.create("http://127.0.0.1:" + port + "/resplice"), token, Duration.ofMillis(20),
                Duration.ofMillis(20), Duration.ofSeconds(2));
        client = new ControllerClient(config, listener, (app, table) -> tagEvents.add(app + "="
                + (table == null ? "removed" : table.protocol() + "/" + table.rules().size())));
        client.start();
    }

    private static String spliced(String client, String backend, long clientIsn) {
        return "{\"client\":\"" + client + "\",\"vip\":\"10.0.0.100:80\",\"backend\":\"" + backend + "\","
                + "\"alternate\":\"10.0.0.12:80\",\"proxy\":\"10.0.0.200:40001\",\"offset\":5,"
                + "\"state\":\"SPLICED\",\"clientIsn\":" + clientIsn + ",\"backendIsn\":9}";
    }

    private static String connecting(String client) {
        return "{\"client\":\"" + client + "\",\"vip\":\"10.0.0.100:80\",\"backend\":\"10.0.0.11:80\","
                + "\"alternate\":null,\"proxy\":\"10.0.0.200:40002\",\"offset\":0,\"state\":\"CONNECTING\"}";
    }

    private static String table(String... entries) {
        return "{\"splices\":[" + String.join(",", entries) + "],\"counters\":{}}";
    }

    @Test
    void reportsAddedChangedAndRemovedSplicesAndSendsTheToken() throws Exception {
        startServer(0);
        splicesJson.set(table(connecting("10.0.0.1:40000"), spliced("10.0.0.2:40000", "10.0.0.11:80", 100)));
        startClient(server.getAddress().getPort(), TOKEN);
        Await.until(() -> events.size() >= 2, "two additions");
        assertEquals(List.of("added 10.0.0.1:40000 CONNECTING", "added 10.0.0.2:40000 SPLICED"), events);

        // 1 advances to SPLICED; 2 is re-spliced onto the alternate (same client ISN); 3 appears.
        events.clear();
        splicesJson.set(table(spliced("10.0.0.1:40000", "10.0.0.11:80", 1),
                spliced("10.0.0.2:40000", "10.0.0.12:80", 100), connecting("10.0.0.3:40000")));
        Await.until(() -> events.size() >= 3, "two changes and an addition");
        assertEquals(List.of("changed 10.0.0.1:40000 CONNECTING>SPLICED 10.0.0.11:80",
                "changed 10.0.0.2:40000 SPLICED>SPLICED 10.0.0.12:80", "added 10.0.0.3:40000 CONNECTING"), events);

        // 1 goes away; 2's client port is reused by a new connection (new client ISN).
        events.clear();
        splicesJson.set(table(spliced("10.0.0.2:40000", "10.0.0.12:80", 555), connecting("10.0.0.3:40000")));
        Await.until(() -> events.size() >= 3, "two removals and an addition");
        assertEquals(List.of("removed 10.0.0.1:40000 SPLICED", "removed 10.0.0.2:40000 SPLICED",
                "added 10.0.0.2:40000 SPLICED"), events);

        assertTrue(authHeaders.stream().allMatch(("Bearer " + TOKEN)::equals), authHeaders.toString());
        assertEquals(0, client.counters().spliceFailures());
    }

    @Test
    void aWrongTokenIsCountedAndNamed() throws Exception {
        startServer(0);
        startClient(server.getAddress().getPort(), "wrong");
        Await.until(() -> client.counters().spliceFailures() >= 2, "failures counted");
        assertTrue(client.counters().lastSpliceError().contains("HTTP 401"), client.counters().toString());
        assertTrue(events.isEmpty());
    }

    @Test
    void badJsonIsReportedWithTheFieldAndKeepsThePreviousTable() throws Exception {
        startServer(0);
        splicesJson.set(table(connecting("10.0.0.1:40000")));
        startClient(server.getAddress().getPort(), TOKEN);
        Await.until(() -> events.size() >= 1, "first addition");

        splicesJson.set(table("{\"client\":\"10.0.0.1:40000\",\"vip\":\"10.0.0.100:80\",\"backend\":\"10.0.0.11:80\","
                + "\"proxy\":\"10.0.0.200:40001\",\"offset\":5,\"state\":\"SPLICED\",\"backendIsn\":9}"));
        long before = client.counters().spliceFailures();
        Await.until(() -> client.counters().spliceFailures() >= before + 2, "bad answers counted");
        String error = client.counters().lastSpliceError();
        assertTrue(error.contains("$.splices[0].clientIsn"), error);
        assertEquals(List.of("added 10.0.0.1:40000 CONNECTING"), events, "a bad answer changes nothing");

        splicesJson.set(table(spliced("10.0.0.1:40000", "10.0.0.11:80", 1)));
        Await.until(() -> events.size() >= 2, "the fixed answer applied");
        assertEquals("changed 10.0.0.1:40000 CONNECTING>SPLICED 10.0.0.11:80", events.get(1));
        Await.until(() -> client.counters().lastSpliceError() == null, "error cleared after a good poll");
    }

    @Test
    void keepsPollingWhileTheControllerIsDownAndPicksUpWhenItComesUp() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        startClient(port, TOKEN);
        Await.until(() -> client.counters().spliceFailures() >= 3, "failures while down");
        assertTrue(client.counters().lastSpliceError().startsWith("cannot reach the controller"),
                client.counters().lastSpliceError());

        splicesJson.set(table(connecting("10.0.0.1:40000")));
        startServer(port);
        Await.until(() -> !events.isEmpty(), "the table once the controller is up");
        assertEquals("added 10.0.0.1:40000 CONNECTING", events.get(0));
        Await.until(() -> client.counters().lastSpliceError() == null, "error cleared");
    }

    @Test
    void reportsTagTablesAddedReplacedAndRemoved() throws Exception {
        String webmail = "{\"application\":\"webmail\",\"protocol\":\"http\",\"rules\":["
                + "{\"match\":{\"method\":\"GET\",\"path\":\"^/static/\"},\"tags\":[\"deterministic\"]}]}";
        String webmail2 = webmail.replace("]}]}", "]},{\"match\":{\"method\":\"POST\"},\"tags\":[\"update\"]}]}");
        startServer(0);
        tagsJson.set("{\"tables\":[" + webmail + "]}");
        startClient(server.getAddress().getPort(), TOKEN);
        Await.until(() -> tagEvents.size() >= 1, "table added");
        tagsJson.set("{\"tables\":[" + webmail2 + "]}");
        Await.until(() -> tagEvents.size() >= 2, "table replaced");
        tagsJson.set("{\"tables\":[{\"application\":\"webmail\",\"protocol\":\"smtp\",\"rules\":[]}]}");
        Await.until(() -> client.counters().lastTagError() != null, "bad table reported");
        assertTrue(client.counters().lastTagError().contains("$.tables[0].protocol"),
                client.counters().lastTagError());
        tagsJson.set(NO_TAGS);
        Await.until(() -> tagEvents.size() >= 3, "table removed");
        assertEquals(List.of("webmail=http/1", "webmail=http/2", "webmail=removed"), tagEvents);
        assertNull(client.counters().lastTagError());
    }
}
