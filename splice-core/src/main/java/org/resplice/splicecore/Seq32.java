package org.resplice.splicecore;

/**
 * TCP sequence numbers: 32-bit unsigned values compared by serial-number arithmetic (RFC 1982,
 * RFC 793 §3.3), held in Java {@code int}s. "a before b" means b is reached from a by adding less
 * than 2^31; values exactly 2^31 apart are not ordered and every comparison says false.
 */
public final class Seq32 {

    private Seq32() {
    }

    /** a + delta, wrapping at 2^32. */
    public static int add(int a, long delta) {
        return (int) (a + delta);
    }

    /** The distance from a forward to b, as a signed value in [-2^31, 2^31). */
    public static int diff(int b, int a) {
        return b - a;
    }

    /** The distance from a forward to b as an unsigned count in [0, 2^32). */
    public static long forward(int a, int b) {
        return (b - a) & 0xFFFF_FFFFL;
    }

    public static boolean before(int a, int b) {
        int d = b - a;
        return d > 0;
    }

    public static boolean beforeOrEqual(int a, int b) {
        return a == b || before(a, b);
    }

    public static boolean after(int a, int b) {
        return before(b, a);
    }

    public static boolean afterOrEqual(int a, int b) {
        return a == b || after(a, b);
    }

    /** Whether x lies in [start, end) going forward from start. */
    public static boolean inWindow(int x, int start, int end) {
        return forward(start, x) < forward(start, end);
    }

    /** The later of a and b (a when they are not ordered). */
    public static int max(int a, int b) {
        return before(a, b) ? b : a;
    }

    /** The earlier of a and b (a when they are not ordered). */
    public static int min(int a, int b) {
        return before(b, a) ? b : a;
    }

    /** The unsigned decimal form, as packet traces print it. */
    public static String toString(int seq) {
        return Long.toString(seq & 0xFFFF_FFFFL);
    }
}
