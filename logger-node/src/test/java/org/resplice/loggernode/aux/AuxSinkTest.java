package org.resplice.loggernode.aux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.resplice.loggernode.aux.AuxTraffic.bytes;
import static org.resplice.loggernode.aux.AuxTraffic.text;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.resplice.loggernode.capture.FlowKey;

/** The sink fed directly, as the stream rebuild would: chunking, framing loss, the buffer cap. */
class AuxSinkTest {

    private static final FlowKey CONNECTION = new FlowKey(0x0A00000B, 40000, 0x0A000105, 143);
    private static final String A = AuxTag.of(7, 0).text();
    private static final String B = AuxTag.of(7, 1).text();

    private final List<AuxCommand> recorded = new ArrayList<>();
    private final AuxCounters counters = new AuxCounters();

    /** Feeds both streams in chunks of {@code chunk} bytes, alternating, keeping stream offsets. */
    private static final class Feeder {
        final AuxSink sink;
        long clientOffset;
        long serverOffset;

        Feeder(AuxSink sink) {
            this.sink = sink;
        }

        void client(String s, int chunk) {
            byte[] b = bytes(s);
            for (int i = 0; i < b.length; i += chunk) {
                int n = Math.min(chunk, b.length - i);
                sink.clientData(clientOffset, b, i, n);
                clientOffset += n;
            }
        }

        void server(String s, int chunk) {
            byte[] b = bytes(s);
            for (int i = 0; i < b.length; i += chunk) {
                int n = Math.min(chunk, b.length - i);
                sink.serverData(serverOffset, b, i, n);
                serverOffset += n;
            }
        }
    }

    private AuxSink sink(int maxBufferedBytes) {
        return new AuxSink(CONNECTION, recorded::add, counters, maxBufferedBytes);
    }

    private void session(Feeder f, int chunk) {
        f.server("* OK hello\r\n", chunk);
        f.client(A + " FETCH 1 BODY[]\r\n", chunk);
        f.server("* 1 FETCH (BODY[] {10}\r\n0123\r\n6789)\r\n" + A + " OK done\r\n", chunk);
        if (f.sink.unrecordedCommands() != 0 || f.sink.bufferedBytes() != 0) {
            throw new AssertionError("after the FETCH: " + f.sink.unrecordedCommands() + " commands, "
                    + f.sink.bufferedBytes() + " bytes still held");
        }
        // Unsolicited data between commands joins the next command's response.
        f.server("* 4 EXISTS\r\n", chunk);
        f.client(B + " APPEND INBOX {3}\r\n", chunk);
        f.server("+ go\r\n", chunk);
        f.client("xyz\r\n", chunk);
        f.server(B + " OK appended\r\n", chunk);
    }

    @Test
    void theSameCommandsWhateverTheChunking() {
        List<String> expected = null;
        for (int chunk : new int[] {1000, 1, 2, 3, 7}) {
            recorded.clear();
            session(new Feeder(sink(1 << 16)), chunk);
            List<String> got = recorded.stream()
                    .map(c -> c.tag() + "|" + text(c.request().orElseThrow()) + "|" + text(c.response().orElseThrow()))
                    .toList();
            if (expected == null) {
                expected = got;
                assertEquals(List.of(
                        A + "|" + A + " FETCH 1 BODY[]\r\n|* 1 FETCH (BODY[] {10}\r\n0123\r\n6789)\r\n" + A
                                + " OK done\r\n",
                        B + "|" + B + " APPEND INBOX {3}\r\nxyz\r\n|* 4 EXISTS\r\n+ go\r\n" + B + " OK appended\r\n"),
                        got);
            } else {
                assertEquals(expected, got, "chunk " + chunk);
            }
        }
    }

    @Test
    void stopsLoggingWhenTheStreamIsNoLongerPlainImap() {
        Feeder f = new Feeder(sink(1 << 16));
        f.server("* OK hello\r\n", 100);
        f.client(A + " STARTTLS\r\n", 100);
        f.server(A + " OK begin TLS\r\n", 100);
        f.client(B + " NOOP\r\n", 100);
        f.server(B + " OK\r\n", 100);
        assertEquals(1, counters.connectionsFramingLost());
        assertTrue(f.sink.stoppedReason().contains("STARTTLS"), f.sink.stoppedReason());
        assertTrue(recorded.stream().noneMatch(c -> c.tag().equals(B)), "nothing framed after STARTTLS");
    }

    @Test
    void aResponseLargerThanTheBufferMakesItsCommandIncomplete() {
        Feeder f = new Feeder(sink(64));
        f.server("* OK hello\r\n", 100);
        f.client(A + " FETCH 1 BODY[]\r\n", 100);
        f.server("* 1 FETCH (BODY[] {100}\r\n" + "x".repeat(100) + ")\r\n" + A + " OK\r\n", 16);
        assertEquals(1, recorded.size());
        AuxCommand c = recorded.get(0);
        assertFalse(c.isComplete());
        assertTrue(c.incompleteReason().contains("buffer"), c.incompleteReason());
        assertEquals(1, counters.connectionsFramingLost());
    }

    @Test
    void keepsOnlyTheBytesOpenCommandsNeed() {
        Feeder f = new Feeder(sink(1 << 16));
        f.server("* OK hello\r\n", 5);
        for (int i = 0; i < 200; i++) {
            String tag = AuxTag.of(9, i).text();
            f.client(tag + " NOOP\r\n", 5);
            f.server(tag + " OK\r\n", 5);
        }
        assertEquals(200, recorded.size());
        assertEquals(0, f.sink.unrecordedCommands());
        assertEquals(0, f.sink.bufferedBytes(), "every command recorded, nothing left to keep");
        assertTrue(recorded.stream().allMatch(AuxCommand::isComplete));
    }

    @Test
    void theEndOfTheConnectionCutsOpenCommands() {
        Feeder f = new Feeder(sink(1 << 16));
        f.server("* OK hello\r\n", 100);
        f.client(A + " NOOP\r\n", 100);
        f.sink.clientFin(f.clientOffset);
        f.sink.serverFin(f.serverOffset);
        assertTrue(f.sink.isEnded());
        assertEquals(1, recorded.size());
        assertTrue(recorded.get(0).incompleteReason().contains("closed"), recorded.get(0).incompleteReason());
        assertEquals(0, counters.connectionsFramingLost(), "a closed connection lost no framing");
    }
}
