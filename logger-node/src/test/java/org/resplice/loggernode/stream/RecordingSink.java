package org.resplice.loggernode.stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ConnectionSink} that checks the contract of each stream (through {@link RecordingStream})
 * and keeps every call in one list, in order, e.g. {@code client data 0 "GET"}, {@code server ack 3}.
 */
final class RecordingSink implements ConnectionSink {

    final RecordingStream client;
    final RecordingStream server;
    final List<String> events = new ArrayList<>();
    final List<Long> clientAcks = new ArrayList<>();
    final List<Long> serverAcks = new ArrayList<>();
    private final boolean keepEvents;

    RecordingSink() {
        this(true);
    }

    RecordingSink(boolean keepEvents) {
        this.keepEvents = keepEvents;
        this.client = new RecordingStream(keepEvents);
        this.server = new RecordingStream(keepEvents);
    }

    private void event(String e) {
        if (keepEvents) {
            events.add(e);
        }
    }

    private static String last(RecordingStream s) {
        return s.events.isEmpty() ? "" : s.events.get(s.events.size() - 1);
    }

    @Override
    public void clientData(long offset, byte[] b, int off, int len) {
        client.data(offset, b, off, len);
        event("client " + last(client));
    }

    @Override
    public void serverData(long offset, byte[] b, int off, int len) {
        server.data(offset, b, off, len);
        event("server " + last(server));
    }

    @Override
    public void clientGap(long from, long to) {
        client.gap(from, to);
        event("client " + last(client));
    }

    @Override
    public void serverGap(long from, long to) {
        server.gap(from, to);
        event("server " + last(server));
    }

    @Override
    public void clientAck(long serverOffset) {
        assertTrue(clientAcks.isEmpty() || clientAcks.get(clientAcks.size() - 1) < serverOffset, "ACK must grow");
        clientAcks.add(serverOffset);
        event("client ack " + serverOffset);
    }

    @Override
    public void serverAck(long clientOffset) {
        assertTrue(serverAcks.isEmpty() || serverAcks.get(serverAcks.size() - 1) < clientOffset, "ACK must grow");
        serverAcks.add(clientOffset);
        event("server ack " + clientOffset);
    }

    @Override
    public void clientFin(long offset) {
        client.fin(offset);
        event("client " + last(client));
    }

    @Override
    public void serverFin(long offset) {
        server.fin(offset);
        event("server " + last(server));
    }

    @Override
    public void reset(boolean byServer) {
        event("reset by " + (byServer ? "server" : "client"));
    }
}
