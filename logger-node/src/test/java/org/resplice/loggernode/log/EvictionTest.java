package org.resplice.loggernode.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.resplice.splicecore.txn.Protocol;

class EvictionTest {

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";

    /** A GET of exactly {@code size} bytes. */
    private static String get(int i, int size) {
        String head = "GET /" + i + " HTTP/1.1\r\nX: ";
        return head + "y".repeat(size - head.length() - 4) + "\r\n\r\n";
    }

    private static byte[] response(int body) {
        byte[] head = Wire.bytes("HTTP/1.1 200 OK\r\nContent-Length: " + body + "\r\n\r\n");
        byte[] all = Arrays.copyOf(head, head.length + body);
        for (int i = head.length; i < all.length; i++) {
            all[i] = (byte) (i * 31);
        }
        return all;
    }

    @Test
    void theConnectionCapEvictsReplayHistoryFirst() {
        LogFixture f = new LogFixture(LogConfig.builder().connectionCapBytes(4096).retainedCompleteRequests(8)
                .build(), 1 << 20);
        Wire w = f.open(Protocol.HTTP);
        for (int i = 0; i < 6; i++) {
            w.c(get(i, 600));
            w.s(OK);
            w.ackAll();
        }
        String current = get(6, 600);
        w.c(current);
        assertTrue(w.c.heldBytes() <= 4096, "held " + w.c.heldBytes());
        RecoveryView v = w.c.recoveryView();
        RecoveryView.TransactionEntry newest = v.getTransactions().get(v.getTransactions().size() - 1);
        assertEquals(6, newest.getOrdinal());
        assertTrue(newest.isRecoverable());
        assertEquals(current, Wire.text(newest.getRequestBytes()));
        RecoveryView.TransactionEntry oldest = v.getTransactions().get(0);
        assertEquals(0, oldest.getOrdinal());
        assertEquals("request bytes evicted by memory cap", oldest.getUnrecoverableReason());
        assertNull(oldest.getRequestBytes());
        assertTrue(v.getTransactions().get(5).isRecoverable(), "only the oldest history goes");
        assertTrue(v.isRecoverable(), "the connection itself can still be recovered from T_L + 1");
        assertTrue(f.store.counters().getEvictions() > 0);
        assertTrue(f.store.counters().getEvictedBytes() >= 600);
    }

    @Test
    void unacknowledgedBytesGoLastAndMarkTheirResponse() {
        LogFixture f = new LogFixture(LogConfig.builder().connectionCapBytes(4096).largeResponseBytes(1 << 20)
                .build(), 1 << 20);
        Wire w = f.open(Protocol.HTTP);
        w.c(get(0, 100));
        byte[] r = response(10_000);
        w.s(r, 1000);
        assertTrue(w.c.heldBytes() <= 4096);
        RecoveryView v = w.c.recoveryView();
        assertEquals("response bytes evicted by memory cap", v.getTransactions().get(0).getUnrecoverableReason());
        assertNull(v.getUnackedServerBytes().getBytes(), "Ack_CL is 0 and byte 0 is gone");
        assertNull(v.getTransactions().get(0).getResponseSha256());
        assertTrue(f.store.counters().getEvictedBytes() > 0);
    }

    @Test
    void anAcknowledgedPrefixIsHashedRatherThanEvicted() throws Exception {
        LogFixture f = new LogFixture(LogConfig.builder().connectionCapBytes(4096).largeResponseBytes(1 << 20)
                .build(), 1 << 20);
        Wire w = f.open(Protocol.HTTP);
        w.c(get(0, 100));
        byte[] r = response(20_000);
        int acked = 0;
        for (int sent = 0; sent < r.length; sent += 1000) {
            int n = Math.min(1000, r.length - sent);
            w.c.serverData(sent, r, sent, n);
            // The client acknowledges what came before this segment.
            acked = sent;
            w.c.clientAck(acked);
            assertTrue(w.c.heldBytes() <= 4096);
        }
        w.server = r.length;
        RecoveryView v = w.c.recoveryView();
        RecoveryView.TransactionEntry e = v.getTransactions().get(0);
        assertTrue(e.isRecoverable(), String.valueOf(e.getUnrecoverableReason()));
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        assertEquals(HexFormat.of().formatHex(d.digest(r)), e.getResponseSha256());
        assertArrayEquals(Arrays.copyOfRange(r, acked, r.length), v.getUnackedServerBytes().getBytes());
        assertEquals(0, f.store.counters().getEvictions(), "nothing recovery needs was lost");
    }

    @Test
    void theGlobalCapEvictsFromTheLeastRecentlyActiveConnection() {
        LogFixture f = new LogFixture(LogConfig.builder().connectionCapBytes(8192).retainedCompleteRequests(8)
                .build(), 8192);
        Wire idle = f.open(new ConnectionKey(LogFixture.CLIENT_IP, 40001, "b1"), Protocol.HTTP);
        for (int i = 0; i < 4; i++) {
            idle.c(get(i, 1000));
            idle.s(OK);
            idle.ackAll();
        }
        assertEquals(4000, idle.c.heldBytes());
        f.clock.advanceMillis(10);
        Wire busy = f.open(new ConnectionKey(LogFixture.CLIENT_IP, 40002, "b1"), Protocol.HTTP);
        busy.c("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 6000\r\n\r\n");
        for (int i = 0; i < 6; i++) {
            busy.c("z".repeat(1000));
        }
        assertTrue(f.budget.usedBytes() <= 8192, "used " + f.budget.usedBytes());
        RecoveryView busyView = busy.c.recoveryView();
        assertTrue(busyView.getTransactions().get(0).isRecoverable());
        assertEquals(busy.client, busyView.getTransactions().get(0).getRequestBytes().length);
        RecoveryView idleView = idle.c.recoveryView();
        assertEquals("request bytes evicted by memory cap", idleView.getTransactions().get(0).getUnrecoverableReason());
        assertTrue(idle.c.heldBytes() < 4000);
        assertTrue(f.budget.reclaimRounds() > 0);
        assertEquals(f.budget.usedBytes(), idle.c.heldBytes() + busy.c.heldBytes());
        assertEquals(f.budget.usedBytes(), f.store.counters().getBytesHeld());
    }

    @Test
    void aChunkLargerThanTheCapKeepsItsNewestBytes() {
        LogFixture f = new LogFixture(LogConfig.builder().connectionCapBytes(1024).build(), 1 << 20);
        Wire w = f.open(Protocol.HTTP);
        w.c(get(0, 100));
        byte[] r = response(3000);
        w.s(r);
        assertTrue(w.c.heldBytes() <= 1024);
        RecoveryView v = w.c.recoveryView();
        // Everything older than the chunk's newest bytes went, the request first (the first reason is kept).
        assertEquals("request bytes evicted by memory cap", v.getTransactions().get(0).getUnrecoverableReason());
        assertNull(v.getTransactions().get(0).getRequestBytes());
        assertNull(v.getUnackedServerBytes().getBytes(), "Ack_CL is 0 and byte 0 is gone");
        assertEquals(0, v.getLastLoggedOrdinal(), "the response was seen whole, so it is logged");
        w.c.clientAck(r.length - 1024);
        assertArrayEquals(Arrays.copyOfRange(r, r.length - 1024, r.length),
                w.c.recoveryView().getUnackedServerBytes().getBytes(), "the newest cap bytes were kept");
    }
}
