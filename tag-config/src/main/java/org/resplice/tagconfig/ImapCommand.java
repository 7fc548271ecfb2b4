package org.resplice.tagconfig;

import java.util.Objects;

/**
 * An IMAP command as the matcher sees it: its name, one word or two ("FETCH",
 * "UID FETCH"), held in upper case with single spaces.
 */
public final class ImapCommand extends RequestSummary {

    private final String command;

    private ImapCommand(String command) {
        this.command = command;
    }

    /** @param command the command name, e.g. "fetch" or "UID  FETCH" (case and spacing ignored) */
    public static ImapCommand of(String command) {
        return new ImapCommand(normalize(Objects.requireNonNull(command, "command")));
    }

    /**
     * The command of an IMAP request line such as {@code a001 UID FETCH 1:* (FLAGS)}: the word
     * after the tag, and the next word too when that word is {@code UID}.
     */
    public static ImapCommand fromRequestLine(String line) {
        Objects.requireNonNull(line, "line");
        int[] bounds = new int[6];
        int words = 0;
        int i = 0;
        int n = line.length();
        while (words < 3) {
            while (i < n && Ascii.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i == n) {
                break;
            }
            int start = i;
            while (i < n && !Ascii.isWhitespace(line.charAt(i))) {
                i++;
            }
            bounds[2 * words] = start;
            bounds[2 * words + 1] = i;
            words++;
        }
        if (words < 2) {
            return new ImapCommand("");
        }
        String first = line.substring(bounds[2], bounds[3]);
        if (words == 3 && Ascii.equalsIgnoreCase(first, "UID")) {
            return new ImapCommand(Ascii.toUpperCase(first + " " + line.substring(bounds[4], bounds[5])));
        }
        return new ImapCommand(Ascii.toUpperCase(first));
    }

    private static String normalize(String command) {
        int n = command.length();
        boolean clean = true;
        for (int i = 0; i < n; i++) {
            char c = command.charAt(i);
            if (Ascii.isWhitespace(c)) {
                if (c != ' ' || i == 0 || i == n - 1 || Ascii.isWhitespace(command.charAt(i - 1))) {
                    clean = false;
                }
            } else if (c >= 'a' && c <= 'z') {
                clean = false;
            }
        }
        if (clean) {
            return command;
        }
        StringBuilder sb = new StringBuilder(n);
        boolean pendingSpace = false;
        for (int i = 0; i < n; i++) {
            char c = command.charAt(i);
            if (Ascii.isWhitespace(c)) {
                pendingSpace = sb.length() > 0;
            } else {
                if (pendingSpace) {
                    sb.append(' ');
                    pendingSpace = false;
                }
                sb.append(c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c);
            }
        }
        return sb.toString();
    }

    @Override
    public Protocol protocol() {
        return Protocol.IMAP;
    }

    /** The command name in upper case, words separated by one space. */
    public String command() {
        return command;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImapCommand && command.equals(((ImapCommand) o).command);
    }

    @Override
    public int hashCode() {
        return command.hashCode();
    }

    @Override
    public String toString() {
        return "ImapCommand{" + command + "}";
    }
}
