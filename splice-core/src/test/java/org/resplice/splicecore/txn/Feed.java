package org.resplice.splicecore.txn;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Ways of feeding two byte streams to a framer, for tests. */
public final class Feed {

    private Feed() {
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** All client bytes, then all server bytes, then both closes. */
    public static void clientFirst(Framer f, byte[] c, byte[] s, boolean close) {
        f.clientData(c);
        f.serverData(s);
        if (close) {
            f.clientClosed();
            f.serverClosed();
        }
    }

    /** All server bytes, then all client bytes, then both closes. */
    public static void serverFirst(Framer f, byte[] c, byte[] s, boolean close) {
        f.serverData(s);
        f.clientData(c);
        if (close) {
            f.serverClosed();
            f.clientClosed();
        }
    }

    /** Alternates single bytes of each direction. */
    public static void byteByByte(Framer f, byte[] c, byte[] s, boolean close) {
        int n = Math.max(c.length, s.length);
        for (int i = 0; i < n; i++) {
            if (i < c.length) {
                f.clientData(c, i, 1);
            }
            if (i < s.length) {
                f.serverData(s, i, 1);
            }
        }
        if (close) {
            f.clientClosed();
            f.serverClosed();
        }
    }

    /**
     * Each direction cut into random chunks (sometimes single bytes, sometimes large), the chunks
     * of the two directions interleaved at random; each close comes after its direction's last
     * chunk, at a random point.
     */
    public static void shuffled(Framer f, byte[] c, byte[] s, Random rnd, boolean close) {
        List<int[]> cc = cuts(c.length, rnd);
        List<int[]> sc = cuts(s.length, rnd);
        int ci = 0;
        int si = 0;
        boolean cClosed = !close;
        boolean sClosed = !close;
        while (ci < cc.size() || si < sc.size() || !cClosed || !sClosed) {
            boolean client = rnd.nextBoolean();
            if (client) {
                if (ci < cc.size()) {
                    int[] k = cc.get(ci++);
                    feedClient(f, c, k, rnd);
                } else if (!cClosed) {
                    f.clientClosed();
                    cClosed = true;
                }
            } else {
                if (si < sc.size()) {
                    int[] k = sc.get(si++);
                    feedServer(f, s, k, rnd);
                } else if (!sClosed) {
                    f.serverClosed();
                    sClosed = true;
                }
            }
        }
    }

    private static void feedClient(Framer f, byte[] c, int[] k, Random rnd) {
        if (rnd.nextInt(8) == 0) {
            // Through a ByteBuffer, sometimes a direct one.
            java.nio.ByteBuffer bb = rnd.nextBoolean() ? java.nio.ByteBuffer.allocateDirect(k[1])
                    : java.nio.ByteBuffer.allocate(k[1] + 3).position(3).slice();
            bb.put(c, k[0], k[1]).flip();
            f.clientData(bb);
        } else {
            f.clientData(Arrays.copyOfRange(c, k[0], k[0] + k[1]));
        }
    }

    private static void feedServer(Framer f, byte[] s, int[] k, Random rnd) {
        if (rnd.nextInt(8) == 0) {
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocateDirect(k[1]);
            bb.put(s, k[0], k[1]).flip();
            f.serverData(bb);
        } else {
            f.serverData(s, k[0], k[1]);
        }
    }

    /** [offset, length] pieces covering [0, n). */
    public static List<int[]> cuts(int n, Random rnd) {
        List<int[]> out = new ArrayList<>();
        int mode = rnd.nextInt(4);
        int p = 0;
        while (p < n) {
            int len;
            switch (mode) {
                case 0:
                    len = 1;
                    break;
                case 1:
                    len = 1 + rnd.nextInt(7);
                    break;
                case 2:
                    len = 1 + rnd.nextInt(200);
                    break;
                default:
                    len = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(3) : 1 + rnd.nextInt(2000);
                    break;
            }
            len = Math.min(len, n - p);
            out.add(new int[] {p, len});
            p += len;
        }
        return out;
    }

    /**
     * A conversation in capture order: segments of either direction. For the line framer, where
     * the order of the two directions is meaningful.
     */
    public static final class Script {
        private final List<Boolean> fromClient = new ArrayList<>();
        private final List<byte[]> data = new ArrayList<>();

        public Script client(String s) {
            fromClient.add(true);
            data.add(ascii(s));
            return this;
        }

        public Script server(String s) {
            fromClient.add(false);
            data.add(ascii(s));
            return this;
        }

        public int size() {
            return data.size();
        }

        public boolean isClient(int i) {
            return fromClient.get(i);
        }

        public byte[] data(int i) {
            return data.get(i);
        }

        /** Each segment in order, in one piece. */
        public void play(Framer f) {
            for (int i = 0; i < data.size(); i++) {
                if (fromClient.get(i)) {
                    f.clientData(data.get(i));
                } else {
                    f.serverData(data.get(i));
                }
            }
        }

        /** Each segment in order, cut into random pieces. */
        public void playChunked(Framer f, Random rnd) {
            for (int i = 0; i < data.size(); i++) {
                byte[] d = data.get(i);
                for (int[] k : cuts(d.length, rnd)) {
                    if (fromClient.get(i)) {
                        f.clientData(d, k[0], k[1]);
                    } else {
                        f.serverData(d, k[0], k[1]);
                    }
                }
            }
        }
    }
}
