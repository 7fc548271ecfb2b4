package org.resplice.loggernode.control;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.resplice.loggernode.capture.FailureLog;
import org.resplice.tagconfig.TagTableListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns from the controller's REST API which connections the logger follows and how to tag their
 * transactions: polls {@code GET <restBase>splices} (every 100 ms by default) and
 * {@code GET <restBase>tags} (every second), with {@code Authorization: Bearer <token>}, and reports
 * what changed to a {@link SpliceListener} and a {@link TagTableListener}.
 *
 * <p>A failed poll (no answer, a status other than 200, JSON the logger cannot use) changes nothing:
 * the previous table stays in force, the failure is counted and logged once until a poll succeeds
 * again, and polling goes on. Each table is polled on its own thread, so that a slow tag answer does
 * not delay splice announcements; each listener is always called from the same thread.
 */
public final class ControllerClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerClient.class);

    private final ControllerClientConfig config;
    private final HttpClient http;
    private final URI splicesUri;
    private final URI tagsUri;
    private final SpliceTableDiff splices;
    private final TagTableDiff tags;
    private final ScheduledExecutorService scheduler;
    private final FailureLog spliceFailures;
    private final FailureLog tagFailures;
    private final FailureLog listenerFailures;
    private final AtomicLong splicePolls = new AtomicLong();
    private final AtomicLong tagPolls = new AtomicLong();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile String lastSpliceError;
    private volatile String lastTagError;

    public ControllerClient(ControllerClientConfig config, SpliceListener spliceListener,
            TagTableListener tagListener) {
        this.config = Objects.requireNonNull(config, "config");
        this.splicesUri = config.restBase().resolve("splices");
        this.tagsUri = config.restBase().resolve("tags");
        this.splices = new SpliceTableDiff(Objects.requireNonNull(spliceListener, "spliceListener"));
        this.tags = new TagTableDiff(Objects.requireNonNull(tagListener, "tagListener"));
        this.http = HttpClient.newBuilder().connectTimeout(config.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "controller-poll");
            t.setDaemon(true);
            return t;
        });
        s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.scheduler = s;
        this.spliceFailures = new FailureLog(LOG, "splice poll of " + splicesUri);
        this.tagFailures = new FailureLog(LOG, "tag poll of " + tagsUri);
        this.listenerFailures = new FailureLog(LOG, "splice or tag listener");
    }

    /** Starts polling; the first polls run at once. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("controller client already started");
        }
        scheduler.scheduleWithFixedDelay(this::pollSplices, 0, config.splicePollInterval().toNanos(),
                TimeUnit.NANOSECONDS);
        scheduler.scheduleWithFixedDelay(this::pollTags, 0, config.tagPollInterval().toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /** Stops polling and waits (bounded) for a poll in progress. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(config.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                LOG.warn("controller polls did not stop within {}", config.requestTimeout().plusSeconds(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public ControllerCounters counters() {
        return new ControllerCounters(splicePolls.get(), spliceFailures.failures(), tagPolls.get(),
                tagFailures.failures(), lastSpliceError, lastTagError, listenerFailures.failures());
    }

    private void pollSplices() {
        try {
            byte[] body = get(splicesUri);
            splices.apply(SpliceTableCodec.parse(body));
            splicePolls.incrementAndGet();
            lastSpliceError = null;
            spliceFailures.succeeded();
        } catch (PollFailure f) {
            if (f == PollFailure.CLOSING) {
                return;
            }
            lastSpliceError = f.getMessage();
            spliceFailures.failed(f.getMessage(), null);
        } catch (ControllerResponseException e) {
            lastSpliceError = "bad JSON at " + e.getMessage();
            spliceFailures.failed(lastSpliceError, null);
        } catch (RuntimeException e) {
            // A listener threw: the table is already applied; count it so the bug is seen.
            listenerFailures.failed(e.toString(), e);
        }
    }

    private void pollTags() {
        try {
            byte[] body = get(tagsUri);
            tags.apply(TagTablesCodec.parse(body));
            tagPolls.incrementAndGet();
            lastTagError = null;
            tagFailures.succeeded();
        } catch (PollFailure f) {
            if (f == PollFailure.CLOSING) {
                return;
            }
            lastTagError = f.getMessage();
            tagFailures.failed(f.getMessage(), null);
        } catch (ControllerResponseException e) {
            lastTagError = "bad JSON at " + e.getMessage();
            tagFailures.failed(lastTagError, null);
        } catch (RuntimeException e) {
            listenerFailures.failed(e.toString(), e);
        }
    }

    private byte[] get(URI uri) throws PollFailure {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(config.requestTimeout())
                .header("Accept", "application/json").GET();
        if (config.token() != null) {
            b.header("Authorization", "Bearer " + config.token());
        }
        HttpResponse<byte[]> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new PollFailure("no answer within " + config.requestTimeout());
        } catch (IOException e) {
            throw new PollFailure("cannot reach the controller: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PollFailure.CLOSING;
        }
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new PollFailure("HTTP " + r.statusCode() + ": the controller refused the token; give the"
                    + " logger the controller's token file");
        }
        if (r.statusCode() != 200) {
            throw new PollFailure("HTTP " + r.statusCode());
        }
        return r.body();
    }

    /** A poll that got no usable answer; the message is the distinct description logged once. */
    private static final class PollFailure extends Exception {
        private static final long serialVersionUID = 1L;

        /** Thrown when close() interrupts a request: not a failure of the controller. */
        static final PollFailure CLOSING = new PollFailure("closing");

        PollFailure(String message) {
            super(message, null, false, false);
        }
    }
}
