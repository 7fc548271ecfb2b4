package org.resplice.loggernode.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.resplice.loggernode.Await;
import org.resplice.loggernode.capture.Endpoint;
import org.resplice.splicecore.txn.TransactionId;

class HttpResponseLoggedNotifierTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final Endpoint CLIENT = Endpoint.of("192.168.1.7", 40000);
    private static final Endpoint PRIMARY = Endpoint.of("10.0.0.11", 80);
    private static final Endpoint ALTERNATE = Endpoint.of("127.0.0.1", 80);

    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final List<String> auth = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(204);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean hold;
    private HttpServer server;
    private ExecutorService threads;
    private HttpResponseLoggedNotifier notifier;

    @BeforeEach
    void startAgent() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        threads = Executors.newFixedThreadPool(2);
        server.setExecutor(threads);
        server.createContext("/", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                if (hold && !release.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("never released");
                }
                paths.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
                auth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
                bodies.add(new ObjectMapper().readTree(in.readAllBytes()));
                ex.sendResponseHeaders(status.get(), -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                ex.close();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (notifier != null) {
            notifier.close();
        }
        server.stop(0);
        threads.shutdownNow();
    }

    private AgentLocator local() {
        int port = server.getAddress().getPort();
        return backend -> URI.create("http://" + backend.ip() + ":" + port + AgentLocator.PATH);
    }

    @Test
    void postsEachNotificationAsJsonInOrder() throws Exception {
        notifier = new HttpResponseLoggedNotifier(local(), 64, Duration.ofSeconds(2), "agent-token");
        for (int i = 0; i < 20; i++) {
            assertTrue(notifier.responseLogged(ResponseLogged.of(CLIENT, i, PRIMARY, ALTERNATE)));
        }
        Await.until(() -> notifier.counters().sent() == 20, "20 sent");
        for (int i = 0; i < 20; i++) {
            JsonNode b = bodies.get(i);
            assertEquals("192.168.1.7:40000", b.get("connection").asText());
            assertEquals(i, b.get("ordinal").asInt());
            assertEquals("10.0.0.11:80", b.get("backend").asText());
            // 192.x gives a negative signed id: it must travel as the unsigned number.
            long id = TransactionId.of(CLIENT.ip().toInt(), CLIENT.port(), i);
            assertTrue(id < 0);
            assertEquals(Long.toUnsignedString(id), b.get("transactionId").bigIntegerValue().toString());
        }
        assertTrue(paths.stream().allMatch("POST /resplice/agent/response-logged"::equals), paths.toString());
        assertTrue(auth.stream().allMatch("Bearer agent-token"::equals), auth.toString());
        assertEquals(new NotifierCounters(20, 0, 0, 0), notifier.counters());
    }

    @Test
    void errorStatusesAndUnreachableAgentsAreCounted() throws Exception {
        status.set(500);
        notifier = new HttpResponseLoggedNotifier(local(), 64, Duration.ofSeconds(2), null);
        notifier.responseLogged(ResponseLogged.of(CLIENT, 0, PRIMARY, ALTERNATE));
        notifier.responseLogged(ResponseLogged.of(CLIENT, 1, PRIMARY, ALTERNATE));
        Await.until(() -> notifier.counters().failed() == 2, "two failures");
        assertEquals("null", auth.get(0), "no token configured, no header");

        notifier.close();
        int deadPort = server.getAddress().getPort();
        server.stop(0);
        notifier = new HttpResponseLoggedNotifier(
                b -> URI.create("http://127.0.0.1:" + deadPort + AgentLocator.PATH), 64, Duration.ofSeconds(2), null);
        notifier.responseLogged(ResponseLogged.of(CLIENT, 2, PRIMARY, ALTERNATE));
        Await.until(() -> notifier.counters().failed() == 1, "unreachable agent counted");
        assertEquals(0, notifier.counters().sent());
    }

    @Test
    void aFullQueueDropsAndCountsWithoutBlockingTheCaller() throws Exception {
        hold = true;
        notifier = new HttpResponseLoggedNotifier(local(), 2, Duration.ofSeconds(10), null);
        int accepted = 0;
        for (int i = 0; i < 10; i++) {
            if (notifier.responseLogged(ResponseLogged.of(CLIENT, i, PRIMARY, ALTERNATE))) {
                accepted++;
            }
        }
        // One may be in flight at the agent, two wait in the queue.
        assertTrue(accepted <= 3, "accepted " + accepted);
        assertEquals(10 - accepted, notifier.counters().dropped());
        release.countDown();
        int expected = accepted;
        Await.until(() -> notifier.counters().sent() == expected, "the accepted ones sent");
    }

    @Test
    void refusesInconsistentEventsAndWorksAfterClose() {
        long other = TransactionId.of(CLIENT.ip().toInt(), CLIENT.port() + 1, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ResponseLogged(CLIENT, other, 3, PRIMARY, ALTERNATE));
        assertTrue(e.getMessage().startsWith("transactionId:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ResponseLogged.of(CLIENT, 70000, PRIMARY, ALTERNATE));
        assertEquals(URI.create("http://10.0.0.12:7070/resplice/agent/response-logged"),
                AgentLocator.onPort(7070).responseLoggedUri(Endpoint.of("10.0.0.12", 80)));

        notifier = new HttpResponseLoggedNotifier(local(), 4, Duration.ofSeconds(1), null);
        notifier.close();
        assertFalse(notifier.responseLogged(ResponseLogged.of(CLIENT, 0, PRIMARY, ALTERNATE)));
        assertEquals(1, notifier.counters().dropped());
    }
}
