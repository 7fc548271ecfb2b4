package org.resplice.spliceswitch.xdp;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One loaded instance of the resplice XDP program: loaded once with {@code bpftool prog loadall},
 * program and maps pinned under {@code <root>/<name>/} (default root /sys/fs/bpf/resplice):
 * <pre>
 *   prog/resplice_xdp    the program
 *   maps/adjust_map      the rules ({@link #adjustMap()})
 *   maps/stats_map       the counters ({@link #stats()})
 * </pre>
 * attached in generic mode ({@code xdpgeneric}, which runs before OVS's userspace datapath reads the
 * frame) to any number of interfaces, in this or a named network namespace. {@link #close()}
 * detaches everything it attached and unpins. Errors name the command and interface and quote bpftool.
 */
public final class XdpProgram implements AutoCloseable {

    /** Where instances are pinned unless told otherwise. */
    public static final Path DEFAULT_ROOT = Path.of("/sys/fs/bpf/resplice");
    /** The object file on the class path (built by clang in this module). */
    public static final String BUNDLED_OBJECT = "/bpf/resplice_xdp.o";
    public static final String PROGRAM = "resplice_xdp";
    public static final String ADJUST_MAP = "adjust_map";
    public static final String STATS_MAP = "stats_map";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern IFINDEX = Pattern.compile("^(\\d+):");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An interface this instance attached to; {@code netns} is null for the caller's namespace. */
    public record Attachment(String netns, String ifname, int ifindex) {
    }

    private final Path pinDir;
    private final String bpftool;
    private final Duration timeout;
    private final List<Attachment> attachments = new ArrayList<>();
    private BpftoolAdjustMap adjustMap;
    private boolean closed;

    private XdpProgram(Path pinDir, String bpftool, Duration timeout) {
        this.pinDir = pinDir;
        this.bpftool = bpftool;
        this.timeout = timeout;
    }

    /** Loads the bundled object and pins it under {@code /sys/fs/bpf/resplice/<name>}. */
    public static XdpProgram loadBundled(String name) {
        Path tmp = null;
        try (InputStream in = XdpProgram.class.getResourceAsStream(BUNDLED_OBJECT)) {
            if (in == null) {
                throw new XdpException(BUNDLED_OBJECT + " is not on the class path (was the module built with clang?)");
            }
            tmp = Files.createTempFile("resplice_xdp", ".o");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return load(tmp, name);
        } catch (IOException e) {
            throw new XdpException("cannot extract " + BUNDLED_OBJECT + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temp file
                }
            }
        }
    }

    public static XdpProgram load(Path object, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("instance name must match " + NAME + ": " + name);
        }
        return load(object, DEFAULT_ROOT.resolve(name), "bpftool", Duration.ofSeconds(30));
    }

    /**
     * Loads {@code object} and pins program and maps under {@code pinDir}, which must be on a BPF
     * file system and must not exist yet.
     */
    public static XdpProgram load(Path object, Path pinDir, String bpftool, Duration timeout) {
        requireBpffs(pinDir);
        if (Files.exists(pinDir)) {
            throw new XdpException(pinDir + " already exists: another instance uses it, or a run did not clean up"
                    + " (check `bpftool net`, then `rm -r " + pinDir + "`)");
        }
        XdpProgram p = new XdpProgram(pinDir, bpftool, timeout);
        try {
            Files.createDirectories(pinDir);
            Exec.check(List.of(bpftool, "prog", "loadall", object.toString(), pinDir.resolve("prog").toString(),
                    "pinmaps", pinDir.resolve("maps").toString(), "type", "xdp"), timeout,
                    "loading " + object + " (verifier log, if any, follows)");
            for (Path pin : List.of(p.programPin(), p.adjustMapPin(), p.statsMapPin())) {
                if (!Files.exists(pin)) {
                    throw new XdpException("bpftool loaded " + object + " but " + pin + " is missing");
                }
            }
            return p;
        } catch (IOException | RuntimeException e) {
            try {
                p.unpin();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof IOException) {
                throw new XdpException("cannot create " + pinDir + ": " + e.getMessage(), e);
            }
            throw (RuntimeException) e;
        }
    }

    public Path pinDir() {
        return pinDir;
    }

    public Path programPin() {
        return pinDir.resolve("prog").resolve(PROGRAM);
    }

    public Path adjustMapPin() {
        return pinDir.resolve("maps").resolve(ADJUST_MAP);
    }

    public Path statsMapPin() {
        return pinDir.resolve("maps").resolve(STATS_MAP);
    }

    /** The kernel's id of the loaded program. */
    public int programId() {
        Exec.Result r = Exec.check(List.of(bpftool, "-j", "prog", "show", "pinned", programPin().toString()), timeout,
                "reading program info");
        try {
            return JSON.readTree(r.stdout()).path("id").asInt();
        } catch (IOException e) {
            throw new XdpException("unreadable " + r.describe(), e);
        }
    }

    /** Attaches (generic mode) to {@code ifname} in this network namespace; returns its ifindex. */
    public synchronized int attach(String ifname) {
        return attach(null, ifname);
    }

    /**
     * Attaches (generic mode) to {@code ifname} in network namespace {@code netns} (an {@code ip netns}
     * name; null: this one) and returns the interface's ifindex there, the one adjust_map keys use.
     * Fails if the interface already has an XDP program.
     */
    public synchronized int attach(String netns, String ifname) {
        checkOpen();
        int ifindex = ifindex(netns, ifname);
        Exec.check(Exec.inNetns(netns, List.of(bpftool, "net", "attach", "xdpgeneric", "pinned",
                programPin().toString(), "dev", ifname)), timeout, "attaching XDP (generic) to " + where(netns, ifname));
        attachments.add(new Attachment(netns, ifname, ifindex));
        return ifindex;
    }

    public synchronized void detach(String ifname) {
        detach(null, ifname);
    }

    public synchronized void detach(String netns, String ifname) {
        Exec.check(Exec.inNetns(netns, List.of(bpftool, "net", "detach", "xdpgeneric", "dev", ifname)), timeout,
                "detaching XDP from " + where(netns, ifname));
        attachments.removeIf(a -> a.ifname().equals(ifname) && java.util.Objects.equals(a.netns(), netns));
    }

    public synchronized List<Attachment> attachments() {
        return List.copyOf(attachments);
    }

    /** The program's adjust_map, written through one long-lived bpftool batch; closed with this. */
    public synchronized AdjustMap adjustMap() {
        checkOpen();
        if (adjustMap == null) {
            adjustMap = new BpftoolAdjustMap(adjustMapPin(), bpftool, timeout);
        }
        return adjustMap;
    }

    public XdpStats stats() {
        return XdpStats.read(statsMapPin(), bpftool, timeout);
    }

    /** The ifindex of {@code ifname} in {@code netns} (null: this namespace). */
    public static int ifindex(String netns, String ifname) {
        List<String> argv = new ArrayList<>(List.of("ip"));
        if (netns != null) {
            argv.addAll(List.of("-n", netns));
        }
        argv.addAll(List.of("-o", "link", "show", "dev", ifname));
        Exec.Result r = Exec.check(argv, Duration.ofSeconds(10), "looking up interface " + where(netns, ifname));
        Matcher m = IFINDEX.matcher(r.stdout());
        if (!m.find()) {
            throw new XdpException("no ifindex for " + where(netns, ifname) + " in: " + r.stdout());
        }
        return Integer.parseInt(m.group(1));
    }

    /** Detaches from every interface it attached to (that still exists), then unpins. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean interrupted = Thread.interrupted(); // clean up even when the caller was interrupted
        List<String> failures = new ArrayList<>();
        if (adjustMap != null) {
            adjustMap.close();
        }
        for (Attachment a : List.copyOf(attachments)) {
            try {
                detach(a.netns(), a.ifname());
            } catch (XdpException e) {
                if (interfaceExists(a.netns(), a.ifname())) {
                    failures.add(e.getMessage());
                }
            }
        }
        attachments.clear();
        try {
            unpin();
        } catch (XdpException e) {
            failures.add(e.getMessage());
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (!failures.isEmpty()) {
            throw new XdpException("closing XDP program " + pinDir + ": " + String.join("; ", failures));
        }
    }

    private void unpin() {
        if (!Files.exists(pinDir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(pinDir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new XdpException("cannot unpin " + pinDir + ": " + e, e);
        }
    }

    private static boolean interfaceExists(String netns, String ifname) {
        try {
            ifindex(netns, ifname);
            return true;
        } catch (XdpException e) {
            return false;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("XDP program " + pinDir + " is closed");
        }
    }

    private static String where(String netns, String ifname) {
        return "interface " + ifname + (netns == null ? "" : " in netns " + netns);
    }

    /** Fails with the fix if {@code dir} is not below a mounted BPF file system. */
    private static void requireBpffs(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] f = line.split(" ");
                if (f.length > 2 && f[2].equals("bpf") && abs.startsWith(Path.of(f[1]))) {
                    return;
                }
            }
        } catch (IOException e) {
            throw new XdpException("cannot read /proc/self/mounts: " + e.getMessage(), e);
        }
        throw new XdpException(dir + " is not on a BPF file system; mount one: mount -t bpf bpf /sys/fs/bpf");
    }
}
