package org.resplice.loggernode.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.resplice.splicecore.txn.Protocol;

class ConnectionLogStoreTest {

    private static final String GET = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";

    private final LogFixture f = new LogFixture();

    private static ConnectionKey key(int port, String backend) {
        return new ConnectionKey(LogFixture.CLIENT_IP, port, backend);
    }

    @Test
    void findsConnectionsAndViewsByBackend() {
        Wire a = f.open(key(1, "b1"), Protocol.HTTP);
        Wire b = f.open(key(2, "b1"), Protocol.HTTP);
        f.open(key(3, "b2"), Protocol.IMAP);
        a.c(GET);
        a.s(OK);
        b.c(GET);
        assertEquals(3, f.store.size());
        assertEquals(2, f.store.byBackend("b1").size());
        List<RecoveryView> views = f.store.recoveryViews("b1");
        assertEquals(2, views.size());
        assertEquals(1, f.store.recoveryViews("b2").size());
        assertTrue(f.store.recoveryViews("b3").isEmpty());
        assertEquals(0, f.store.recoveryView(key(1, "b1")).orElseThrow().getLastLoggedOrdinal());

        LogCounters c = f.store.counters();
        assertEquals(3, c.getConnectionsOpen());
        assertEquals(3, c.getConnectionsOpened());
        assertEquals(2, c.getTransactions());
        assertEquals(f.budget.usedBytes(), c.getBytesHeld());

        assertTrue(f.store.remove(key(1, "b1")));
        assertFalse(f.store.remove(key(1, "b1")));
        assertEquals(List.of("closed REMOVED @0"), f.listener.only("closed"));
        a.c(GET);
        assertTrue(a.c.isRemoved());
        assertEquals(0, a.c.heldBytes(), "a removed connection ignores late data");
        assertEquals(b.c.heldBytes(), f.budget.usedBytes(), "the removed connection's bytes are freed");
    }

    @Test
    void reopeningAKeyReplacesTheOldConnection() {
        Wire first = f.open(Protocol.HTTP);
        first.c(GET);
        Wire second = f.open(Protocol.HTTP);
        assertEquals(1, f.store.size());
        assertEquals(List.of("closed REMOVED mid-transaction @0"), f.listener.only("closed"),
                "the GET was outstanding");
        assertEquals(0, f.budget.usedBytes());
        assertEquals(second.c, f.store.get(LogFixture.KEY).orElseThrow());
    }

    @Test
    void closesIdleConnections() {
        Wire quiet = f.open(key(1, "b1"), Protocol.HTTP);
        quiet.c(GET);
        quiet.s(OK);
        f.clock.advanceMillis(5_000);
        Wire active = f.open(key(2, "b1"), Protocol.HTTP);
        active.c(GET);
        f.clock.advanceMillis(1_000);
        assertEquals(1, f.store.closeIdle(3_000_000_000L));
        assertEquals(List.of("closed IDLE @6000"), f.listener.only("closed"));
        assertTrue(f.store.get(key(1, "b1")).isEmpty());
        assertEquals(1, f.store.counters().getIdleClosed());
        assertEquals(active.c.heldBytes(), f.budget.usedBytes());
    }

    @Test
    void aViewSerialisesToJson() throws Exception {
        Wire w = f.open(Protocol.HTTP);
        w.c(GET);
        w.s(OK);
        w.c.clientAck(10);
        JsonNode json = new ObjectMapper().valueToTree(w.c.recoveryView());
        assertEquals(0, json.get("lastLoggedOrdinal").asInt());
        assertEquals(10, json.get("ackClientOffset").asLong());
        assertEquals(5011, json.get("ackClientSequence").asLong());
        assertEquals("10.0.0.1:40000", json.get("client").asText());
        assertTrue(json.get("recoverable").asBoolean());
        JsonNode t = json.get("transactions").get(0);
        assertEquals(GET, new String(Base64.getDecoder().decode(t.get("requestBytes").asText()), "ISO-8859-1"));
        assertEquals("GET", t.get("kind").asText());
        assertEquals(OK.length() - 10, json.get("unackedServerBytes").get("length").asLong());
        assertEquals(0, json.get("nextResponsePrefix").get("length").asLong());
    }

    @Test
    void viewsAreTakenWhileAnotherThreadFeeds() throws Exception {
        Wire w = f.open(Protocol.HTTP);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try {
                while (done.getCount() > 0) {
                    RecoveryView v = w.c.recoveryView();
                    long p = v.getLoggedPrefixBytes();
                    if (p < 0 || v.getLastLoggedResponseEnd() + p > v.getLastServerByteOffset()) {
                        throw new AssertionError("inconsistent view: p=" + p);
                    }
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        reader.start();
        for (int i = 0; i < 2000; i++) {
            w.c(GET);
            w.s(OK);
            w.ackAll();
        }
        done.countDown();
        reader.join(TimeUnit.SECONDS.toMillis(10));
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertEquals(1999, w.c.lastLoggedOrdinal());
    }
}
