package org.resplice.loggernode;

import org.resplice.loggernode.aux.AuxCache;
import org.resplice.loggernode.aux.AuxCounters;
import org.resplice.loggernode.aux.AuxFollower;
import org.resplice.loggernode.aux.AuxFollowerConfig;
import org.resplice.loggernode.aux.AuxLookup;
import org.resplice.loggernode.capture.CaptureConfig;
import org.resplice.loggernode.capture.Endpoint;
import org.resplice.loggernode.capture.MirrorCapture;
import org.resplice.loggernode.capture.PendingFlows;
import org.resplice.loggernode.capture.SegmentDecoder;
import org.resplice.loggernode.control.ControllerClient;
import org.resplice.loggernode.control.ControllerClientConfig;
import org.resplice.loggernode.control.SpliceEntry;
import org.resplice.loggernode.detect.FailureDetector;
import org.resplice.loggernode.http.HttpError;
import org.resplice.loggernode.http.LoggerHttpServer;
import org.resplice.loggernode.log.ConnectionKey;
import org.resplice.loggernode.log.ConnectionLogStore;
import org.resplice.loggernode.log.LogListener;
import org.resplice.loggernode.log.LoggedConnection;
import org.resplice.loggernode.log.MemoryBudget;
import org.resplice.loggernode.rpc.AgentLocator;
import org.resplice.loggernode.rpc.HttpResponseLoggedNotifier;
import org.resplice.loggernode.rpc.ResponseLogged;
import org.resplice.loggernode.rpc.ResponseLoggedNotifier;
import org.resplice.loggernode.stream.ReassemblyLimits;
import org.resplice.loggernode.tag.Tagger;
import org.resplice.splicecore.tcp.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One logger node (DESIGN §1, §4.3–§4.5), assembled: the mirror capture decodes segments for the
 * {@link SpliceFollower}, which rebuilds the streams of the connections the controller announces
 * into the {@link ConnectionLogStore}; the log's events feed the failure detector and the
 * alternate's agent; a REST server shows the counters, the recovery views and the suspicions.
 */
public final class LoggerNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LoggerNode.class);
    /** How often the detector's timeouts are checked: small against the 300 ms detection target. */
    static final long CHECK_INTERVAL_MS = 5;
    /** A tick this late means the node stalled. */
    static final long LATE_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(4 * CHECK_INTERVAL_MS);
    /** After a stall the capture's kernel ring may hold a read timeout's worth of frames, and more. */
    static final long QUIET_AFTER_STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(30);
    /** A logged connection nobody touched for this long is dropped from the log. */
    static final long IDLE_LOG_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Memory for the aux role's logged requests and responses. */
    static final long AUX_CACHE_BYTES = 64L << 20;

    private final LoggerSettings settings;
    private final Clock clock = Clock.system();
    private final ConnectionLogStore store;
    private final SpliceFollower follower;
    private final SegmentDecoder decoder;
    private final MirrorDispatcher dispatcher;
    private final AuxCache auxCache;
    private final MirrorCapture capture;
    private final ControllerClient controller;
    private final FailureDetector detector;
    private final DetectorFeed detectorFeed;
    private final SuspicionLog suspicions = new SuspicionLog();
    private final LongAdder lateTicks = new LongAdder();
    private final ResponseLoggedNotifier notifier;
    private final LoggerHttpServer http;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "logger-timer"));
    private final ExecutorService prober = Executors.newCachedThreadPool(r -> daemon(r, "logger-probe"));

    private LoggerNode(LoggerSettings s) throws Exception {
        this.settings = s;
        Tagger tagger = new Tagger();
        detector = new FailureDetector(s.detector());
        detectorFeed = new DetectorFeed(detector, suspicions);
        notifier = s.agentPort() > 0
                ? new HttpResponseLoggedNotifier(AgentLocator.onPort(s.agentPort()),
                HttpResponseLoggedNotifier.DEFAULT_QUEUE, HttpResponseLoggedNotifier.DEFAULT_TIMEOUT, s.token())
                : new ResponseLoggedNotifier() { // no agents to tell (the backend-agent issue adds them)
                    @Override
                    public boolean responseLogged(ResponseLogged event) {
                        return false;
                    }

                    @Override
                    public void close() {
                    }
                };
        // The follower comes after the store it feeds; the agents' feed reads it only once segments flow.
        LogListener agents = new ResponseLoggedFeed(notifier, this::spliceOf);
        store = new ConnectionLogStore(s.log(), new MemoryBudget(s.logCapBytes()), tagger,
                new FanOutLogListener(detectorFeed, agents), clock);
        follower = new SpliceFollower(store, s.network()::protocolOf, PendingFlows.withDefaults(),
                ReassemblyLimits.defaults(), clock);
        Endpoint auxServer = s.network().auxServer().orElse(null);
        auxCache = new AuxCache(AUX_CACHE_BYTES, new AuxCounters());
        AuxFollower aux = auxServer == null ? null : new AuxFollower(AuxFollowerConfig.defaults()
                .withAuxServer(auxServer.ip(), auxServer.port()), auxCache, System::nanoTime);
        dispatcher = new MirrorDispatcher(follower, aux, auxServer);
        decoder = new SegmentDecoder(dispatcher);
        String filter = s.network().captureFilter().expression();
        capture = MirrorCapture.openLive(CaptureConfig.of(s.device(), filter).withBufferBytes(s.captureBufferBytes()),
                decoder);
        controller = new ControllerClient(ControllerClientConfig.of(s.controller(), s.token()), follower, tagger);
        http = new LoggerHttpServer(s.listen(), s.token());
        routes();
        long now = clock.nanos();
        for (Endpoint b : s.network().backends()) {
            detector.watch(b.ip().toString(), now);
        }
        log.info("capturing {} with filter: {}", s.device(), filter);
    }

    private Optional<SpliceEntry> spliceOf(ConnectionKey key) {
        return follower.spliceOf(key);
    }

    /** Builds and starts a node. */
    public static LoggerNode start(LoggerSettings settings) throws Exception {
        LoggerNode node = new LoggerNode(settings);
        try {
            node.http.start();
            node.capture.start();
            node.controller.start();
            node.timer.scheduleWithFixedDelay(node::tick, CHECK_INTERVAL_MS, CHECK_INTERVAL_MS, TimeUnit.MILLISECONDS);
            node.timer.scheduleWithFixedDelay(node::housekeeping, 100, 100, TimeUnit.MILLISECONDS);
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
        return node;
    }

    public InetSocketAddress restAddress() {
        return http.address();
    }

    private long lastTick;
    private long quietUntil;

    /**
     * Runs the detector, unless the node itself cannot be trusted to have seen what happened: a
     * response may still wait in the capture queue, or this tick came late, which means the host or
     * the JVM stalled and the parse thread with it (then the next few ticks wait too).
     */
    private void tick() {
        try {
            long now = clock.nanos();
            long since = now - lastTick;
            lastTick = now;
            if (since > LATE_TICK_NANOS) {
                lateTicks.increment();
                quietUntil = now + QUIET_AFTER_STALL_NANOS;
            }
            if (now - quietUntil < 0 || !capture.isCaughtUp()) {
                return;
            }
            detectorFeed.check(now);
        } catch (RuntimeException e) {
            log.error("failure detector check failed", e);
        }
    }

    private long lastIdleSweep;

    private void housekeeping() {
        try {
            long now = clock.nanos();
            follower.expirePending();
            dispatcher.expireIdle();
            for (String backend : detector.backendsToProbe(now)) {
                prober.execute(() -> probe(backend));
            }
            if (now - lastIdleSweep > TimeUnit.SECONDS.toNanos(10)) {
                lastIdleSweep = now;
                store.closeIdle(IDLE_LOG_NANOS);
            }
        } catch (RuntimeException e) {
            log.error("logger housekeeping failed", e);
        }
    }

    /**
     * The low-rate probe of an idle backend (DESIGN §4.5): does one of its service ports accept a
     * connection? A backend serving several pools is alive if any of them answers: a dead host or NIC
     * fails them all, while a pool whose server is not running must not condemn the others.
     */
    private void probe(String backend) {
        int timeoutMs = (int) TimeUnit.NANOSECONDS.toMillis(settings.detector().ceilingNanos());
        boolean probed = false;
        for (Endpoint service : settings.network().backends()) {
            if (!service.ip().toString().equals(backend)) {
                continue;
            }
            probed = true;
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(backend, service.port()), timeoutMs);
                return;
            } catch (IOException e) {
                log.debug("probe of {} failed: {}", service, e.toString());
            }
        }
        if (probed) {
            detector.probeFailed(backend, clock.nanos()).ifPresent(s -> suspicions.add(s, clock.nanos()));
        }
    }

    private void routes() {
        http.route("GET", "/logger/counters", r -> counters());
        http.route("GET", "/logger/connections", r -> {
            List<Map<String, Object>> out = new ArrayList<>();
            List<LoggedConnection> conns = r.param("backend").map(store::byBackend).orElseGet(store::connections);
            for (LoggedConnection c : conns) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("client", c.key().client());
                m.put("backend", c.backend());
                m.put("protocol", c.protocol().name());
                m.put("recoverable", c.isRecoverable());
                m.put("unrecoverableReason", c.unrecoverableReason());
                m.put("lastLoggedOrdinal", c.lastLoggedOrdinal());
                m.put("heldBytes", c.heldBytes());
                m.put("closeCause", c.closeCause() == null ? null : c.closeCause().name());
                out.add(m);
            }
            return out;
        });
        http.route("GET", "/logger/recovery", r -> {
            String backend = r.requiredParam("backend");
            return store.recoveryViews(backend);
        });
        http.route("GET", "/logger/suspicions", r -> suspicions.recent());
        // After a recovery (or a repair) the backend is watched afresh; until then it is reported once.
        http.route("POST", "/logger/suspicions/clear", r -> {
            detector.clear(r.requiredParam("backend"));
            return Map.of("cleared", r.requiredParam("backend"));
        });
        http.route("GET", "/logger/aux", r -> auxCache.viewsOf(transactionId(r.requiredParam("transaction"))));
        // A replayed transaction's aux request (the body, byte for byte) answered from the log, or why not.
        http.route("POST", "/logger/aux/replay", r -> {
            AuxLookup found = auxCache.lookup(transactionId(r.requiredParam("transaction")), r.body());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("outcome", found.outcome().name());
            m.put("reason", found.reason());
            m.put("response", found.response().map(b -> Base64.getEncoder().encodeToString(b)).orElse(null));
            return m;
        });
        http.route("GET", "/logger/timeouts", r -> {
            Map<String, Map<String, Map<String, Double>>> out = new LinkedHashMap<>();
            detector.timeouts().forEach((backend, kinds) -> {
                Map<String, Map<String, Double>> k = new LinkedHashMap<>();
                kinds.forEach((kind, t) -> k.put(kind, Map.of("firstByteMs", t[0] / 1e6, "transferMs", t[1] / 1e6)));
                out.put(backend, k);
            });
            return out;
        });
    }

    /** A transaction id as the aux tags write it (16 hex digits) or as a decimal number. */
    private static long transactionId(String text) throws HttpError {
        try {
            return text.length() == 16 ? Long.parseUnsignedLong(text, 16) : Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("transaction", "\"" + text + "\" is neither 16 hex digits nor a decimal id");
        }
    }

    /** Every counter of the node, for {@code GET /logger/counters}. */
    public Map<String, Object> counters() throws HttpError {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("capture", capture.counters());
        c.put("decoder", decoder.counters());
        c.put("follower", follower.counters());
        c.put("log", store.counters());
        c.put("aux", auxCache.counters().asMap());
        c.put("controller", controller.counters());
        c.put("suspicions", suspicions.total());
        c.put("detectorLateTicks", lateTicks.sum());
        if (notifier instanceof HttpResponseLoggedNotifier) {
            c.put("agentNotifications", ((HttpResponseLoggedNotifier) notifier).counters());
        }
        c.put("restRouteFailures", http.routeFailures());
        return c;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        prober.shutdownNow();
        controller.close();
        capture.close();
        http.close();
        notifier.close();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
