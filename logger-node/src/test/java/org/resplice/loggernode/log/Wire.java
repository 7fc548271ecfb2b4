package org.resplice.loggernode.log;

import java.nio.charset.StandardCharsets;

/** Feeds a connection the way the stream rebuild does, keeping each stream's offset. */
final class Wire {
    final LoggedConnection c;
    long client;
    long server;

    Wire(LoggedConnection c) {
        this.c = c;
    }

    /** Client bytes; returns their {start, end} offsets. */
    long[] c(String s) {
        return c(bytes(s));
    }

    long[] c(byte[] b) {
        long start = client;
        c.clientData(client, b, 0, b.length);
        client += b.length;
        return new long[] {start, client};
    }

    long[] s(String s) {
        return s(bytes(s));
    }

    long[] s(byte[] b) {
        long start = server;
        c.serverData(server, b, 0, b.length);
        server += b.length;
        return new long[] {start, server};
    }

    /** Server bytes in chunks of {@code chunk}, as segments would arrive. */
    long[] s(byte[] b, int chunk) {
        long start = server;
        for (int i = 0; i < b.length; i += chunk) {
            int n = Math.min(chunk, b.length - i);
            c.serverData(server, b, i, n);
            server += n;
        }
        return new long[] {start, server};
    }

    void clientGap(int n) {
        c.clientGap(client, client + n);
        client += n;
    }

    void serverGap(int n) {
        c.serverGap(server, server + n);
        server += n;
    }

    /** The client acknowledges every server byte logged so far. */
    void ackAll() {
        c.clientAck(server);
    }

    void clientFin() {
        c.clientFin(client);
    }

    void serverFin() {
        c.serverFin(server);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }
}
