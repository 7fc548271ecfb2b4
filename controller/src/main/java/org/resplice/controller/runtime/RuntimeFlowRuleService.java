package org.resplice.controller.runtime;

import org.onosproject.core.ApplicationId;
import org.onosproject.event.ListenerRegistry;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.DefaultFlowEntry;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleEvent;
import org.onosproject.net.flow.FlowRuleListener;
import org.onosproject.net.flow.FlowRuleOperation;
import org.onosproject.net.flow.FlowRuleOperations;
import org.onosproject.net.flow.FlowRuleOperationsContext;
import org.onosproject.net.flow.FlowRuleService;
import org.onosproject.net.flow.TableStatisticsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFFlowRemovedReason;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.resplice.controller.openflow.FlowKey;
import org.resplice.controller.openflow.FlowRuleTranslator;
import org.resplice.controller.openflow.OpenFlowSwitch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The flow rules the apps want, kept per device, and their installation on the switches.
 *
 * <p>{@link #apply(FlowRuleOperations)} runs stage after stage; a stage is done when every switch it
 * touches has answered a barrier after the flow mods, and only then does the context hear success.
 * Reconciliation follows ONOS's flow manager: when a switch connects the runtime reads its table
 * first, so a rule the switch already holds (same table, priority, match and instructions) is adopted
 * rather than re-sent (the app re-applies its rules when the device becomes available); a periodic poll
 * then deletes entries no app wants and re-adds wanted ones the switch lost.
 */
public final class RuntimeFlowRuleService implements FlowRuleService {

    private static final Logger log = LoggerFactory.getLogger(RuntimeFlowRuleService.class);

    private static final RespliceExtensions EXTENSIONS = new RespliceExtensions();

    private final Function<DeviceId, Optional<OpenFlowSwitch>> switches;
    private final EventDispatcher dispatcher;
    private final ListenerRegistry<FlowRuleEvent, FlowRuleListener> listeners = new ListenerRegistry<>();

    /** What the apps want: device → rule → state. FlowRule equality is ONOS's (device, table, priority, selector). */
    private final Map<DeviceId, Map<FlowRule, StoredRule>> store = new ConcurrentHashMap<>();
    /**
     * The same rules by switch entry key: FLOW_REMOVED and the poll look rules up by what the switch
     * reports, once per message, so this must not cost a scan of every rule.
     */
    private final Map<DeviceId, Map<FlowKey, StoredRule>> byKey = new ConcurrentHashMap<>();
    /** Entries found on a switch when it connected that no rule has claimed yet. */
    private final Map<DeviceId, Map<FlowKey, OFFlowStatsEntry>> adoptable = new ConcurrentHashMap<>();

    private final LongAdder flowModsSent = new LongAdder();
    private final LongAdder rulesAdopted = new LongAdder();
    private final LongAdder extraneousRemoved = new LongAdder();
    private final LongAdder missingReinstalled = new LongAdder();
    private final LongAdder batchesFailed = new LongAdder();
    private final AtomicLong lastFailureLog = new AtomicLong(System.nanoTime() - 120_000_000_000L);
    private final LongAdder rulesExpired = new LongAdder();

    private static final class StoredRule {
        final FlowRule rule;
        /** What the switch's entry for this rule looks like: computed once, used on every lookup. */
        final FlowKey key;
        volatile FlowEntry.FlowEntryState state;

        StoredRule(FlowRule rule, FlowKey key, FlowEntry.FlowEntryState state) {
            this.rule = rule;
            this.key = key;
            this.state = state;
        }
    }

    public RuntimeFlowRuleService(Function<DeviceId, Optional<OpenFlowSwitch>> switches, EventDispatcher dispatcher) {
        this.switches = switches;
        this.dispatcher = dispatcher;
    }

    /**
     * Called with the switch's flow table before the device is announced as available. Entries that
     * match a rule an app wants are adopted; wanted rules the switch lacks are sent now; whatever is
     * left may still be claimed by an app re-applying its rules until the first poll.
     */
    public void switchConnected(OpenFlowSwitch sw, DeviceId device, List<OFFlowStatsEntry> entries) {
        Map<FlowKey, OFFlowStatsEntry> found = new ConcurrentHashMap<>();
        for (OFFlowStatsEntry e : entries) {
            found.put(FlowKey.of(e), e);
        }
        List<OFMessage> missing = new ArrayList<>();
        for (StoredRule s : store.getOrDefault(device, Map.of()).values()) {
            OFFlowMod mod = flowAdd(sw, s.rule);
            OFFlowStatsEntry existing = found.remove(FlowKey.of(mod));
            if (existing != null && FlowKey.sameInstructions(existing, mod)) {
                rulesAdopted.increment();
            } else {
                missing.add(mod);
            }
        }
        adoptable.put(device, found);
        if (!missing.isEmpty()) {
            log.info("{}: re-sending {} rules the switch lost", device, missing.size());
            missingReinstalled.add(missing.size());
            flowModsSent.add(missing.size());
            sw.sendWithBarrier(missing).whenComplete((v, e) -> {
                if (e != null) {
                    log.warn("{}: re-sending rules failed ({}); the next poll retries", device, rootMessage(e));
                }
            });
        }
    }

    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("flowModsSent", flowModsSent.sum());
        c.put("rulesAdopted", rulesAdopted.sum());
        c.put("extraneousRemoved", extraneousRemoved.sum());
        c.put("missingReinstalled", missingReinstalled.sum());
        c.put("batchesFailed", batchesFailed.sum());
        c.put("rulesExpired", rulesExpired.sum());
        c.put("rulesStored", (long) getFlowRuleCount());
        return c;
    }

    @Override
    public void apply(FlowRuleOperations ops) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (Set<FlowRuleOperation> stage : ops.stages()) {
            chain = chain.thenCompose(v -> applyStage(stage));
        }
        chain.whenComplete((v, error) -> {
            FlowRuleOperationsContext context = ops.callback();
            if (error == null) {
                if (context != null) {
                    context.onSuccess(ops);
                }
            } else {
                batchesFailed.increment();
                // Counted always; logged at WARN once a minute at most, so a failing switch cannot flood the log.
                long now = System.nanoTime();
                long last = lastFailureLog.get();
                if (now - last > 60_000_000_000L && lastFailureLog.compareAndSet(last, now)) {
                    log.warn("Flow rule batch failed ({} so far): {}", batchesFailed.sum(), rootMessage(error));
                } else {
                    log.debug("Flow rule batch failed: {}", rootMessage(error));
                }
                if (context != null) {
                    context.onError(ops);
                }
            }
        });
    }

    private CompletableFuture<Void> applyStage(Set<FlowRuleOperation> stage) {
        Map<DeviceId, List<FlowRuleOperation>> byDevice = stage.stream()
                .collect(Collectors.groupingBy(op -> op.rule().deviceId()));
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (Map.Entry<DeviceId, List<FlowRuleOperation>> e : byDevice.entrySet()) {
            done.add(applyOnDevice(e.getKey(), e.getValue()));
        }
        return CompletableFuture.allOf(done.toArray(new CompletableFuture[0]));
    }

    private CompletableFuture<Void> applyOnDevice(DeviceId device, List<FlowRuleOperation> ops) {
        Optional<OpenFlowSwitch> sw = switches.apply(device);
        if (sw.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException(device + " is not connected"));
        }
        Map<FlowRule, StoredRule> rules = store.computeIfAbsent(device, d -> new ConcurrentHashMap<>());
        Map<FlowKey, OFFlowStatsEntry> found = adoptable.get(device);
        List<OFMessage> msgs = new ArrayList<>();
        List<StoredRule> added = new ArrayList<>();
        List<FlowRule> removed = new ArrayList<>();
        try {
            for (FlowRuleOperation op : ops) {
                FlowRule rule = op.rule();
                switch (op.type()) {
                    case ADD:
                    case MODIFY: {
                        OFFlowMod mod = flowAdd(sw.get(), rule);
                        StoredRule previous = rules.get(rule);
                        if (previous != null && previous.rule.exactMatch(rule)) {
                            // Already wanted: reconnects and polls keep it installed; sending it
                            // again would only reset its counters.
                            break;
                        }
                        StoredRule stored = new StoredRule(rule, FlowKey.of(mod), FlowEntry.FlowEntryState.PENDING_ADD);
                        rules.put(rule, stored);
                        keys(device).put(stored.key, stored);
                        added.add(stored);
                        OFFlowStatsEntry existing = found == null ? null : found.remove(FlowKey.of(mod));
                        if (existing != null && FlowKey.sameInstructions(existing, mod)) {
                            rulesAdopted.increment(); // the switch kept it while we were away
                        } else {
                            msgs.add(mod);
                        }
                        break;
                    }
                    case REMOVE: {
                        OFFlowMod mod = FlowRuleTranslator.toFlowDeleteStrict(sw.get().factory(), rule);
                        if (found != null) {
                            found.remove(FlowKey.of(mod));
                        }
                        StoredRule stored = rules.remove(rule);
                        if (stored != null) {
                            keys(device).remove(stored.key, stored);
                            stored.state = FlowEntry.FlowEntryState.PENDING_REMOVE;
                            removed.add(stored.rule);
                        }
                        msgs.add(mod);
                        break;
                    }
                    default:
                        throw new IllegalArgumentException("unknown flow rule operation " + op.type());
                }
            }
        } catch (IllegalArgumentException e) {
            added.forEach(s -> forget(device, s));
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> sent = msgs.isEmpty() ? CompletableFuture.completedFuture(null)
                : sw.get().sendWithBarrier(msgs);
        flowModsSent.add(msgs.size());
        return sent.whenComplete((v, error) -> {
            if (error != null) {
                // The switch refused part of the batch: nothing of it is considered installed.
                added.forEach(s -> forget(device, s));
                return;
            }
            for (StoredRule s : added) {
                if (rules.get(s.rule) == s) {
                    s.state = FlowEntry.FlowEntryState.ADDED;
                    dispatcher.post(listeners, new FlowRuleEvent(FlowRuleEvent.Type.RULE_ADDED, s.rule));
                }
            }
            for (FlowRule r : removed) {
                dispatcher.post(listeners, new FlowRuleEvent(FlowRuleEvent.Type.RULE_REMOVED, r));
            }
        });
    }

    /**
     * One reconciliation pass for a switch from its current table: delete what no app wants,
     * re-add what an app wants and the switch lost.
     */
    public CompletableFuture<Void> reconcile(OpenFlowSwitch sw, DeviceId device, List<OFFlowStatsEntry> entries) {
        adoptable.remove(device);
        Map<FlowKey, OFFlowStatsEntry> onSwitch = new HashMap<>();
        for (OFFlowStatsEntry e : entries) {
            onSwitch.put(FlowKey.of(e), e);
        }
        Map<FlowKey, StoredRule> wanted = byKey.getOrDefault(device, Map.of());
        List<OFMessage> msgs = new ArrayList<>();
        for (Map.Entry<FlowKey, OFFlowStatsEntry> e : onSwitch.entrySet()) {
            if (!wanted.containsKey(e.getKey())) {
                msgs.add(FlowRuleTranslator.toFlowDeleteStrict(sw.factory(), e.getValue()));
                extraneousRemoved.increment();
            }
        }
        for (Map.Entry<FlowKey, StoredRule> e : wanted.entrySet()) {
            if (e.getValue().state == FlowEntry.FlowEntryState.ADDED && !onSwitch.containsKey(e.getKey())) {
                msgs.add(flowAdd(sw, e.getValue().rule));
                missingReinstalled.increment();
            }
        }
        if (msgs.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        log.info("{}: reconciling {} flow entries", device, msgs.size());
        flowModsSent.add(msgs.size());
        return sw.sendWithBarrier(msgs);
    }

    /** A switch removed an entry: timeouts end the rule; a delete by someone else is undone by the next poll. */
    public void flowRemoved(DeviceId device, OFFlowRemoved removed) {
        OFFlowRemovedReason reason = removed.getReason();
        if (reason != OFFlowRemovedReason.IDLE_TIMEOUT && reason != OFFlowRemovedReason.HARD_TIMEOUT) {
            return;
        }
        StoredRule s = byKey.getOrDefault(device, Map.of()).get(FlowKey.of(removed));
        if (s != null && forget(device, s)) {
            rulesExpired.increment();
            dispatcher.post(listeners, new FlowRuleEvent(FlowRuleEvent.Type.RULE_REMOVED, s.rule));
        }
    }

    private Map<FlowKey, StoredRule> keys(DeviceId device) {
        return byKey.computeIfAbsent(device, d -> new ConcurrentHashMap<>());
    }

    /** Drops a stored rule from both indexes; false if it was no longer there. */
    private boolean forget(DeviceId device, StoredRule s) {
        keys(device).remove(s.key, s);
        return store.getOrDefault(device, Map.of()).remove(s.rule, s);
    }

    @Override
    public void applyFlowRules(FlowRule... flowRules) {
        FlowRuleOperations.Builder ops = FlowRuleOperations.builder();
        for (FlowRule r : flowRules) {
            ops.add(r);
        }
        apply(ops.build());
    }

    @Override
    public void removeFlowRules(FlowRule... flowRules) {
        FlowRuleOperations.Builder ops = FlowRuleOperations.builder();
        for (FlowRule r : flowRules) {
            ops.remove(r);
        }
        apply(ops.build());
    }

    @Override
    public void removeFlowRulesById(ApplicationId appId) {
        List<FlowRule> mine = new ArrayList<>();
        for (Map<FlowRule, StoredRule> rules : store.values()) {
            for (StoredRule s : rules.values()) {
                if (s.rule.appId() == appId.id()) {
                    mine.add(s.rule);
                }
            }
        }
        // Rules of a disconnected switch cannot be deleted there; forget them so a reconnect purges them.
        List<FlowRule> reachable = new ArrayList<>();
        for (FlowRule r : mine) {
            if (switches.apply(r.deviceId()).isPresent()) {
                reachable.add(r);
            } else {
                StoredRule gone = store.getOrDefault(r.deviceId(), Map.of()).get(r);
                if (gone != null) {
                    forget(r.deviceId(), gone);
                }
            }
        }
        if (!reachable.isEmpty()) {
            removeFlowRules(reachable.toArray(new FlowRule[0]));
        }
    }

    @Override
    public Iterable<FlowEntry> getFlowEntriesById(ApplicationId id) {
        List<FlowEntry> result = new ArrayList<>();
        for (Map<FlowRule, StoredRule> rules : store.values()) {
            for (StoredRule s : rules.values()) {
                if (s.rule.appId() == id.id()) {
                    result.add(new DefaultFlowEntry(s.rule, s.state));
                }
            }
        }
        return result;
    }

    @Override
    public int getFlowRuleCount() {
        return store.values().stream().mapToInt(Map::size).sum();
    }

    @Override
    public int getFlowRuleCount(DeviceId deviceId) {
        return store.getOrDefault(deviceId, Map.of()).size();
    }

    @Override
    public FlowEntry getFlowEntry(FlowRule rule) {
        StoredRule s = store.getOrDefault(rule.deviceId(), Map.of()).get(rule);
        return s == null ? null : new DefaultFlowEntry(s.rule, s.state);
    }

    @Override
    public Iterable<FlowEntry> getFlowEntries(DeviceId deviceId) {
        return store.getOrDefault(deviceId, Map.of()).values().stream()
                .map(s -> (FlowEntry) new DefaultFlowEntry(s.rule, s.state))
                .collect(Collectors.toList());
    }

    @Override
    public void purgeFlowRules(DeviceId deviceId) {
        store.remove(deviceId);
        byKey.remove(deviceId);
    }

    @Override
    public Iterable<FlowRule> getFlowRulesByGroupId(ApplicationId appId, short groupId) {
        throw RuntimeNetworkConfigRegistry.unsupported("getFlowRulesByGroupId");
    }

    @Override
    public Iterable<TableStatisticsEntry> getFlowTableStatistics(DeviceId deviceId) {
        throw RuntimeNetworkConfigRegistry.unsupported("getFlowTableStatistics");
    }

    @Override
    public void addListener(FlowRuleListener listener) {
        listeners.addListener(listener);
    }

    @Override
    public void removeListener(FlowRuleListener listener) {
        listeners.removeListener(listener);
    }

    /** The flow mod that installs {@code rule}, with the app's extension actions encoded. */
    private static OFFlowMod flowAdd(OpenFlowSwitch sw, FlowRule rule) {
        return FlowRuleTranslator.toFlowAdd(sw.factory(), rule, EXTENSIONS);
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.toString();
    }
}
