package org.resplice.loggernode.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link StreamListener} that keeps what it was told and fails the test as soon as the contract
 * is broken: every call starts where the previous one ended, nothing follows the FIN.
 */
final class RecordingStream implements StreamListener {

    /** The calls in order, e.g. {@code data 0 "abc"}, {@code gap 3 7}, {@code fin 7}. */
    final List<String> events = new ArrayList<>();
    /** Gaps as {from, to}. */
    final List<long[]> gaps = new ArrayList<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final boolean keepEvents;
    /** Every offset before this has been delivered or reported as a gap. */
    long covered;
    long fin = -1;

    RecordingStream() {
        this(true);
    }

    /** Without events (long streams): only bytes, gaps and FIN are kept. */
    RecordingStream(boolean keepEvents) {
        this.keepEvents = keepEvents;
    }

    @Override
    public void data(long offset, byte[] b, int off, int len) {
        assertFalse(fin >= 0, "data after the FIN");
        assertEquals(covered, offset, "data must start where the stream was covered up to");
        assertTrue(len > 0, "empty data call");
        bytes.write(b, off, len);
        covered += len;
        if (keepEvents) {
            events.add("data " + offset + " \"" + new String(b, off, len, StandardCharsets.ISO_8859_1)
                    + "\"");
        }
    }

    @Override
    public void gap(long from, long to) {
        assertFalse(fin >= 0, "gap after the FIN");
        assertEquals(covered, from, "gap must start where the stream was covered up to");
        assertTrue(to > from, "empty gap");
        // The bytes of a gap are unknown; zeros keep offsets aligned in bytes().
        for (long i = from; i < to; i++) {
            bytes.write(0);
        }
        gaps.add(new long[] {from, to});
        covered = to;
        if (keepEvents) {
            events.add("gap " + from + " " + to);
        }
    }

    @Override
    public void fin(long offset) {
        assertFalse(fin >= 0, "second FIN");
        assertEquals(covered, offset, "FIN before the stream was covered up to it");
        fin = offset;
        if (keepEvents) {
            events.add("fin " + offset);
        }
    }

    /** The stream so far, with zeros where gaps were reported. */
    byte[] bytes() {
        return bytes.toByteArray();
    }

    /** The gaps as "from-to" strings, for readable assertions. */
    List<String> gapRanges() {
        List<String> out = new ArrayList<>();
        for (long[] g : gaps) {
            out.add(g[0] + "-" + g[1]);
        }
        return out;
    }

    static String str(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return events.isEmpty() ? Arrays.toString(bytes()) : events.toString();
    }
}
