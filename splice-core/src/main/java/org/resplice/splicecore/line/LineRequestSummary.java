package org.resplice.splicecore.line;

import java.util.Objects;
import org.resplice.splicecore.txn.Protocol;
import org.resplice.splicecore.txn.RequestSummary;

/**
 * A request of a newline-delimited protocol as the tagger sees it: the first word of the line
 * (leading spaces and tabs skipped, up to the next space, tab or line end; "" for a blank line).
 * The banner pseudo-request (server bytes before the first line) is server-initiated with an
 * empty word. Immutable.
 */
public final class LineRequestSummary implements RequestSummary {

    private static final LineRequestSummary BANNER = new LineRequestSummary("", true);

    private final String firstWord;
    private final boolean banner;

    private LineRequestSummary(String firstWord, boolean banner) {
        this.firstWord = firstWord;
        this.banner = banner;
    }

    public static LineRequestSummary of(String firstWord) {
        return new LineRequestSummary(Objects.requireNonNull(firstWord, "firstWord"), false);
    }

    /** The pseudo-request of a server that speaks first. */
    public static LineRequestSummary banner() {
        return BANNER;
    }

    @Override
    public Protocol protocol() {
        return Protocol.LINE;
    }

    @Override
    public boolean serverInitiated() {
        return banner;
    }

    /** The first word of the line (case kept). */
    public String firstWord() {
        return firstWord;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LineRequestSummary)) {
            return false;
        }
        LineRequestSummary other = (LineRequestSummary) o;
        return banner == other.banner && firstWord.equals(other.firstWord);
    }

    @Override
    public int hashCode() {
        return firstWord.hashCode() * 31 + (banner ? 1 : 0);
    }

    @Override
    public String toString() {
        return banner ? "banner" : "'" + firstWord + "'";
    }
}
