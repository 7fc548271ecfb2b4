package org.resplice.spliceswitch.xdp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A network namespace made by a test and deleted (with its interfaces) on close. */
final class TestNetns implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Duration T = Duration.ofSeconds(10);

    final String name;

    private TestNetns(String name) {
        this.name = name;
    }

    static TestNetns create(String prefix) {
        String name = prefix + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        Exec.check(List.of("ip", "netns", "add", name), T, "creating netns " + name);
        TestNetns ns = new TestNetns(name);
        ns.ip("link", "set", "lo", "up");
        return ns;
    }

    /** {@code ip -n <ns> args...} */
    Exec.Result ip(String... args) {
        List<String> argv = new ArrayList<>(List.of("ip", "-n", name));
        argv.addAll(List.of(args));
        return Exec.check(argv, T, "in netns " + name);
    }

    /** Any command inside the namespace (network namespace only; /sys/fs/bpf stays visible). */
    Exec.Result exec(String... argv) {
        return Exec.check(Exec.inNetns(name, List.of(argv)), T, "in netns " + name);
    }

    /** argv prefixed to run inside the namespace, for long-running processes. */
    List<String> argv(String... argv) {
        return Exec.inNetns(name, List.of(argv));
    }

    @Override
    public void close() {
        boolean interrupted = Thread.interrupted(); // a timed-out test must still clean up
        try {
            Exec.run(List.of("ip", "netns", "del", name), T);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static boolean root() {
        return "root".equals(System.getProperty("user.name"))
                || Exec.run(List.of("id", "-u"), T).stdout().strip().equals("0");
    }

    static boolean have(String tool) {
        return Exec.run(List.of("sh", "-c", "command -v " + tool), T).ok();
    }
}
