package org.resplice.loggernode.tag;

import java.util.Objects;
import org.resplice.splicecore.http.HttpRequestSummary;
import org.resplice.splicecore.imap.ImapRequestSummary;
import org.resplice.splicecore.line.LineRequestSummary;
import org.resplice.splicecore.txn.Protocol;
import org.resplice.splicecore.txn.RequestSummary;
import org.resplice.tagconfig.HttpRequestHead;
import org.resplice.tagconfig.ImapCommand;
import org.resplice.tagconfig.LineCommand;

/**
 * Translates what a splice-core framer learned about a request ({@link RequestSummary}) into what
 * the tag-config matcher reads ({@link org.resplice.tagconfig.RequestSummary}). The two types are
 * separate because tag-config does not depend on splice-core; this is the one place they meet.
 */
public final class RequestSummaryAdapter {

    /** Request kind of the IMAP greeting pseudo-transaction. */
    public static final String GREETING_KIND = "GREETING";
    /** Request kind of IMAP untagged data no command explains. */
    public static final String UNSOLICITED_KIND = "UNSOLICITED";
    /** Request kind of a line protocol's banner pseudo-transaction. */
    public static final String BANNER_KIND = "BANNER";

    private RequestSummaryAdapter() {
    }

    /**
     * The request as the tag matcher sees it, or null for a server-initiated pseudo-transaction
     * (greeting, banner, unsolicited data): those have no request to match.
     */
    public static org.resplice.tagconfig.RequestSummary toTagRequest(RequestSummary summary) {
        Objects.requireNonNull(summary, "summary");
        if (summary.serverInitiated()) {
            return null;
        }
        switch (summary.protocol()) {
            case HTTP: {
                HttpRequestSummary http = (HttpRequestSummary) summary;
                return HttpRequestHead.of(http.method(), http.target(), http.headerNames());
            }
            case IMAP:
                return ImapCommand.of(((ImapRequestSummary) summary).command());
            case LINE:
                return LineCommand.of(((LineRequestSummary) summary).firstWord());
            default:
                throw new AssertionError(summary.protocol());
        }
    }

    /**
     * A short name for the kind of request, which the failure detector keeps latencies per: the
     * HTTP method, the IMAP command ("UID FETCH"), the first word of a line; for pseudo-transactions
     * {@link #GREETING_KIND}, {@link #UNSOLICITED_KIND} or {@link #BANNER_KIND}.
     */
    public static String requestKind(RequestSummary summary) {
        Objects.requireNonNull(summary, "summary");
        switch (summary.protocol()) {
            case HTTP:
                return ((HttpRequestSummary) summary).method();
            case IMAP: {
                ImapRequestSummary imap = (ImapRequestSummary) summary;
                switch (imap.kind()) {
                    case GREETING:
                        return GREETING_KIND;
                    case UNSOLICITED:
                        return UNSOLICITED_KIND;
                    default:
                        return imap.command();
                }
            }
            case LINE:
                return summary.serverInitiated() ? BANNER_KIND : ((LineRequestSummary) summary).firstWord();
            default:
                throw new AssertionError(summary.protocol());
        }
    }

    /** The tag-config protocol of a splice-core protocol (they name the same three protocols). */
    public static org.resplice.tagconfig.Protocol toTagProtocol(Protocol protocol) {
        Objects.requireNonNull(protocol, "protocol");
        switch (protocol) {
            case HTTP:
                return org.resplice.tagconfig.Protocol.HTTP;
            case IMAP:
                return org.resplice.tagconfig.Protocol.IMAP;
            case LINE:
                return org.resplice.tagconfig.Protocol.LINE;
            default:
                throw new AssertionError(protocol);
        }
    }
}
