package org.resplice.spliceswitch.xdp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One long-lived {@code bpftool -p batch file -} process that runs commands written to its stdin and
 * answers each with a JSON object {@code {"command": [...], "output": ...}}.
 *
 * <p>How completion and failure are detected (bpftool v7.1, measured here):
 * <ul>
 * <li>bpftool makes stdout line buffered. In compact JSON ({@code -j}) nothing is flushed until the
 *     process ends, so the session uses pretty JSON ({@code -p}), which ends lines inside every
 *     object. Even so the closing brace of the last object stays buffered until the next command
 *     starts, so every call ends with a sentinel command ({@code version}); once the sentinel's
 *     object begins, every object before it is complete and flushed. Sentinel replies are skipped.
 * <li>A failed command answers {@code "output": {"error": "..."}}, after which bpftool closes the
 *     array and exits (code 254): the failing command is known exactly and nothing after it ran. The
 *     next call starts a new process.
 * </ul>
 * Not thread-safe; {@link BpftoolAdjustMap} serialises calls.
 */
final class BpftoolBatch implements AutoCloseable {

    /** Replies to the commands of one call, up to and including a failed one. */
    record Outcome(List<JsonNode> outputs, int failedIndex, String error) {
        boolean ok() {
            return failedIndex < 0;
        }
    }

    private static final String SENTINEL = "version";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bpftool;
    private final Duration timeout;
    private Process process;
    private Writer stdin;
    private BlockingQueue<Reply> replies;
    private StringBuffer stderr;

    /** One parsed reply, or the end of the stream (command == null). */
    private record Reply(List<String> command, JsonNode output, String endReason) {
        boolean isEnd() {
            return command == null;
        }
    }

    BpftoolBatch(String bpftool, Duration timeout) {
        this.bpftool = bpftool;
        this.timeout = timeout;
    }

    /**
     * Runs the commands (one bpftool command line each, without "bpftool") in order and waits for
     * their replies, at most {@code timeout} plus 1 ms per command. Stops at the first failed command.
     *
     * @throws XdpException if bpftool cannot be started, dies, or does not answer in time
     */
    Outcome run(List<String> lines) {
        if (lines.isEmpty()) {
            return new Outcome(List.of(), -1, null);
        }
        ensureStarted();
        IOException writeError = null;
        try {
            for (String line : lines) {
                stdin.write(line);
                stdin.write('\n');
            }
            stdin.write(SENTINEL + "\n");
            stdin.flush();
        } catch (IOException e) {
            // bpftool stops reading at a failed command and exits; its answers say which one
            writeError = e;
        }
        List<JsonNode> outputs = new ArrayList<>(lines.size());
        long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.MILLISECONDS.toNanos(lines.size());
        while (outputs.size() < lines.size()) {
            Reply r;
            try {
                r = replies.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                kill();
                Thread.currentThread().interrupt();
                throw new XdpException("interrupted waiting for bpftool batch", e);
            }
            String pending = lines.get(outputs.size());
            if (r == null) {
                kill();
                throw new XdpException("bpftool batch gave no answer within " + timeout + " to `" + pending + "`"
                        + " (" + outputs.size() + " of " + lines.size() + " commands answered)" + stderrTail());
            }
            if (r.isEnd()) {
                String why = describeDeath();
                kill();
                throw new XdpException("bpftool batch ended (" + r.endReason() + ") before answering `" + pending
                        + "` (" + outputs.size() + " of " + lines.size() + " commands answered)"
                        + (writeError == null ? "" : "; writing commands failed: " + writeError.getMessage()) + why);
            }
            if (!r.command().isEmpty() && r.command().get(0).equals(SENTINEL)) {
                continue;
            }
            JsonNode out = r.output();
            if (out != null && out.isObject() && out.has("error")) {
                kill(); // bpftool stops at a failed command; start afresh next time
                return new Outcome(outputs, outputs.size(), out.get("error").asText());
            }
            outputs.add(out);
        }
        return new Outcome(outputs, -1, null);
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        try {
            stdin.close(); // EOF: bpftool finishes the array and exits
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private void ensureStarted() {
        if (process != null && process.isAlive()) {
            return;
        }
        kill();
        List<String> argv = List.of(bpftool, "-p", "batch", "file", "-");
        try {
            process = new ProcessBuilder(argv).start();
        } catch (IOException e) {
            throw new XdpException("cannot start `" + String.join(" ", argv) + "`: " + e.getMessage(), e);
        }
        stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII), 1 << 16);
        replies = new LinkedBlockingQueue<>();
        stderr = new StringBuffer();
        Process p = process;
        BlockingQueue<Reply> q = replies;
        StringBuffer err = stderr;
        Thread reader = new Thread(() -> readReplies(p.getInputStream(), q), "bpftool-batch-reader");
        reader.setDaemon(true);
        reader.start();
        Thread errReader = new Thread(() -> drain(p.getErrorStream(), err), "bpftool-batch-stderr");
        errReader.setDaemon(true);
        errReader.start();
    }

    /** Parses the stream "[{...},{...} ... ]" one object at a time as bpftool flushes it. */
    private static void readReplies(InputStream in, BlockingQueue<Reply> q) {
        String end = "end of output";
        try (JsonParser parser = new JsonFactory().createParser(in)) {
            parser.setCodec(JSON);
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                end = "output does not start with '['";
                return;
            }
            JsonToken t;
            while ((t = parser.nextToken()) == JsonToken.START_OBJECT) {
                JsonNode obj = parser.readValueAsTree();
                List<String> command = new ArrayList<>();
                obj.path("command").forEach(w -> command.add(w.asText()));
                q.add(new Reply(command, obj.get("output"), null));
            }
            end = t == JsonToken.END_ARRAY ? "bpftool closed its output" : "unexpected token " + t;
        } catch (IOException e) {
            end = "unreadable output: " + e.getMessage();
        } finally {
            q.add(new Reply(null, null, end));
        }
    }

    private static void drain(InputStream in, StringBuffer sink) {
        byte[] buf = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                sink.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                if (sink.length() > 64 * 1024) {
                    sink.delete(0, sink.length() - 16 * 1024);
                }
            }
        } catch (IOException ignored) {
            // process gone
        }
    }

    private String describeDeath() {
        if (process == null) {
            return "";
        }
        try {
            if (process.waitFor(1, TimeUnit.SECONDS)) {
                return "; bpftool exited with " + process.exitValue() + stderrTail();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return stderrTail();
    }

    private String stderrTail() {
        String s = stderr == null ? "" : stderr.toString().strip();
        return s.isEmpty() ? "" : "; stderr: " + Exec.tail(s, 2000);
    }

    private void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }
}
