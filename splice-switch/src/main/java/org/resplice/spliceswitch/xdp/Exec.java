package org.resplice.spliceswitch.xdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one external command (bpftool, ip) with a bounded wait, optionally inside a network
 * namespace. {@code nsenter --net} switches only the network namespace, so pins under /sys/fs/bpf
 * stay visible ({@code ip netns exec} remounts /sys and hides them).
 */
final class Exec {

    /** Outcome of a finished command. */
    record Result(List<String> command, int exit, String stdout, String stderr) {
        boolean ok() {
            return exit == 0;
        }

        /** "command: stderr (or stdout when stderr is empty)", for error messages. */
        String describe() {
            String words = !stderr.isBlank() ? stderr.strip() : stdout.strip();
            return "`" + String.join(" ", command) + "` exited with " + exit
                    + (words.isEmpty() ? "" : ": " + tail(words, 4000));
        }
    }

    /** Readers block on pipes, so they get their own daemon threads, not the common pool. */
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "exec-reader");
        t.setDaemon(true);
        return t;
    });

    private Exec() {
    }

    /** The argv prefix that runs a command in network namespace {@code netns} (null: this one). */
    static List<String> inNetns(String netns, List<String> argv) {
        if (netns == null) {
            return argv;
        }
        List<String> full = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + netns));
        full.addAll(argv);
        return full;
    }

    static Result run(List<String> argv, Duration timeout) {
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new XdpException("cannot run `" + String.join(" ", argv) + "`: " + e.getMessage(), e);
        }
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // the command reads no input
        }
        CompletableFuture<String> out = slurp(p.getInputStream());
        CompletableFuture<String> err = slurp(p.getErrorStream());
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new XdpException("`" + String.join(" ", argv) + "` did not finish within " + timeout);
            }
            return new Result(argv, p.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new XdpException("interrupted while running `" + String.join(" ", argv) + "`", e);
        } catch (ExecutionException | TimeoutException e) {
            p.destroyForcibly();
            throw new XdpException("cannot read the output of `" + String.join(" ", argv) + "`", e);
        }
    }

    /** Runs and throws an {@link XdpException} naming the command and quoting its stderr on failure. */
    static Result check(List<String> argv, Duration timeout, String what) {
        Result r = run(argv, timeout);
        if (!r.ok()) {
            throw new XdpException(what + ": " + r.describe());
        }
        return r;
    }

    private static CompletableFuture<String> slurp(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, READERS);
    }

    static String tail(String s, int max) {
        return s.length() <= max ? s : "..." + s.substring(s.length() - max);
    }
}
