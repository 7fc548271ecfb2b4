package org.resplice.loggernode.capture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapHandle.TimestampPrecision;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.Pcaps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures the logger's mirror interface with pcap4j and hands every frame to a {@link FrameHandler}.
 *
 * <p>Two threads. The capture thread sits in {@code pcap_loop} ({@link PcapHandle#loop(int,
 * org.pcap4j.core.RawPacketListener)}); its callback only puts the frame on a bounded queue, and
 * counts an overflow instead of waiting when the queue is full, because a callback that blocks makes
 * the kernel drop frames for every connection, not only for the slow one (design §5: a lean
 * {@code loop()} callback kept up with 600 Mbit/s here, a {@code getNextRawPacket()} loop did not).
 * The parse thread takes frames off the queue, calls the handler, and reads libpcap's drop counters
 * every {@link CaptureConfig#statsInterval()}.
 *
 * <p>pcap4j copies each frame out of libpcap's ring into a fresh array before the callback runs, so
 * the callback queues that array as it is: copying it again into a pooled buffer would cost a copy and
 * save no allocation. The queue is bounded in frames and in bytes.
 *
 * <p>Life cycle: {@link #openLive} or {@link #openOffline}, then {@link #start()}, then {@link #stop()}
 * (idempotent; also {@link #close()}). A capture is started at most once.
 */
public final class MirrorCapture implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MirrorCapture.class);
    /** How long the parse thread waits for a frame before it looks at the clock and the end flag. */
    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final PcapHandle handle;
    private final String source;
    private final boolean live;
    private final FrameHandler handler;
    private final ArrayBlockingQueue<CapturedFrame> queue;
    private final long queueBytesLimit;
    private final long statsIntervalNanos;
    private final Duration readTimeout;

    private final AtomicLong queuedBytes = new AtomicLong();
    private volatile boolean delivering;
    // Written by one thread each (capture thread, parse thread, stats reader), read by counters().
    private volatile long framesCaptured;
    private volatile long bytesCaptured;
    private volatile long queueOverflows;
    private volatile long framesDelivered;
    private volatile long kernelReceived;
    private volatile long kernelDrops;
    private volatile long interfaceDrops;

    /** Guards the handle against being closed while the stats reader uses it. */
    private final Object handleLock = new Object();
    private boolean handleClosed;

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile boolean loopEnded;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final FailureLog handlerFailures;
    private final FailureLog statsFailures;
    private Thread captureThread;
    private Thread parseThread;

    private MirrorCapture(PcapHandle handle, String source, boolean live, FrameHandler handler, int queueFrames,
            long queueBytes, Duration statsInterval, Duration readTimeout) {
        this.handle = handle;
        this.source = source;
        this.live = live;
        this.handler = handler;
        this.queue = new ArrayBlockingQueue<>(queueFrames);
        this.queueBytesLimit = queueBytes;
        this.statsIntervalNanos = statsInterval.toNanos();
        this.readTimeout = readTimeout;
        this.handlerFailures = new FailureLog(LOG, "frame handler on capture " + source);
        this.statsFailures = new FailureLog(LOG, "libpcap statistics of " + source);
    }

    /**
     * Opens a live interface: promiscuous, {@code snaplen}, kernel buffer of {@code bufferBytes},
     * immediate mode off (libpcap delivers in batches, which is cheaper per frame), the read timeout,
     * nanosecond timestamps where libpcap offers them, and the BPF filter.
     *
     * @throws CaptureException naming the device or the filter if libpcap refuses
     */
    public static MirrorCapture openLive(CaptureConfig config, FrameHandler handler) throws CaptureException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(handler, "handler");
        PcapHandle handle = buildLive(config);
        setFilter(handle, config.filter());
        return new MirrorCapture(handle, config.device(), true, handler, config.queueFrames(), config.queueBytes(),
                config.statsInterval(), config.readTimeout());
    }

    /**
     * Opens a pcap file (microsecond or nanosecond format) and runs it through the same callback,
     * queue and parse thread as a live capture; used by tests and to replay recorded traffic.
     *
     * @param filter BPF expression, or null for every frame
     * @throws CaptureException naming the file or the filter if libpcap refuses
     */
    public static MirrorCapture openOffline(Path file, String filter, int queueFrames, long queueBytes,
            FrameHandler handler) throws CaptureException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(handler, "handler");
        if (queueFrames < 1 || queueBytes < 1) {
            throw new IllegalArgumentException("queueFrames and queueBytes must be positive, not " + queueFrames
                    + " and " + queueBytes);
        }
        if (!Files.isReadable(file)) {
            throw new CaptureException("pcap file " + file + " does not exist or is not readable", null);
        }
        PcapHandle handle;
        try {
            handle = Pcaps.openOffline(file.toString(), TimestampPrecision.NANO);
        } catch (PcapNativeException e) {
            throw new CaptureException("pcap file " + file + ": " + e.getMessage(), e);
        }
        if (filter != null) {
            setFilter(handle, filter);
        }
        return new MirrorCapture(handle, file.toString(), false, handler, queueFrames, queueBytes,
                Duration.ofSeconds(1), Duration.ZERO);
    }

    private static PcapHandle buildLive(CaptureConfig c) throws CaptureException {
        PcapNativeException nanoFailure;
        try {
            return builder(c).timestampPrecision(TimestampPrecision.NANO).build();
        } catch (PcapNativeException e) {
            nanoFailure = e;
        }
        // Some devices offer only microsecond timestamps; they are good enough for the detector.
        try {
            PcapHandle h = builder(c).build();
            LOG.info("capture {}: no nanosecond timestamps ({}), using microseconds", c.device(),
                    nanoFailure.getMessage());
            return h;
        } catch (PcapNativeException e) {
            throw new CaptureException("device " + c.device() + ": " + e.getMessage()
                    + "; check that the interface exists and is up and that the logger runs as root"
                    + " or with CAP_NET_RAW", e);
        }
    }

    private static PcapHandle.Builder builder(CaptureConfig c) {
        return new PcapHandle.Builder(c.device())
                .promiscuousMode(PromiscuousMode.PROMISCUOUS)
                .snaplen(c.snaplen())
                .bufferSize(c.bufferBytes())
                .timeoutMillis((int) c.readTimeout().toMillis())
                .immediateMode(false);
    }

    private static void setFilter(PcapHandle handle, String filter) throws CaptureException {
        try {
            handle.setFilter(filter, BpfCompileMode.OPTIMIZE);
        } catch (PcapNativeException | NotOpenException e) {
            handle.close();
            throw new CaptureException("filter \"" + filter + "\": " + e.getMessage()
                    + "; build it with CaptureFilter", e);
        }
    }

    /** Starts the capture and parse threads. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("capture " + source + " was already started");
        }
        if (stopping.get()) {
            throw new IllegalStateException("capture " + source + " was stopped before it started");
        }
        parseThread = new Thread(this::parseLoop, "capture-parse-" + source);
        captureThread = new Thread(this::captureLoop, "capture-" + source);
        parseThread.setDaemon(true);
        captureThread.setDaemon(true);
        parseThread.start();
        captureThread.start();
    }

    /**
     * Waits until the capture loop has ended (end of file, {@link #stop()}, or a libpcap error) and
     * every queued frame was handled.
     *
     * @return false if that did not happen within {@code timeout}
     */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Breaks the capture loop, lets the parse thread hand over the frames already queued, and closes
     * the handle. Idempotent; returns when both threads have ended (or after a bounded wait, logged).
     */
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            joinQuietly();
            return;
        }
        if (!started.get()) {
            closeHandle();
            finished.countDown();
            return;
        }
        synchronized (handleLock) {
            if (!handleClosed) {
                try {
                    handle.breakLoop();
                } catch (NotOpenException e) {
                    LOG.debug("capture {} closed before breakLoop", source, e);
                }
            }
        }
        joinQuietly();
    }

    @Override
    public void close() {
        stop();
    }

    private void joinQuietly() {
        if (captureThread == null) {
            return;
        }
        try {
            captureThread.join(readTimeout.multipliedBy(2).plusSeconds(2).toMillis());
            if (captureThread.isAlive()) {
                LOG.error("capture {}: pcap loop did not end within {} of breakLoop", source,
                        readTimeout.multipliedBy(2).plusSeconds(2));
            }
            if (!finished.await(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.error("capture {}: the frame handler did not drain {} queued frames within {}; interrupting",
                        source, queue.size(), DRAIN_TIMEOUT);
                parseThread.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A snapshot of the counters. */
    public CaptureCounters counters() {
        return new CaptureCounters(framesCaptured, bytesCaptured, framesDelivered, queueOverflows, kernelReceived,
                kernelDrops, interfaceDrops, handlerFailures.failures());
    }

    /** The device or file this capture reads. */
    public String source() {
        return source;
    }

    // ---- capture thread ----

    private void captureLoop() {
        try {
            if (!stopping.get()) {
                handle.loop(-1, this::onPacket);
            }
        } catch (InterruptedException e) {
            // pcap4j reports pcap_breakloop() as InterruptedException; it is how stop() ends the loop,
            // not an interrupt of this thread.
            LOG.debug("capture {}: loop broken", source);
        } catch (PcapNativeException | NotOpenException | RuntimeException e) {
            LOG.error("capture {} ended by an error; nothing more is captured", source, e);
        } finally {
            readStats();
            closeHandle();
            loopEnded = true;
        }
    }

    /** The pcap callback: count, queue or count as overflow; never blocks. */
    private void onPacket(byte[] frame) {
        Timestamp ts = handle.getTimestamp();
        Integer wire = handle.getOriginalLength();
        framesCaptured = framesCaptured + 1;
        bytesCaptured = bytesCaptured + frame.length;
        if (queuedBytes.addAndGet(frame.length) > queueBytesLimit) {
            queuedBytes.addAndGet(-frame.length);
            queueOverflows = queueOverflows + 1;
            return;
        }
        long nanos = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
        if (!queue.offer(new CapturedFrame(nanos, frame, wire == null ? frame.length : wire, queueOverflows))) {
            queuedBytes.addAndGet(-frame.length);
            queueOverflows = queueOverflows + 1;
        }
    }

    private void closeHandle() {
        synchronized (handleLock) {
            if (!handleClosed) {
                handleClosed = true;
                handle.close();
            }
        }
    }

    // ---- parse thread ----

    private void parseLoop() {
        long queueLossReported = 0;
        long kernelLossReported = 0;
        long interfaceLossReported = 0;
        long nextStats = System.nanoTime() + statsIntervalNanos;
        try {
            while (true) {
                CapturedFrame f = queue.poll(IDLE_POLL_NANOS, TimeUnit.NANOSECONDS);
                if (f != null) {
                    queuedBytes.addAndGet(-f.frame.length);
                    if (f.overflowsBefore > queueLossReported) {
                        lost(f.overflowsBefore - queueLossReported, "queue");
                        queueLossReported = f.overflowsBefore;
                    }
                    deliver(f);
                } else if (loopEnded && queue.isEmpty()) {
                    break;
                }
                if (live && System.nanoTime() - nextStats >= 0) {
                    readStats();
                    nextStats = System.nanoTime() + statsIntervalNanos;
                }
                long kd = kernelDrops;
                if (kd > kernelLossReported) {
                    lost(kd - kernelLossReported, "kernel");
                    kernelLossReported = kd;
                }
                long id = interfaceDrops;
                if (id > interfaceLossReported) {
                    lost(id - interfaceLossReported, "interface");
                    interfaceLossReported = id;
                }
            }
            long qo = queueOverflows;
            if (qo > queueLossReported) {
                lost(qo - queueLossReported, "queue");
            }
        } catch (InterruptedException e) {
            LOG.error("capture {}: parse thread interrupted with {} frames queued; they are lost", source,
                    queue.size());
            Thread.currentThread().interrupt();
        } finally {
            finished.countDown();
        }
    }

    private void deliver(CapturedFrame f) {
        delivering = true;
        try {
            handler.frame(f.timestampNanos, f.frame, f.wireLength);
        } catch (RuntimeException e) {
            // One bad frame or handler bug must not stop the capture of every other connection.
            handlerFailures.failed(e.getClass().getName() + ": " + e.getMessage(), e);
        }
        framesDelivered = framesDelivered + 1;
        delivering = false;
    }

    /**
     * Whether every frame libpcap has handed over is parsed: nothing queued, nothing in the handler.
     * A failure detector judges a response missing only then; otherwise it may be waiting here.
     * (Frames still in the kernel's ring are not counted: the read timeout bounds how long they wait.)
     */
    public boolean isCaughtUp() {
        return queue.isEmpty() && !delivering;
    }

    private void lost(long count, String cause) {
        try {
            handler.framesLost(count, cause);
        } catch (RuntimeException e) {
            handlerFailures.failed("framesLost: " + e.getClass().getName() + ": " + e.getMessage(), e);
        }
    }

    /** Reads libpcap's counters (live captures only; a pcap file has none). */
    private void readStats() {
        if (!live) {
            return;
        }
        synchronized (handleLock) {
            if (handleClosed) {
                return;
            }
            try {
                PcapStat s = handle.getStats();
                kernelReceived = s.getNumPacketsReceived();
                kernelDrops = s.getNumPacketsDropped();
                interfaceDrops = s.getNumPacketsDroppedByIf();
                statsFailures.succeeded();
            } catch (PcapNativeException | NotOpenException e) {
                statsFailures.failed(e.getMessage(), e);
            }
        }
    }

    /** One queued frame and the queue-overflow count when it was queued (to place losses in order). */
    private static final class CapturedFrame {
        final long timestampNanos;
        final byte[] frame;
        final int wireLength;
        final long overflowsBefore;

        CapturedFrame(long timestampNanos, byte[] frame, int wireLength, long overflowsBefore) {
            this.timestampNanos = timestampNanos;
            this.frame = frame;
            this.wireLength = wireLength;
            this.overflowsBefore = overflowsBefore;
        }
    }
}
