package org.resplice.controller.runtime;

import org.onosproject.event.Event;
import org.onosproject.event.EventListener;
import org.onosproject.event.ListenerRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.onlab.util.Tools.groupedThreads;

/**
 * Delivers every event of every service on one thread, in the order posted, as ONOS's core
 * event dispatcher does; a listener that throws is logged by {@link ListenerRegistry} and
 * does not stop delivery to the others.
 */
public final class EventDispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);

    private final ExecutorService executor =
            Executors.newSingleThreadExecutor(groupedThreads("resplice/runtime", "events", log));

    public <E extends Event<?, ?>, L extends EventListener<E>> void post(ListenerRegistry<E, L> registry, E event) {
        executor.execute(() -> registry.process(event));
    }

    /** Runs {@code task} after every event posted before it has been delivered. */
    public void execute(Runnable task) {
        executor.execute(task);
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
