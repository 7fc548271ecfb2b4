package org.resplice.tagconfig;

/** Building JSON paths for error messages: {@code $}, {@code $.rules[3].match.path}. */
final class JsonPaths {

    static final String ROOT = "$";

    /** Longer strings are cut short when quoted in a message. */
    private static final int MAX_QUOTED = 100;

    private JsonPaths() {
    }

    static String field(String base, String name) {
        if (isPlainName(name)) {
            return base + "." + name;
        }
        StringBuilder sb = new StringBuilder(base).append("['");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\'' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append("']").toString();
    }

    static String index(String base, int i) {
        return base + "[" + i + "]";
    }

    private static boolean isPlainName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            boolean digit = c >= '0' && c <= '9';
            if (!(letter || (digit && i > 0))) {
                return false;
            }
        }
        return true;
    }

    /** {@code s} as a quoted string for messages, with control characters escaped. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        int end = Math.min(s.length(), MAX_QUOTED);
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (end < s.length()) {
            sb.append("...");
        }
        return sb.append('"').toString();
    }
}
