package org.resplice.tagconfig;

import java.util.Objects;

/** A command of a newline-delimited protocol as the matcher sees it: the line's first word. */
public final class LineCommand extends RequestSummary {

    private final String command;

    private LineCommand(String command) {
        this.command = command;
    }

    /** @param firstWord the first word of the line, compared case-sensitively */
    public static LineCommand of(String firstWord) {
        return new LineCommand(Objects.requireNonNull(firstWord, "firstWord"));
    }

    /**
     * The first word of {@code line}: leading whitespace skipped, up to the next space, tab or
     * line end. An empty or blank line has the empty word, which only empty matches match.
     */
    public static LineCommand fromLine(String line) {
        Objects.requireNonNull(line, "line");
        int n = line.length();
        int start = 0;
        while (start < n && Ascii.isWhitespace(line.charAt(start))) {
            start++;
        }
        int end = start;
        while (end < n && !Ascii.isWhitespace(line.charAt(end))) {
            end++;
        }
        return new LineCommand(line.substring(start, end));
    }

    @Override
    public Protocol protocol() {
        return Protocol.LINE;
    }

    public String command() {
        return command;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LineCommand && command.equals(((LineCommand) o).command);
    }

    @Override
    public int hashCode() {
        return command.hashCode();
    }

    @Override
    public String toString() {
        return "LineCommand{" + command + "}";
    }
}
