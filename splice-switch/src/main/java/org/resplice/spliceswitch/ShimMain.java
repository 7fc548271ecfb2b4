package org.resplice.spliceswitch;

import org.resplice.spliceswitch.shim.ShimLauncher;

/**
 * {@code java -jar resplice-shim.jar --name s1 --listen HOST:PORT --controller HOST:PORT}: one splice
 * switch's shim, until SIGTERM.
 */
public final class ShimMain {

    private ShimMain() {
    }

    public static void main(String[] args) {
        System.exit(ShimLauncher.run(args));
    }
}
