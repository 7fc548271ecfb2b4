package org.resplice.loggernode;

import org.resplice.loggernode.detect.DetectorConfig;
import org.resplice.loggernode.log.LogConfig;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./resplice logger …}: one logger node on a mirror interface, until SIGTERM or Ctrl-C.
 * Prints {@code resplice logger ready} once it captures and serves REST.
 */
public final class LoggerMain {

    private static final String USAGE = String.join("\n",
            "usage: resplice logger --config NETCFG --interface IFACE --controller URL [options]",
            "  --config FILE            the controller's netcfg JSON (VIPs, pools, proxy addresses)",
            "  --interface IFACE        the mirror port's interface, e.g. lg-eth0",
            "  --controller URL         the controller's REST root, e.g. http://10.255.0.254:8181/resplice/",
            "  --token-file FILE        the controller's REST bearer token (also required by this node's REST)",
            "  --listen HOST:PORT       this node's REST address (default 0.0.0.0:8282)",
            "  --agent-port PORT        backend agents' port for response-logged signals (default 0: none)",
            "  --buffer-mb N            kernel capture buffer (default 64)",
            "  --log-cap-mb N           memory cap of the whole log (default 256)",
            "  --connection-cap-kb N    memory cap of one connection's log (default 4096)",
            "  --large-response-kb N    responses above this keep only location and SHA-256 (default 256)",
            "  --detector-k K           deviations above the mean before a backend is suspected (default 4)",
            "  --detector-floor-ms MS   shortest timeout (default 100)",
            "  --detector-ceiling-ms MS longest timeout (default 2000)");

    private LoggerMain() {
    }

    public static void main(String[] args) throws Exception {
        LoggerSettings settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("resplice logger: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        LoggerNode node = LoggerNode.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "logger-shutdown"));
        InetSocketAddress rest = node.restAddress();
        System.out.println("resplice logger ready: capturing " + settings.device() + ", REST http://"
                + rest.getHostString() + ":" + rest.getPort() + "/logger/");
        System.out.flush();
        stopped.await(Long.MAX_VALUE, TimeUnit.DAYS);
    }

    static LoggerSettings parse(String[] argv) throws Exception {
        Deque<String> args = new ArrayDeque<>(java.util.List.of(argv));
        Path config = null;
        String device = null;
        URI controller = null;
        Path tokenFile = null;
        InetSocketAddress listen = new InetSocketAddress("0.0.0.0", 8282);
        int agentPort = 0;
        int bufferMb = LoggerSettings.defaultCaptureBufferMb();
        long logCapMb = 256;
        LogConfig.Builder log = LogConfig.builder();
        DetectorConfig lan = DetectorConfig.lanDefaults();
        double k = lan.k();
        long floorMs = TimeUnit.NANOSECONDS.toMillis(lan.floorNanos());
        long ceilingMs = TimeUnit.NANOSECONDS.toMillis(lan.ceilingNanos());
        while (!args.isEmpty()) {
            String flag = args.poll();
            switch (flag) {
                case "--config" -> config = Path.of(value(args, flag));
                case "--interface" -> device = value(args, flag);
                case "--controller" -> controller = URI.create(value(args, flag));
                case "--token-file" -> tokenFile = Path.of(value(args, flag));
                case "--listen" -> listen = hostPort(value(args, flag), flag);
                case "--agent-port" -> agentPort = number(args, flag);
                case "--buffer-mb" -> bufferMb = number(args, flag);
                case "--log-cap-mb" -> logCapMb = number(args, flag);
                case "--connection-cap-kb" -> log.connectionCapBytes(number(args, flag) * 1024);
                case "--large-response-kb" -> log.largeResponseBytes(number(args, flag) * 1024L);
                case "--detector-k" -> k = Double.parseDouble(value(args, flag));
                case "--detector-floor-ms" -> floorMs = number(args, flag);
                case "--detector-ceiling-ms" -> ceilingMs = number(args, flag);
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (config == null || device == null || controller == null) {
            throw new IllegalArgumentException("--config, --interface and --controller are required");
        }
        return new LoggerSettings(FollowedNetwork.read(config), device, controller, LoggerSettings.readToken(tokenFile),
                listen, agentPort, bufferMb << 20, logCapMb << 20, log.build(),
                LoggerSettings.detector(k, floorMs, ceilingMs));
    }

    private static String value(Deque<String> args, String flag) {
        String v = args.poll();
        if (v == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return v;
    }

    private static int number(Deque<String> args, String flag) {
        String v = value(args, flag);
        try {
            int n = Integer.parseInt(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": \"" + v + "\" is not a non-negative whole number");
        }
    }

    private static InetSocketAddress hostPort(String text, String flag) {
        int colon = text.lastIndexOf(':');
        try {
            return new InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(flag + ": \"" + text + "\" is not HOST:PORT");
        }
    }
}
