package org.resplice.splicecore.http;

import java.nio.charset.StandardCharsets;

/** Byte classes and small helpers of RFC 9110/9112 syntax. */
final class HttpSyntax {

    private static final boolean[] TCHAR = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    /** Methods and field names common enough to share one String instead of making a new one. */
    private static final String[] COMMON = {
        "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "CONNECT", "TRACE",
        "Host", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Accept-Charset", "Connection",
        "Content-Length", "Content-Type", "Content-Encoding", "Cookie", "Transfer-Encoding", "Authorization",
        "Cache-Control", "Pragma", "Referer", "Origin", "Upgrade", "Expect", "If-None-Match",
        "If-Modified-Since", "If-Match", "If-Unmodified-Since", "If-Range", "Range", "TE", "Trailer",
        "Keep-Alive", "Date", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Real-IP",
        "X-Requested-With", "DNT", "Via", "Forwarded", "Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site",
        "Sec-Fetch-User", "Upgrade-Insecure-Requests", "Priority",
    };

    private static final byte[][][] COMMON_BY_LENGTH;
    private static final String[][] COMMON_STRINGS_BY_LENGTH;

    static {
        int max = 0;
        String[] all = new String[COMMON.length * 2];
        int n = 0;
        for (String s : COMMON) {
            all[n++] = s;
            String lower = s.toLowerCase(java.util.Locale.ROOT);
            if (!lower.equals(s) && !isMethod(s)) {
                all[n++] = lower.intern();
            }
            max = Math.max(max, s.length());
        }
        int[] counts = new int[max + 1];
        for (int i = 0; i < n; i++) {
            counts[all[i].length()]++;
        }
        COMMON_BY_LENGTH = new byte[max + 1][][];
        COMMON_STRINGS_BY_LENGTH = new String[max + 1][];
        for (int l = 0; l <= max; l++) {
            COMMON_BY_LENGTH[l] = new byte[counts[l]][];
            COMMON_STRINGS_BY_LENGTH[l] = new String[counts[l]];
            counts[l] = 0;
        }
        for (int i = 0; i < n; i++) {
            int l = all[i].length();
            COMMON_BY_LENGTH[l][counts[l]] = all[i].getBytes(StandardCharsets.ISO_8859_1);
            COMMON_STRINGS_BY_LENGTH[l][counts[l]] = all[i];
            counts[l]++;
        }
    }

    private HttpSyntax() {
    }

    private static boolean isMethod(String s) {
        return s.equals(s.toUpperCase(java.util.Locale.ROOT));
    }

    static boolean isTchar(int c) {
        return TCHAR[c & 0xFF];
    }

    /** Field-value bytes: HTAB, SP, VCHAR, obs-text. */
    static boolean isFieldValueByte(int c) {
        c &= 0xFF;
        return c == '\t' || c >= 0x20 && c != 0x7F;
    }

    static boolean isHexDigit(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    static int hexValue(int c) {
        return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    }

    /** The bytes as ISO-8859-1 (lossless), sharing a constant for common names. */
    static String string(byte[] b, int start, int end) {
        int len = end - start;
        if (len < COMMON_BY_LENGTH.length) {
            byte[][] candidates = COMMON_BY_LENGTH[len];
            outer:
            for (int k = 0; k < candidates.length; k++) {
                byte[] c = candidates[k];
                for (int i = 0; i < len; i++) {
                    if (c[i] != b[start + i]) {
                        continue outer;
                    }
                }
                return COMMON_STRINGS_BY_LENGTH[len][k];
            }
        }
        return new String(b, start, len, StandardCharsets.ISO_8859_1);
    }

    /** True if b[start, end) equals {@code lower} ignoring ASCII case; {@code lower} is lower case. */
    static boolean equalsLower(byte[] b, int start, int end, String lower) {
        if (end - start != lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            int c = b[start + i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** ASCII case-insensitive equality (no Unicode case folding). */
    static boolean asciiEqualsIgnoreCase(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x >= 'A' && x <= 'Z') {
                    x += 32;
                }
                if (y >= 'A' && y <= 'Z') {
                    y += 32;
                }
                if (x != y) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A printable rendering of bytes for error messages (at most 40 characters). */
    static String show(byte[] b, int start, int end) {
        StringBuilder sb = new StringBuilder();
        sb.append('\'');
        for (int i = start; i < end; i++) {
            if (sb.length() > 40) {
                sb.append("...");
                break;
            }
            int c = b[i] & 0xFF;
            if (c >= 0x20 && c < 0x7F && c != '\\' && c != '\'') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02X", c));
            }
        }
        return sb.append('\'').toString();
    }

    static String showByte(int c) {
        c &= 0xFF;
        return c >= 0x21 && c < 0x7F ? "'" + (char) c + "'" : String.format("0x%02X", c);
    }

    /** The path of a request target: origin form without query, absolute form's path, else as is. */
    static String pathOf(String target) {
        int start;
        if (target.startsWith("/")) {
            start = 0;
        } else {
            int scheme = target.indexOf("://");
            if (scheme <= 0) {
                return target;
            }
            start = scheme + 3;
            while (start < target.length() && "/?#".indexOf(target.charAt(start)) < 0) {
                start++;
            }
            if (start == target.length() || target.charAt(start) != '/') {
                return "/";
            }
        }
        int end = start;
        while (end < target.length() && target.charAt(end) != '?' && target.charAt(end) != '#') {
            end++;
        }
        return start == 0 && end == target.length() ? target : target.substring(start, end);
    }
}
