package org.resplice.controller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar resplice-controller.jar --config FILE [options]}: runs the resplice app on the
 * embedded ONOS-API runtime until SIGTERM or Ctrl-C.
 */
public final class Main {

    static final String USAGE = String.join("\n",
            "usage: resplice-controller --config FILE [options]",
            "  --config FILE            network configuration, ONOS netcfg JSON (apps, hosts, devices)",
            "  --state-dir DIR          tag tables and the REST token live here (default: state)",
            "  --openflow HOST:PORT     OpenFlow 1.3 listen address (default: 127.0.0.1:6653)",
            "  --rest HOST:PORT         REST listen address (default: 127.0.0.1:8181)",
            "  --token-file FILE        REST bearer token; created with a random token if missing",
            "                           (default: STATE_DIR/token)",
            "  --flow-poll-seconds N    how often switch flow tables are reconciled (default: 5)");

    private Main() {
    }

    public static void main(String[] args) {
        EmbeddedRuntime.Settings settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("resplice-controller: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        EmbeddedRuntime runtime;
        try {
            runtime = new EmbeddedRuntime(settings);
            runtime.start();
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("resplice-controller: " + e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            // A bug, not bad input: say so, and do not linger with half-started threads.
            System.err.println("resplice-controller: failed to start");
            e.printStackTrace();
            System.exit(1);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.close();
            stopped.countDown();
        }, "resplice-shutdown"));
        System.out.println("resplice controller ready: openflow " + format(runtime.openflowAddress())
                + ", rest http://" + format(runtime.restAddress()) + "/resplice/ (token in "
                + settings.tokenLocation + ")");
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static EmbeddedRuntime.Settings parse(String[] args) {
        EmbeddedRuntime.Settings s = new EmbeddedRuntime.Settings();
        Path config = null;
        Path tokenFile = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("-h") || flag.equals("--help")) {
                System.out.println(USAGE);
                System.exit(0);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--config":
                    config = Path.of(value);
                    break;
                case "--state-dir":
                    s.stateDir = Path.of(value);
                    break;
                case "--openflow":
                    s.openflow = address(flag, value);
                    break;
                case "--rest":
                    s.rest = address(flag, value);
                    break;
                case "--token-file":
                    tokenFile = Path.of(value);
                    break;
                case "--flow-poll-seconds":
                    try {
                        s.flowPollSeconds = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        s.flowPollSeconds = -1;
                    }
                    if (s.flowPollSeconds < 1 || s.flowPollSeconds > 3600) {
                        throw new IllegalArgumentException("--flow-poll-seconds must be 1..3600, not " + value);
                    }
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (config == null) {
            throw new IllegalArgumentException("--config FILE is required");
        }
        try {
            s.netcfg = new ObjectMapper().readTree(Files.readAllBytes(config));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(config + ": not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --config " + config + ": " + e);
        }
        s.netcfgSource = config.toString();
        if (tokenFile == null) {
            tokenFile = s.stateDir.resolve("token");
        }
        s.token = token(tokenFile);
        s.tokenLocation = tokenFile.toString();
        return s;
    }

    /** Reads the token, or creates the file (mode 600) with 32 random bytes in hex. */
    private static String token(Path file) {
        try {
            if (Files.exists(file)) {
                String token = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (token.length() < 16) {
                    throw new IllegalArgumentException(file + ": token shorter than 16 characters; "
                            + "delete the file to have a new one made");
                }
                return token;
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String token = HexFormat.of().formatHex(random);
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".token", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file);
            return token;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read or create token file " + file + ": " + e);
        }
    }

    private static InetSocketAddress address(String flag, String value) {
        int colon = value.lastIndexOf(':');
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            if (colon < 1 || port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(value.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be HOST:PORT such as 127.0.0.1:6653, not " + value);
        }
    }

    private static String format(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }
}
