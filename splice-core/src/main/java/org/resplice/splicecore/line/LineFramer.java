package org.resplice.splicecore.line;

import java.nio.charset.StandardCharsets;
import org.resplice.splicecore.txn.Framer;
import org.resplice.splicecore.txn.Protocol;
import org.resplice.splicecore.txn.Transaction;
import org.resplice.splicecore.txn.TransactionListener;

/**
 * Frames newline-delimited protocols (shells and the like): one request is one client line,
 * ending with LF (a CR before it is part of the line's end); a final line without LF ends at the
 * client's close.
 *
 * <p>Such protocols have no response delimiter, so <b>requests delimit responses, and the order in
 * which the two directions are fed is the information</b>: the response to request n is every
 * server byte fed after request n's first byte and before request n+1's first byte; the next
 * request's first byte completes it (possibly empty, at that server offset), and the last
 * response completes when the server closes. Server bytes fed before the first request are the
 * response of a server-initiated banner pseudo-transaction (ordinal 0, empty request at client
 * offset 0, {@link LineRequestSummary#banner()}). Feed the directions in the order the bytes
 * were captured; the result does not depend on how each direction is chunked, only on where
 * server bytes fall relative to the client's line starts.
 *
 * <p>The summary is the line's first word, read from the first {@value #PREFIX} bytes of the line
 * (UTF-8; malformed bytes become U+FFFD). Never unrecoverable except at the ordinal cap.
 */
public final class LineFramer extends Framer {

    /** Bytes of a line kept to read its first word. */
    public static final int PREFIX = 256;

    private final byte[] prefix = new byte[PREFIX];
    private int prefixLen;
    private boolean inLine;
    private long lineStart;
    private long boundary;
    private long serverPos;
    private boolean serverDone;
    private Transaction current;

    public LineFramer(int clientIpv4, int clientPort, TransactionListener listener) {
        super(clientIpv4, clientPort, listener);
    }

    @Override
    public Protocol protocol() {
        return Protocol.LINE;
    }

    @Override
    protected int consumeClient(long offset, byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end && !dead()) {
            if (!inLine) {
                startLine(offset + (i - off));
            }
            int j = i;
            while (j < end && b[j] != '\n') {
                j++;
            }
            int keep = Math.min(j - i, PREFIX - prefixLen);
            if (keep > 0) {
                System.arraycopy(b, i, prefix, prefixLen, keep);
                prefixLen += keep;
            }
            if (j == end) {
                return len;
            }
            i = j + 1;
            endLine(offset + (i - off));
        }
        return len;
    }

    private void startLine(long at) {
        inLine = true;
        lineStart = at;
        prefixLen = 0;
        if (current != null && !current.isResponseComplete()) {
            completeResponse(current, serverPos);
        }
        boundary = serverPos;
    }

    private void endLine(long at) {
        inLine = false;
        Transaction t = newTransaction(lineStart, LineRequestSummary.of(firstWord()));
        if (t == null) {
            return;
        }
        completeRequest(t, at);
        current = t;
        if (serverPos > boundary) {
            startResponse(t, boundary);
        }
        if (serverDone) {
            completeResponse(t, serverPos);
        }
    }

    private String firstWord() {
        int s = 0;
        while (s < prefixLen && (prefix[s] == ' ' || prefix[s] == '\t')) {
            s++;
        }
        int e = s;
        while (e < prefixLen && prefix[e] != ' ' && prefix[e] != '\t' && prefix[e] != '\r') {
            e++;
        }
        return new String(prefix, s, e - s, StandardCharsets.UTF_8);
    }

    @Override
    protected int consumeServer(long offset, byte[] b, int off, int len) {
        if (len == 0 || dead()) {
            return len;
        }
        if (!inLine) {
            if (current == null) {
                Transaction t = newTransaction(0, LineRequestSummary.banner());
                if (t == null) {
                    return len;
                }
                completeRequest(t, 0);
                current = t;
            }
            if (!current.isResponseStarted()) {
                startResponse(current, offset);
            }
        }
        serverPos = offset + len;
        return len;
    }

    @Override
    protected void serverEnded(long offset) {
        serverDone = true;
        if (!inLine && current != null && !current.isResponseComplete()) {
            completeResponse(current, offset);
        }
    }

    @Override
    protected void clientEnded(long offset) {
        if (inLine) {
            endLine(offset);
        }
    }
}
