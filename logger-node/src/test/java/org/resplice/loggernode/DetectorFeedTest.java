package org.resplice.loggernode;

import org.junit.jupiter.api.Test;
import org.resplice.loggernode.detect.DetectorConfig;
import org.resplice.loggernode.detect.FailureDetector;
import org.resplice.loggernode.log.CloseCause;
import org.resplice.loggernode.log.ConnectionKey;
import org.resplice.loggernode.log.ConnectionLogStore;
import org.resplice.loggernode.log.LogConfig;
import org.resplice.loggernode.log.LoggedConnection;
import org.resplice.loggernode.log.MemoryBudget;
import org.resplice.loggernode.tag.Tagger;
import org.resplice.splicecore.txn.Protocol;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The log's events, through {@link DetectorFeed}, drive the detector as DESIGN §4.5 says. */
class DetectorFeedTest {

    private static final long MS = 1_000_000L;
    private long now = 1_000 * MS;
    private final FailureDetector detector = new FailureDetector(DetectorConfig.lanDefaults());
    private final SuspicionLog suspicions = new SuspicionLog();
    private final DetectorFeed feed = new DetectorFeed(detector, suspicions);
    private final ConnectionLogStore store = new ConnectionLogStore(LogConfig.defaults(), new MemoryBudget(64 << 20),
            new Tagger(), feed, () -> now);

    private LoggedConnection open(int port) {
        return store.open(new ConnectionKey(0x0a000001, port, "10.0.0.11"), Protocol.HTTP, 0, 0);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void anUnansweredRequestIsSuspectedAfterTheFloor() {
        LoggedConnection c = open(40000);
        byte[] req = b("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        c.clientData(0, req, 0, req.length);
        now += 50 * MS;
        feed.check(now);
        assertEquals(0, suspicions.total(), "within the 100 ms floor");
        now += 2_100 * MS; // no samples yet: the unknown kind waits for the ceiling
        feed.check(now);
        assertEquals(1, suspicions.total());
        assertEquals("NO_RESPONSE", suspicions.recent().get(0).get("reason"));
    }

    @Test
    void aConnectionTheLogCannotFollowIsNotHeldAgainstItsBackend() {
        LoggedConnection c = open(40001);
        byte[] req = b("GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
        c.clientData(0, req, 0, req.length);
        byte[] head = b("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n");
        c.serverData(0, head, 0, head.length);
        c.serverGap(head.length, head.length + 5000); // capture loss in the middle of the body
        now += 10_000 * MS;
        feed.check(now);
        assertEquals(0, suspicions.total(), "a gap is the logger's loss, not a stalled backend");
    }

    @Test
    void aBackendResetMidTransactionIsImmediateEvidence() {
        LoggedConnection c = open(40002);
        byte[] req = b("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        c.clientData(0, req, 0, req.length);
        now += MS;
        c.reset(true);
        assertEquals(1, suspicions.total());
        assertEquals("CONNECTION_RESET", suspicions.recent().get(0).get("reason"));
        assertEquals(CloseCause.SERVER_RESET, c.closeCause());
    }
}
