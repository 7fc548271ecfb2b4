package org.resplice.loggernode.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.resplice.splicecore.txn.Protocol;

class LargeResponseTest {

    private static final int THRESHOLD = 4096;
    private static final String GET = "GET /big HTTP/1.1\r\nHost: x\r\n\r\n";

    private final LogFixture f = new LogFixture(LogConfig.builder().largeResponseBytes(THRESHOLD).build(), 1 << 20);

    private static byte[] response(int bodyLength, long seed) {
        byte[] head = Wire.bytes("HTTP/1.1 200 OK\r\nContent-Length: " + bodyLength + "\r\n\r\n");
        byte[] body = new byte[bodyLength];
        new Random(seed).nextBytes(body);
        byte[] all = Arrays.copyOf(head, head.length + bodyLength);
        System.arraycopy(body, 0, all, head.length, bodyLength);
        return all;
    }

    private static String sha256(byte[] b, int from, int to) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update(b, from, to - from);
        return HexFormat.of().formatHex(d.digest());
    }

    @Test
    void keepsOnlyTheDigestAndTheUnacknowledgedTail() throws Exception {
        Wire w = f.open(Protocol.HTTP);
        w.c(GET);
        byte[] r = response(100_000, 1);
        int sent = 0;
        int acked = 0;
        // Segments of 1460 bytes; the client acknowledges all but the last 3000 bytes as they come.
        while (sent < 60_000) {
            int n = Math.min(1460, r.length - sent);
            w.c.serverData(sent, r, sent, n);
            sent += n;
            w.server = sent;
            acked = Math.max(acked, sent - 3000);
            w.c.clientAck(acked);
        }
        RecoveryView v = w.c.recoveryView();
        RecoveryView.ResponsePrefix prefix = v.getNextResponsePrefix();
        assertEquals(0, prefix.getOrdinal());
        assertEquals(sent, prefix.getLength(), "p counts every logged byte of the response");
        assertEquals(sha256(r, 0, sent), prefix.getSha256(), "running SHA-256 of the prefix");
        assertNull(prefix.getBytes(), "the prefix below Ack_CL is not kept");
        assertArrayEquals(Arrays.copyOfRange(r, acked, sent), v.getUnackedServerBytes().getBytes(),
                "what recovery step 2 resends");
        assertTrue(v.getTransactions().get(0).isResponseHashed());
        assertTrue(w.c.heldBytes() <= GET.length() + 3000 + 1460,
                "held " + w.c.heldBytes() + ": the request and the unacknowledged tail");

        while (sent < r.length) {
            int n = Math.min(1460, r.length - sent);
            w.c.serverData(sent, r, sent, n);
            sent += n;
        }
        w.server = sent;
        v = w.c.recoveryView();
        RecoveryView.TransactionEntry e = v.getTransactions().get(0);
        assertEquals(0, v.getLastLoggedOrdinal());
        assertEquals(r.length, e.getResponseEnd());
        assertEquals(sha256(r, 0, r.length), e.getResponseSha256());
        assertArrayEquals(Arrays.copyOfRange(r, acked, sent), v.getUnackedServerBytes().getBytes(),
                "bytes at or above Ack_CL stay even though the response is large");
        assertEquals(1, f.store.counters().getHashedResponses());

        w.ackAll();
        assertEquals(GET.length(), w.c.heldBytes(), "only the request, kept for replay");
        assertEquals(0, f.store.counters().getEvictions());
        assertTrue(e.isRecoverable());
    }

    @Test
    void aResponseThatTurnsOutLargeOnlyAtItsEndIsHashedWhole() throws Exception {
        Wire w = f.open(Protocol.HTTP);
        w.c(GET);
        byte[] r = response(THRESHOLD * 2, 2);
        w.s(r);
        RecoveryView.TransactionEntry e = w.c.recoveryView().getTransactions().get(0);
        assertEquals(sha256(r, 0, r.length), e.getResponseSha256());
    }

    @Test
    void smallResponsesKeepTheirBytesAsThePrefix() throws Exception {
        Wire w = f.open(Protocol.HTTP);
        w.c(GET);
        byte[] r = response(THRESHOLD / 2, 3);
        w.s(Arrays.copyOf(r, 1000));
        w.c.clientAck(1000);
        RecoveryView.ResponsePrefix prefix = w.c.recoveryView().getNextResponsePrefix();
        assertArrayEquals(Arrays.copyOf(r, 1000), prefix.getBytes(), "acknowledged, but T_L + 1's prefix");
        assertEquals(sha256(r, 0, 1000), prefix.getSha256());
    }
}
