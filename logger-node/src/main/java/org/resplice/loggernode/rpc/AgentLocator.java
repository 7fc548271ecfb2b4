package org.resplice.loggernode.rpc;

import java.net.URI;

import org.resplice.loggernode.capture.Endpoint;

/** Where a backend's agent takes "response logged" notifications. */
@FunctionalInterface
public interface AgentLocator {

    String PATH = "/resplice/agent/response-logged";

    /** The URL to POST to for {@code backend}'s agent. */
    URI responseLoggedUri(Endpoint backend);

    /** Agents listen on the backend's own address at {@code port}. */
    static AgentLocator onPort(int port) {
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("agent port: " + port + " is outside 1..65535");
        }
        return backend -> URI.create("http://" + backend.ip() + ":" + port + PATH);
    }
}
