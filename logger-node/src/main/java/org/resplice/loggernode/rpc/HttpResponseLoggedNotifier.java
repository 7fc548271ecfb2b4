package org.resplice.loggernode.rpc;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.resplice.loggernode.capture.FailureLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends "response logged" notifications as {@code POST <agent>/resplice/agent/response-logged} with
 * the JSON body
 * <pre>
 * {"connection": "10.0.0.1:40000", "transactionId": 724041346580185095, "ordinal": 7, "backend": "10.0.0.11:80"}
 * </pre>
 * ({@code transactionId} written as an unsigned 64-bit number). One sender thread takes them from a
 * bounded queue in order, so an agent sees a connection's transactions in order; a full queue drops
 * and counts rather than slowing the logger. Failures are counted and logged once per distinct kind.
 * A notification that failed is not retried: the agent learns the same fact from the next one
 * (a later transaction's response is logged after this one's).
 */
public final class HttpResponseLoggedNotifier implements ResponseLoggedNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(HttpResponseLoggedNotifier.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
    public static final int DEFAULT_QUEUE = 4096;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(2);

    private final AgentLocator agents;
    private final Duration timeout;
    private final String token;
    private final HttpClient http;
    private final ArrayBlockingQueue<ResponseLogged> queue;
    private final Thread sender;
    private final FailureLog failures;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param agents        where each alternate's agent listens
     * @param queueCapacity notifications that may wait
     * @param timeout       how long one POST may take; short, because one slow agent delays the rest
     * @param token         bearer token for the agents, or null
     */
    public HttpResponseLoggedNotifier(AgentLocator agents, int queueCapacity, Duration timeout, String token) {
        this.agents = Objects.requireNonNull(agents, "agents");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity: " + queueCapacity + " must be at least 1");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " must be positive");
        }
        this.token = token;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.failures = new FailureLog(LOG, "response-logged notification");
        this.sender = new Thread(this::sendLoop, "response-logged-sender");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    @Override
    public boolean responseLogged(ResponseLogged event) {
        Objects.requireNonNull(event, "event");
        if (closed || !queue.offer(event)) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    public NotifierCounters counters() {
        return new NotifierCounters(sent.get(), failures.failures(), dropped.get(), queue.size());
    }

    /** The JSON body for {@code event}. */
    static byte[] body(ResponseLogged event) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("connection", event.connection().toString());
        n.put("transactionId", new java.math.BigInteger(Long.toUnsignedString(event.transactionId())));
        n.put("ordinal", event.ordinal());
        n.put("backend", event.backend().toString());
        try {
            return MAPPER.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON object node", e);
        }
    }

    private void sendLoop() {
        try {
            while (!closed || !queue.isEmpty()) {
                ResponseLogged e = queue.poll(50, TimeUnit.MILLISECONDS);
                if (e != null) {
                    send(e);
                }
            }
        } catch (InterruptedException ie) {
            // close() gave up waiting for the queue to drain.
            Thread.currentThread().interrupt();
        }
    }

    private void send(ResponseLogged e) throws InterruptedException {
        URI uri = agents.responseLoggedUri(e.alternate());
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(e)));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<Void> r = http.send(b.build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 == 2) {
                sent.incrementAndGet();
                failures.succeeded();
            } else {
                failures.failed("HTTP " + r.statusCode() + " from " + uri, null);
            }
        } catch (IOException ex) {
            failures.failed(ex.getClass().getSimpleName() + " posting to " + uri, ex);
        }
    }

    /** Stops taking notifications, sends what is queued for up to two seconds, then drops the rest. */
    @Override
    public void close() {
        closed = true;
        try {
            sender.join(DRAIN_TIMEOUT.toMillis());
            if (sender.isAlive()) {
                sender.interrupt();
                sender.join(timeout.toMillis() + 1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = queue.size();
        if (left > 0) {
            queue.clear();
            dropped.addAndGet(left);
            LOG.warn("closed with {} response-logged notifications unsent", left);
        }
    }
}
