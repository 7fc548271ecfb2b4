package org.resplice.spliceswitch.shim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.resplice.spliceswitch.shim.OfWire.u32;

/**
 * OpenFlow port numbers of the switch, their interface names (learnt from the PORT_DESC replies and
 * PORT_STATUS messages passing through) and the kernel ifindex the XDP key needs.
 */
final class PortDirectory {

    /** ofp_port in OpenFlow 1.3: port_no at 0, name (16 bytes) at 16. */
    static final int PORT_SIZE = 64;

    /** Ports above this are OpenFlow's reserved ones (LOCAL is the bridge's own interface). */
    private static final long MAX_PHYSICAL_PORT = 0xffffff00L;

    private final Map<Long, String> names = new ConcurrentHashMap<>();
    private final Map<String, Integer> ifindexes = new ConcurrentHashMap<>();
    private final Function<String, OptionalInt> ifindexOfName;
    private final Consumer<String> newPort;

    PortDirectory(Function<String, OptionalInt> ifindexOfName) {
        this(ifindexOfName, name -> { });
    }

    /** @param newPort told the name of every physical port seen for the first time */
    PortDirectory(Function<String, OptionalInt> ifindexOfName, Consumer<String> newPort) {
        this.ifindexOfName = ifindexOfName;
        this.newPort = newPort;
    }

    /** Looks interfaces up in /sys/class/net. */
    static PortDirectory fromSysfs(Consumer<String> newPort) {
        return new PortDirectory(name -> {
            try {
                return OptionalInt.of(Integer.parseInt(Files.readString(
                        Path.of("/sys/class/net", name, "ifindex"), StandardCharsets.US_ASCII).trim()));
            } catch (IOException | NumberFormatException e) {
                return OptionalInt.empty();
            }
        }, newPort);
    }

    /** Learns every ofp_port in {@code b} from {@code offset} to {@code end}. */
    void learn(byte[] b, int offset, int end) {
        for (int at = offset; at + PORT_SIZE <= end; at += PORT_SIZE) {
            long port = u32(b, at);
            int n = 0;
            while (n < 16 && b[at + 16 + n] != 0) {
                n++;
            }
            String name = new String(b, at + 16, n, StandardCharsets.US_ASCII);
            String before = names.put(port, name);
            if (!name.equals(before)) {
                ifindexes.remove(name); // a new interface under an old name gets a new ifindex
            }
            if (!name.equals(before) && port <= MAX_PHYSICAL_PORT) {
                newPort.accept(name);
            }
        }
    }

    /** The port's kernel ifindex; looked up once per interface name (it does not change). */
    OptionalInt ifindex(long port) {
        String name = names.get(port);
        if (name == null) {
            return OptionalInt.empty();
        }
        Integer known = ifindexes.get(name);
        if (known != null) {
            return OptionalInt.of(known);
        }
        OptionalInt found = ifindexOfName.apply(name);
        found.ifPresent(i -> ifindexes.put(name, i));
        return found;
    }

    Map<Long, String> names() {
        return Map.copyOf(names);
    }
}
