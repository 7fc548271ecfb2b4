package org.resplice.controller.openflow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Monotonic counters of one {@link OpenFlowServer}, cheap to bump from any thread. */
public final class OpenFlowCounters {

    /** Messages decoded from switches. */
    final LongAdder messagesIn = new LongAdder();
    /** Messages encoded towards switches. */
    final LongAdder messagesOut = new LongAdder();
    /** Frames that could not be decoded (each answered with an OFPT_ERROR). */
    final LongAdder malformedMessages = new LongAdder();
    /** OFPT_ERROR messages the controller sent (malformed input, failed version negotiation). */
    final LongAdder errorsSent = new LongAdder();
    /** OFPT_ERROR messages switches sent. */
    final LongAdder errorsReceived = new LongAdder();
    /** TCP connections accepted. */
    final LongAdder connections = new LongAdder();
    /** TCP connections closed. */
    final LongAdder disconnections = new LongAdder();
    final LongAdder handshakesCompleted = new LongAdder();
    final LongAdder handshakeFailures = new LongAdder();
    /** Connections closed because a newer connection announced the same datapath id. */
    final LongAdder replacedConnections = new LongAdder();
    /** ECHO_REQUESTs received from switches (and answered). */
    final LongAdder echoRequests = new LongAdder();
    /** ECHO_REQUESTs the controller sent because a connection was idle. */
    final LongAdder keepalivesSent = new LongAdder();
    /** Connections closed because the switch stayed silent through the allowed echo misses. */
    final LongAdder echoTimeouts = new LongAdder();
    final LongAdder packetIns = new LongAdder();
    final LongAdder flowRemoved = new LongAdder();
    final LongAdder portStatus = new LongAdder();
    /** Barrier and flow-stats requests that got no answer in time. */
    final LongAdder requestTimeouts = new LongAdder();
    /** Messages handed to send() for a switch that was no longer connected. */
    final LongAdder messagesDropped = new LongAdder();

    public long messagesIn() { return messagesIn.sum(); }
    public long messagesOut() { return messagesOut.sum(); }
    public long malformedMessages() { return malformedMessages.sum(); }
    public long errorsSent() { return errorsSent.sum(); }
    public long errorsReceived() { return errorsReceived.sum(); }
    public long connections() { return connections.sum(); }
    public long disconnections() { return disconnections.sum(); }
    public long handshakesCompleted() { return handshakesCompleted.sum(); }
    public long handshakeFailures() { return handshakeFailures.sum(); }
    public long replacedConnections() { return replacedConnections.sum(); }
    public long echoRequests() { return echoRequests.sum(); }
    public long keepalivesSent() { return keepalivesSent.sum(); }
    public long echoTimeouts() { return echoTimeouts.sum(); }
    public long packetIns() { return packetIns.sum(); }
    public long flowRemoved() { return flowRemoved.sum(); }
    public long portStatus() { return portStatus.sum(); }
    public long requestTimeouts() { return requestTimeouts.sum(); }
    public long messagesDropped() { return messagesDropped.sum(); }

    /** All counters by name, in a stable order. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("messagesIn", messagesIn());
        m.put("messagesOut", messagesOut());
        m.put("malformedMessages", malformedMessages());
        m.put("errorsSent", errorsSent());
        m.put("errorsReceived", errorsReceived());
        m.put("connections", connections());
        m.put("disconnections", disconnections());
        m.put("handshakesCompleted", handshakesCompleted());
        m.put("handshakeFailures", handshakeFailures());
        m.put("replacedConnections", replacedConnections());
        m.put("echoRequests", echoRequests());
        m.put("keepalivesSent", keepalivesSent());
        m.put("echoTimeouts", echoTimeouts());
        m.put("packetIns", packetIns());
        m.put("flowRemoved", flowRemoved());
        m.put("portStatus", portStatus());
        m.put("requestTimeouts", requestTimeouts());
        m.put("messagesDropped", messagesDropped());
        return m;
    }

    @Override
    public String toString() {
        return "OpenFlowCounters" + snapshot();
    }
}
