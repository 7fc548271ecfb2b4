package org.resplice.loggernode.log;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.resplice.splicecore.txn.TransactionId;
import org.resplice.tagconfig.Tag;

/** Builds a {@link RecoveryView} from a connection's state; the caller holds the connection's lock. */
final class RecoveryViewBuilder {

    private static final HexFormat HEX = HexFormat.of();

    private RecoveryViewBuilder() {
    }

    static RecoveryView build(LoggedConnection c) {
        if (!c.lock().isHeldByCurrentThread()) {
            throw new IllegalStateException("the connection's lock must be held");
        }
        ByteRing client = c.clientBytes();
        ByteRing server = c.serverBytes();
        List<RecoveryView.TransactionEntry> entries = new ArrayList<>();
        for (LoggedTransaction t : c.retained()) {
            entries.add(entry(t, client, c.clientEnd()));
        }
        RecoveryView.ResponsePrefix prefix = prefix(c, server);
        long ack = c.clientAck();
        long unackedFrom = Math.min(ack, c.serverEnd());
        byte[] unacked = server.holds(unackedFrom, c.serverEnd()) ? server.copy(unackedFrom, c.serverEnd()) : null;
        return new RecoveryView(c.key(), c.protocol().name(), c.clientIsn() & 0xFFFF_FFFFL,
                c.backendIsn() & 0xFFFF_FFFFL, c.nowNanos(), c.unrecoverable(),
                c.closed() == null ? null : c.closed().name(), c.clientFinished(), c.serverFinished(), c.lastLogged(),
                c.lastLoggedResponseEnd(), prefix.getLength(), ack, sequence(c.backendIsn(), ack), c.serverEnd(),
                c.clientEnd(), c.serverAck(), entries, prefix,
                new RecoveryView.UnackedServerBytes(unackedFrom, c.serverEnd(), unacked));
    }

    /** Backend sequence number of a server stream offset, unsigned 32-bit. */
    static long sequence(int isn, long offset) {
        return (isn + 1L + offset) & 0xFFFF_FFFFL;
    }

    private static RecoveryView.TransactionEntry entry(LoggedTransaction t, ByteRing client, long clientEnd) {
        long reqEnd = t.requestEnd() >= 0 ? t.requestEnd() : clientEnd;
        byte[] request = client.holds(t.requestStart(), reqEnd) ? client.copy(t.requestStart(), reqEnd) : null;
        List<String> tags = new ArrayList<>(3);
        for (Tag tag : t.tags().tags()) {
            tags.add(tag.jsonName());
        }
        byte[] sha = t.rawSha256();
        return new RecoveryView.TransactionEntry(t.id(), TransactionId.toString(t.id()), t.ordinal(), t.kind(),
                t.serverInitiated(), tags, t.tags().deterministic(), t.tags().readOnly(), t.tags().idempotent(),
                t.state().name(), t.logged, t.requestStart(), t.requestEnd(), request, t.responseStart(),
                t.responseEnd(), sha == null ? null : HEX.formatHex(sha), t.isResponseHashed(),
                t.unrecoverableReason());
    }

    /**
     * T_L + 1's logged response bytes. When its response has not started (an HTTP response head
     * still arriving), its bytes are those after the last complete response.
     */
    private static RecoveryView.ResponsePrefix prefix(LoggedConnection c, ByteRing server) {
        int ordinal = c.lastLogged() + 1;
        LoggedTransaction t = c.table().get(ordinal);
        long start;
        long end;
        if (t != null && t.responseStart() >= 0) {
            start = t.responseStart();
            end = t.responseEnd() >= 0 ? t.responseEnd() : c.serverEnd();
        } else {
            start = Math.min(c.maxResponseEnd(), c.serverEnd());
            end = c.serverEnd();
        }
        byte[] bytes = server.holds(start, end) ? server.copy(start, end) : null;
        String sha = null;
        if (t != null && t.rawSha256() != null && t.responseEnd() == end) {
            sha = HEX.formatHex(t.rawSha256());
        } else if (t != null && t.responseDigest != null && server.holds(t.hashedTo, end)) {
            MessageDigest d = copy(t.responseDigest);
            server.digest(d, t.hashedTo, end);
            sha = HEX.formatHex(d.digest());
        } else if (bytes != null) {
            sha = HEX.formatHex(LoggedConnection.sha256().digest(bytes));
        }
        return new RecoveryView.ResponsePrefix(ordinal, start, end - start, sha, bytes);
    }

    private static MessageDigest copy(MessageDigest d) {
        try {
            return (MessageDigest) d.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the SHA-256 implementation cannot be cloned", e);
        }
    }
}
