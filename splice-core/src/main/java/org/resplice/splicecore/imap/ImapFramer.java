package org.resplice.splicecore.imap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Locale;
import org.resplice.splicecore.txn.Framer;
import org.resplice.splicecore.txn.Protocol;
import org.resplice.splicecore.txn.Transaction;
import org.resplice.splicecore.txn.TransactionListener;

/**
 * Frames IMAP connections (RFC 9051, RFC 3501): each client command with its response.
 *
 * <p><b>Ordinal 0 is the server's greeting</b>, a server-initiated pseudo-transaction with an
 * empty request at client offset 0, whose response is the first server line ({@code * OK},
 * {@code * PREAUTH} or {@code * BYE}). Client commands take ordinals 1, 2, … in the order they
 * are sent. A server whose first line is not untagged makes the connection unrecoverable.
 *
 * <p><b>A request</b> is a command: {@code tag SP command …} up to the line end (CRLF, or a bare
 * LF), including any number of literals: a line ending in {@code {n}} or {@code {n+}} (also
 * {@code ~{n}}) is followed by n literal bytes, after which the command line goes on. Before a
 * synchronising literal {@code {n}} the client waits for the server: a continuation request
 * ({@code + …}) means the literal follows; the command's tagged completion instead (the server
 * refused it) means the command ended with that line. The framer waits the same way, so it never
 * mistakes a refused literal for command bytes. {@code AUTHENTICATE}'s request also includes the
 * client's answers to the server's continuation requests (lines without a space: base64 or
 * {@code *}), and {@code IDLE}'s includes the {@code DONE} line. Empty client lines belong to the
 * next command. Several commands may be outstanding (pipelining).
 *
 * <p><b>A response</b> is every server line attributed to the command, ending with its tagged
 * completion ({@code tag OK|NO|BAD …}), which is matched to the oldest outstanding command with
 * that tag. Untagged lines ({@code * …}, which may carry literals) go to the oldest outstanding
 * command; continuation requests ({@code + …}) go to the command waiting for one. So the response
 * starts at the first server line attributed to it. When a server completes pipelined commands
 * out of order the responses' spans overlap (each still ends at its own tagged line). Untagged data
 * that arrives while no command is outstanding waits and joins the next command's response; if
 * the connection closes first, each such untagged response becomes a server-initiated
 * {@link ImapRequestSummary.Kind#UNSOLICITED} pseudo-transaction (e.g. {@code * BYE} at autologout).
 *
 * <p><b>Unrecoverable</b>: a client line that is not {@code tag SP command} (outside
 * AUTHENTICATE/IDLE), anything but {@code DONE} ending an accepted IDLE, a server line that is not
 * untagged, continuation or tagged, a tagged line whose status is not OK/NO/BAD, a successful
 * {@code STARTTLS} or {@code COMPRESS} (the stream is no longer plain IMAP), and at close, server
 * data that no command explains. Tags, command names and status words are read from the first
 * {@value #PREFIX} bytes of a line.
 */
public final class ImapFramer extends Framer {

    /** Bytes of a line kept to read the tag, command name or status word. */
    public static final int PREFIX = 512;

    private static final int KIND_NORMAL = 0;
    private static final int KIND_AUTHENTICATE = 1;
    private static final int KIND_IDLE = 2;

    /** A client command whose request or response is not complete yet. */
    private static final class Command {
        final Transaction t;
        final String tag;
        final int kind;
        /** Continuation requests for an AUTHENTICATE or IDLE command. */
        int pluses;
        /** The client waits at a synchronising literal of this command. */
        boolean waitingLiteral;
        /** The server sent the continuation request that the waiting literal needs. */
        boolean credit;
        /** AUTHENTICATE answers / the IDLE's DONE, consumed. */
        int continuationLines;
        /** The command line (with its literals) has been read. */
        boolean lineComplete;
        boolean requestDone;
        /** The tagged completion has been read. */
        boolean completed;
        long lastLineEnd;

        Command(Transaction t, String tag, int kind) {
            this.t = t;
            this.tag = tag;
            this.kind = kind;
        }
    }

    /** Tracks whether a line ends in a literal marker {@code {digits}} or {@code {digits+}}. */
    private static final class LiteralMarker {
        private static final int NONE = 0;
        private static final int OPEN = 1;
        private static final int DIGITS = 2;
        private static final int PLUS = 3;
        private static final int CLOSED = 4;
        private static final int CLOSED_CR = 5;

        int state;
        long length;
        int digits;
        boolean nonSync;

        void reset() {
            state = NONE;
        }

        /** Every byte of the line except the LF. */
        void accept(int c) {
            if (c == '{') {
                state = OPEN;
                length = 0;
                digits = 0;
                nonSync = false;
                return;
            }
            switch (state) {
                case OPEN:
                case DIGITS:
                    if (c >= '0' && c <= '9') {
                        if (++digits > 18) {
                            state = NONE;
                        } else {
                            length = length * 10 + c - '0';
                            state = DIGITS;
                        }
                    } else if (state == DIGITS && c == '+') {
                        nonSync = true;
                        state = PLUS;
                    } else if (state == DIGITS && c == '}') {
                        state = CLOSED;
                    } else {
                        state = NONE;
                    }
                    break;
                case PLUS:
                    state = c == '}' ? CLOSED : NONE;
                    break;
                case CLOSED:
                    state = c == '\r' ? CLOSED_CR : NONE;
                    break;
                default:
                    state = NONE;
                    break;
            }
        }

        /** At the LF: did the line end with a marker? */
        boolean atLineEnd() {
            return state == CLOSED || state == CLOSED_CR;
        }
    }

    // client states
    private static final int C_LINE = 0;
    private static final int C_FIRST = 1;
    private static final int C_LITERAL = 2;
    private static final int C_REST = 3;
    private static final int C_WAIT_LITERAL = 4;
    private static final int C_CONTINUATION_REST = 5;
    private static final int C_WAIT_OPEN = 6;

    // how a client line without a space relates to an open AUTHENTICATE / IDLE
    private static final int ANSWER = 0;
    private static final int NOT_ANSWER = 1;
    private static final int UNDECIDED = 2;
    private static final int BAD_IDLE = 3;

    // server states
    private static final int S_LINE = 0;
    private static final int S_ATTRIBUTE = 1;
    private static final int S_REST = 2;
    private static final int S_LITERAL = 3;

    // server line kinds
    private static final int L_UNTAGGED = 0;
    private static final int L_CONTINUATION = 1;
    private static final int L_TAGGED = 2;

    private final ArrayList<Command> outstanding = new ArrayList<>();
    private final int greetingOrdinal;
    private boolean greeted;
    private boolean settling;

    private int clientState = C_LINE;
    private final byte[] clientPrefix = new byte[PREFIX];
    private int clientPrefixLen;
    private boolean clientInLine;
    private long clientLineStart;
    private long requestStart = -1;
    private int tagLen;
    private Command reading;
    private final LiteralMarker clientMarker = new LiteralMarker();
    private long clientLiteral;
    private long pendingLineEnd;

    private int serverState = S_LINE;
    private final byte[] serverPrefix = new byte[PREFIX];
    private int serverPrefixLen;
    private int serverTokenLen;
    private long serverTokenEnd;
    private boolean serverInLine;
    private boolean serverLineEnded;
    private long serverLineStart;
    private int serverLineKind;
    private Transaction serverTarget;
    private Command serverCommand;
    private final LiteralMarker serverMarker = new LiteralMarker();
    private long serverLiteral;

    public ImapFramer(int clientIpv4, int clientPort, TransactionListener listener) {
        super(clientIpv4, clientPort, listener);
        greetingOrdinal = takeOrdinal();
    }

    @Override
    public Protocol protocol() {
        return Protocol.IMAP;
    }

    // ================================================================ client → server

    @Override
    protected int consumeClient(long offset, byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (!dead()) {
            switch (clientState) {
                case C_LINE: {
                    if (i == end) {
                        return i - off;
                    }
                    if (!clientInLine) {
                        clientInLine = true;
                        clientLineStart = offset + (i - off);
                        clientPrefixLen = 0;
                    }
                    int c = b[i++];
                    if (c == '\n') {
                        clientLineWithoutSpace(offset + (i - off));
                    } else if (c == ' ') {
                        clientLineWithSpace();
                    } else if (clientPrefixLen == PREFIX) {
                        clientLongFirstToken();
                    } else {
                        clientPrefix[clientPrefixLen++] = (byte) c;
                    }
                    break;
                }
                case C_FIRST:
                case C_REST: {
                    if (i == end) {
                        return i - off;
                    }
                    int c = b[i++];
                    if (c == '\n') {
                        clientCommandLineEnd(offset + (i - off));
                    } else {
                        clientMarker.accept(c);
                        if (clientState == C_FIRST && clientPrefixLen < PREFIX) {
                            clientPrefix[clientPrefixLen++] = (byte) c;
                        }
                    }
                    break;
                }
                case C_LITERAL: {
                    long n = Math.min(clientLiteral, end - i);
                    i += (int) n;
                    clientLiteral -= n;
                    if (clientLiteral > 0) {
                        return i - off;
                    }
                    clientMarker.reset();
                    clientState = C_REST;
                    break;
                }
                case C_WAIT_LITERAL:
                    if (!decideLiteral()) {
                        return i - off;
                    }
                    break;
                case C_WAIT_OPEN: {
                    Command open = openCommand();
                    if (open != null && classify(open, false) == UNDECIDED) {
                        return i - off;
                    }
                    clientState = C_LINE;
                    if (pendingLineEnd >= 0) {
                        clientLineWithoutSpace(pendingLineEnd);
                    } else {
                        clientLongFirstToken();
                    }
                    break;
                }
                case C_CONTINUATION_REST: {
                    if (i == end) {
                        return i - off;
                    }
                    if (b[i++] == '\n') {
                        continuationLineEnd(offset + (i - off));
                    }
                    break;
                }
                default:
                    throw new IllegalStateException("client state " + clientState);
            }
        }
        return len;
    }

    /** The command whose AUTHENTICATE answers or IDLE DONE the client may send now, or null. */
    private Command openCommand() {
        Command r = reading;
        return r != null && r.kind != KIND_NORMAL && r.lineComplete && !r.requestDone ? r : null;
    }

    /** A client line ended (LF) before any space. */
    private void clientLineWithoutSpace(long lineEnd) {
        int n = clientPrefixLen;
        if (n > 0 && clientPrefix[n - 1] == '\r') {
            n--;
        }
        Command open = openCommand();
        if (open != null) {
            int d = classify(open, isDone(clientPrefix, n));
            if (d == UNDECIDED) {
                pendingLineEnd = lineEnd;
                clientState = C_WAIT_OPEN;
                progressed();
                return;
            }
            if (d == BAD_IDLE) {
                fail("client sent " + show(clientPrefix, n) + " during IDLE (tag " + open.tag
                        + "); only DONE may end it");
                return;
            }
            if (d == ANSWER) {
                continuationLineEnd(lineEnd);
                return;
            }
        }
        if (n == 0) {
            // An empty line: it belongs to the next command.
            if (requestStart < 0) {
                requestStart = clientLineStart;
            }
            clientInLine = false;
            return;
        }
        fail("client line " + show(clientPrefix, n) + " is not an IMAP command (expected tag SP command)");
    }

    /**
     * Is a client line without a space an answer to the open command? For AUTHENTICATE it is
     * when a continuation request is unanswered; for IDLE, when the server accepted the IDLE
     * (then only DONE may follow). Until the server has sent the continuation request or the
     * completion, nobody can tell: the line may be a stray line before the next command.
     */
    private static int classify(Command open, boolean done) {
        if (open.kind == KIND_AUTHENTICATE) {
            if (open.continuationLines < open.pluses) {
                return ANSWER;
            }
        } else if (open.pluses > 0) {
            return done ? ANSWER : BAD_IDLE;
        }
        return open.completed ? NOT_ANSWER : UNDECIDED;
    }

    private static boolean isDone(byte[] p, int n) {
        return n == 4 && (p[0] | 0x20) == 'd' && (p[1] | 0x20) == 'o' && (p[2] | 0x20) == 'n' && (p[3] | 0x20) == 'e';
    }

    /** The first token of a client line is longer than the prefix. */
    private void clientLongFirstToken() {
        Command open = openCommand();
        if (open != null) {
            int d = classify(open, false);
            if (d == UNDECIDED) {
                pendingLineEnd = -1;
                clientState = C_WAIT_OPEN;
                progressed();
                return;
            }
            if (d == ANSWER) {
                clientState = C_CONTINUATION_REST;
                return;
            }
        }
        fail("client line starting " + show(clientPrefix, 40) + " has no tag of at most " + PREFIX + " bytes");
    }

    /** An AUTHENTICATE answer or IDLE's DONE ended at lineEnd. */
    private void continuationLineEnd(long lineEnd) {
        Command open = reading;
        open.continuationLines++;
        open.lastLineEnd = lineEnd;
        clientInLine = false;
        clientState = C_LINE;
        progressed();
        maybeFinishRequest(open);
    }

    /** The first token of a client line ended with a space: this line is a command. */
    private void clientLineWithSpace() {
        Command open = openCommand();
        if (open != null) {
            // The client has moved on: AUTHENTICATE/IDLE's request ended with its last line.
            open.requestDone = true;
            completeRequest(open.t, open.lastLineEnd);
            if (dead()) {
                return;
            }
        }
        int n = clientPrefixLen;
        if (n == 0) {
            fail("client line starts with a space, not a tag");
            return;
        }
        if (n >= PREFIX - 1) {
            fail("client line starting " + show(clientPrefix, 40) + " has a tag longer than " + (PREFIX - 2)
                    + " bytes");
            return;
        }
        for (int k = 0; k < n; k++) {
            int c = clientPrefix[k] & 0xFF;
            if (c <= 0x20 || c >= 0x7F || "(){%*\"\\+".indexOf(c) >= 0) {
                fail("client line starting " + show(clientPrefix, n) + " has an invalid tag (character "
                        + showByte(c) + ")");
                return;
            }
        }
        tagLen = n;
        clientPrefix[clientPrefixLen++] = ' ';
        clientMarker.reset();
        clientState = C_FIRST;
    }

    /** A command line (first segment or a later one) ended at lineEnd. */
    private void clientCommandLineEnd(long lineEnd) {
        if (clientState == C_FIRST) {
            Command c = startCommand();
            if (c == null) {
                return;
            }
            reading = c;
        }
        Command c = reading;
        c.lastLineEnd = lineEnd;
        if (clientMarker.atLineEnd()) {
            long n = clientMarker.length;
            boolean nonSync = clientMarker.nonSync;
            clientMarker.reset();
            clientLiteral = n;
            if (nonSync) {
                clientState = C_LITERAL;
            } else {
                c.waitingLiteral = true;
                clientState = C_WAIT_LITERAL;
                progressed();
            }
            return;
        }
        c.lineComplete = true;
        clientInLine = false;
        clientState = C_LINE;
        if (c.kind == KIND_NORMAL) {
            c.requestDone = true;
            completeRequest(c.t, lineEnd);
        } else {
            progressed();
            maybeFinishRequest(c);
        }
    }

    /** At a synchronising literal: true once the server has decided (and the state moved on). */
    private boolean decideLiteral() {
        Command c = reading;
        if (c.credit) {
            c.credit = false;
            c.waitingLiteral = false;
            clientState = C_LITERAL;
            progressed();
            return true;
        }
        if (c.completed) {
            // The server refused the literal with the tagged completion: the command ended here.
            c.waitingLiteral = false;
            c.lineComplete = true;
            c.requestDone = true;
            clientInLine = false;
            clientState = C_LINE;
            completeRequest(c.t, c.lastLineEnd);
            return true;
        }
        return false;
    }

    /** Creates the command whose first line segment is in the prefix. */
    private Command startCommand() {
        int p = tagLen + 1;
        int n = clientPrefixLen;
        int w1 = p;
        while (w1 < n && isWordByte(clientPrefix[w1])) {
            w1++;
        }
        String tag = new String(clientPrefix, 0, tagLen, StandardCharsets.ISO_8859_1);
        if (w1 == p) {
            fail("client command with tag " + tag + " has no command name");
            return null;
        }
        String name = upper(clientPrefix, p, w1);
        if (name.equals("UID") && w1 < n && clientPrefix[w1] == ' ') {
            int s2 = w1 + 1;
            int w2 = s2;
            while (w2 < n && isWordByte(clientPrefix[w2])) {
                w2++;
            }
            if (w2 > s2) {
                name = "UID " + upper(clientPrefix, s2, w2);
            }
        }
        int kind = name.equals("AUTHENTICATE") ? KIND_AUTHENTICATE : name.equals("IDLE") ? KIND_IDLE : KIND_NORMAL;
        long start = requestStart >= 0 ? requestStart : clientLineStart;
        requestStart = -1;
        Transaction t = newTransaction(start, ImapRequestSummary.command(tag, name));
        if (t == null) {
            return null;
        }
        Command c = new Command(t, tag, kind);
        outstanding.add(c);
        return c;
    }

    private static boolean isWordByte(byte b) {
        int c = b & 0xFF;
        return c > 0x20 && c < 0x7F && c != '{' && c != '(' && c != ')';
    }

    private void maybeFinishRequest(Command c) {
        if (c.requestDone || !c.lineComplete || dead()) {
            return;
        }
        boolean done;
        if (c.kind == KIND_AUTHENTICATE) {
            done = c.completed && c.continuationLines >= c.pluses;
        } else if (c.kind == KIND_IDLE) {
            done = c.continuationLines > 0 || c.completed && c.pluses == 0;
        } else {
            done = false;
        }
        if (done) {
            c.requestDone = true;
            completeRequest(c.t, c.lastLineEnd);
        }
    }

    // ================================================================ server → client

    @Override
    protected int consumeServer(long offset, byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (!dead()) {
            switch (serverState) {
                case S_LINE: {
                    if (i == end) {
                        return i - off;
                    }
                    if (!serverInLine) {
                        serverInLine = true;
                        serverLineStart = offset + (i - off);
                        serverPrefixLen = 0;
                    }
                    int c = b[i++];
                    if (c == '\n' || c == ' ') {
                        serverLineEnded = c == '\n';
                        serverToken(offset + (i - off));
                    } else if (serverPrefixLen == PREFIX) {
                        fail("server line starting " + show(serverPrefix, 40) + " does not start with a tag, '*' or '+'");
                        return len;
                    } else {
                        serverPrefix[serverPrefixLen++] = (byte) c;
                    }
                    break;
                }
                case S_ATTRIBUTE:
                    if (!attribute()) {
                        return i - off;
                    }
                    if (serverLineEnded) {
                        serverLineEnd(serverTokenEnd);
                    } else {
                        serverState = S_REST;
                    }
                    break;
                case S_REST: {
                    if (i == end) {
                        return i - off;
                    }
                    int c = b[i++];
                    if (c == '\n') {
                        serverLineEnd(offset + (i - off));
                    } else {
                        if (serverLineKind == L_UNTAGGED) {
                            serverMarker.accept(c);
                        }
                        if (serverPrefixLen < PREFIX) {
                            serverPrefix[serverPrefixLen++] = (byte) c;
                        }
                    }
                    break;
                }
                case S_LITERAL: {
                    long n = Math.min(serverLiteral, end - i);
                    i += (int) n;
                    serverLiteral -= n;
                    if (serverLiteral > 0) {
                        return i - off;
                    }
                    serverMarker.reset();
                    serverState = S_REST;
                    break;
                }
                default:
                    throw new IllegalStateException("server state " + serverState);
            }
        }
        return len;
    }

    /** The first token of a server line ended (with a space, or with the line's LF). */
    private void serverToken(long tokenEnd) {
        serverTokenEnd = tokenEnd;
        int n = serverPrefixLen;
        if (serverLineEnded && n > 0 && serverPrefix[n - 1] == '\r') {
            n--;
        }
        serverTokenLen = n;
        if (n == 0) {
            fail("server sent " + (serverLineEnded ? "an empty line" : "a line starting with a space"));
            return;
        }
        if (n == 1 && serverPrefix[0] == '*') {
            serverLineKind = L_UNTAGGED;
        } else if (n == 1 && serverPrefix[0] == '+') {
            serverLineKind = L_CONTINUATION;
        } else {
            serverLineKind = L_TAGGED;
        }
        if (!serverLineEnded) {
            if (serverPrefixLen < PREFIX) {
                serverPrefix[serverPrefixLen++] = ' ';
            }
        } else {
            serverPrefixLen = n;
        }
        serverMarker.reset();
        serverState = S_ATTRIBUTE;
    }

    /** Finds the transaction the current server line belongs to; false to wait for client bytes. */
    private boolean attribute() {
        serverTarget = null;
        serverCommand = null;
        if (!greeted) {
            if (serverLineKind != L_UNTAGGED) {
                fail("server did not greet: its first line " + show(serverPrefix, serverPrefixLen)
                        + " is not untagged");
                return false;
            }
            greeted = true;
            Transaction g = newTransaction(greetingOrdinal, 0, ImapRequestSummary.greeting());
            completeRequest(g, 0);
            serverTarget = g;
        } else if (serverLineKind == L_UNTAGGED) {
            serverCommand = outstanding.isEmpty() ? null : outstanding.get(0);
            if (serverCommand == null) {
                if (!settling) {
                    return false;
                }
                Transaction u = newTransaction(clientConsumed(), ImapRequestSummary.unsolicited());
                if (u == null) {
                    return false;
                }
                completeRequest(u, clientConsumed());
                serverTarget = u;
            }
        } else if (serverLineKind == L_CONTINUATION) {
            for (int k = 0; k < outstanding.size(); k++) {
                Command c = outstanding.get(k);
                if (c.waitingLiteral && !c.credit || c.kind != KIND_NORMAL) {
                    serverCommand = c;
                    break;
                }
            }
            if (serverCommand == null) {
                if (settling) {
                    fail("server sent a continuation request (" + show(serverPrefix, serverPrefixLen)
                            + ") that no command was waiting for");
                }
                return false;
            }
            if (serverCommand.waitingLiteral && !serverCommand.credit) {
                serverCommand.credit = true;
            } else {
                serverCommand.pluses++;
            }
            progressed();
        } else {
            for (int k = 0; k < outstanding.size(); k++) {
                Command c = outstanding.get(k);
                if (c.tag.length() == serverTokenLen && tagEquals(c.tag)) {
                    serverCommand = c;
                    break;
                }
            }
            if (serverCommand == null) {
                if (settling) {
                    fail("server completed tag " + show(serverPrefix, serverTokenLen) + ", which no command has");
                }
                return false;
            }
        }
        if (serverCommand != null) {
            serverTarget = serverCommand.t;
        }
        if (!serverTarget.isResponseStarted()) {
            startResponse(serverTarget, serverLineStart);
        }
        return !dead();
    }

    private boolean tagEquals(String tag) {
        for (int k = 0; k < serverTokenLen; k++) {
            if (tag.charAt(k) != (serverPrefix[k] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /** The current server line ended at lineEnd (its LF, or the marker's LF for a literal). */
    private void serverLineEnd(long lineEnd) {
        if (serverLineKind == L_UNTAGGED && serverMarker.atLineEnd()) {
            serverLiteral = serverMarker.length;
            serverMarker.reset();
            serverState = S_LITERAL;
            return;
        }
        serverInLine = false;
        serverState = S_LINE;
        if (serverLineKind == L_TAGGED) {
            completeCommand(serverCommand, lineEnd);
        } else if (serverCommand == null) {
            // The greeting or an unsolicited response: one line is the whole response.
            completeResponse(serverTarget, lineEnd);
        }
    }

    private void completeCommand(Command c, long lineEnd) {
        int s = serverTokenLen + 1;
        int e = s;
        while (e < serverPrefixLen && serverPrefix[e] != ' ' && serverPrefix[e] != '\r') {
            e++;
        }
        String status = upper(serverPrefix, Math.min(s, serverPrefixLen), e);
        if (!status.equals("OK") && !status.equals("NO") && !status.equals("BAD")) {
            int n = serverPrefixLen;
            if (n > 0 && serverPrefix[n - 1] == '\r') {
                n--;
            }
            fail("tagged server line " + show(serverPrefix, n) + " is not OK, NO or BAD");
            return;
        }
        c.completed = true;
        outstanding.remove(c);
        completeResponse(c.t, lineEnd);
        maybeFinishRequest(c);
        if (status.equals("OK")) {
            String name = ((ImapRequestSummary) c.t.summary()).command();
            if (name.equals("STARTTLS") || name.equals("COMPRESS")) {
                fail(name + " (tag " + c.tag + ") succeeded: the stream is no longer plain IMAP");
            }
        }
    }

    @Override
    protected void settle() {
        settling = true;
        progressed();
    }

    // ================================================================ helpers

    private static String upper(byte[] b, int s, int e) {
        return new String(b, s, Math.max(0, e - s), StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
    }

    private static String show(byte[] b, int n) {
        StringBuilder sb = new StringBuilder("'");
        for (int k = 0; k < n && k < b.length; k++) {
            if (sb.length() > 60) {
                sb.append("...");
                break;
            }
            int c = b[k] & 0xFF;
            if (c >= 0x20 && c < 0x7F && c != '\'' && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02X", c));
            }
        }
        return sb.append('\'').toString();
    }

    private static String showByte(int c) {
        return c >= 0x21 && c < 0x7F ? "'" + (char) c + "'" : String.format("0x%02X", c);
    }
}
