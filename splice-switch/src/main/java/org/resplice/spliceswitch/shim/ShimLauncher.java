package org.resplice.spliceswitch.shim;

import org.resplice.spliceswitch.xdp.XdpProgram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

/**
 * Starts one splice switch's shim: loads the XDP program (pinned under /sys/fs/bpf/resplice/NAME),
 * attaches it in generic mode to every switch port the shim learns of, and relays OpenFlow between
 * Open vSwitch and the controller until SIGTERM.
 */
public final class ShimLauncher {

    private static final Logger log = LoggerFactory.getLogger(ShimLauncher.class);

    static final String USAGE = String.join("\n",
            "usage: resplice-shim --name BRIDGE --listen HOST:PORT --controller HOST:PORT",
            "  --name BRIDGE           the Open vSwitch bridge (names the XDP pins)",
            "  --listen HOST:PORT      where Open vSwitch connects (its controller target)",
            "  --controller HOST:PORT  the resplice controller's OpenFlow address");

    private ShimLauncher() {
    }

    /** Runs until SIGTERM; returns the exit code. */
    public static int run(String[] args) {
        String name = null;
        InetSocketAddress listen = null;
        InetSocketAddress controller = null;
        try {
            for (int i = 0; i < args.length; i++) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                String value = args[++i];
                switch (args[i - 1]) {
                    case "--name":
                        if (!value.matches("[A-Za-z0-9_.-]{1,15}")) {
                            throw new IllegalArgumentException("--name must be an interface-like name, not " + value);
                        }
                        name = value;
                        break;
                    case "--listen":
                        listen = address("--listen", value);
                        break;
                    case "--controller":
                        controller = address("--controller", value);
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option " + args[i - 1]);
                }
            }
            if (name == null || listen == null || controller == null) {
                throw new IllegalArgumentException("--name, --listen and --controller are required");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("resplice-shim: " + e.getMessage());
            System.err.println(USAGE);
            return 2;
        }

        XdpProgram xdp;
        try {
            xdp = XdpProgram.loadBundled(name);
        } catch (RuntimeException e) {
            System.err.println("resplice-shim: cannot load the XDP program: " + e.getMessage());
            return 1;
        }
        PortDirectory ports = PortDirectory.fromSysfs(port -> {
            try {
                xdp.attach(port);
                log.info("XDP attached to {}", port);
            } catch (RuntimeException e) {
                log.error("cannot attach XDP to {}: {}", port, e.getMessage());
            }
        });
        SpliceShim shim = new SpliceShim(listen, controller, new XdpDatapath(xdp.adjustMap()), ports);
        try {
            shim.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            xdp.close();
            return 1;
        } catch (RuntimeException e) {
            System.err.println("resplice-shim: cannot listen on " + listen + ": " + e.getMessage());
            xdp.close();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shim.close();
            xdp.close();
            stopped.countDown();
        }, "resplice-shim-stop"));
        System.out.println("resplice shim ready: " + name + " listening on " + shim.localAddress().getHostString()
                + ":" + shim.localAddress().getPort() + ", xdp pinned at " + xdp.pinDir());
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
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
            throw new IllegalArgumentException(flag + " must be HOST:PORT, not " + value);
        }
    }
}
