package org.resplice.controller.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.event.ListenerRegistry;
import org.onosproject.net.config.Config;
import org.onosproject.net.config.ConfigFactory;
import org.onosproject.net.config.InvalidFieldException;
import org.onosproject.net.config.NetworkConfigEvent;
import org.onosproject.net.config.NetworkConfigListener;
import org.onosproject.net.config.NetworkConfigRegistry;
import org.onosproject.net.config.SubjectFactory;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Network configuration in the ONOS netcfg JSON format ({"apps": {...}, "hosts": {...}, "devices": {...}}),
 * loaded from the runtime's config file. Config objects are made by the factories the app and the
 * runtime register, exactly as in ONOS; JSON for a key nobody registered is an error at
 * {@link #validate(boolean)}, not something silently ignored.
 */
public final class RuntimeNetworkConfigRegistry implements NetworkConfigRegistry {

    private final ObjectMapper mapper = new ObjectMapper();
    private final EventDispatcher dispatcher;
    private final ListenerRegistry<NetworkConfigEvent, NetworkConfigListener> listeners = new ListenerRegistry<>();

    /** subjectClassKey → subjectKey → configKey → JSON. */
    private final Map<String, Map<String, Map<String, JsonNode>>> json = new ConcurrentHashMap<>();
    private final Map<Class<?>, ConfigFactory> factoriesByConfigClass = new ConcurrentHashMap<>();

    public RuntimeNetworkConfigRegistry(EventDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** Loads a whole netcfg document; {@code source} names it in error messages. */
    public void load(JsonNode root, String source) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": must be a JSON object with \"apps\", \"hosts\" and \"devices\"");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> subjects = it.next();
            String classKey = subjects.getKey();
            if (!Set.of("apps", "hosts", "devices").contains(classKey)) {
                throw new IllegalArgumentException(source + ": unknown section \"" + classKey
                        + "\"; the embedded runtime reads \"apps\", \"hosts\" and \"devices\"");
            }
            if (!subjects.getValue().isObject()) {
                throw new IllegalArgumentException(source + ": \"" + classKey + "\" must be an object keyed by subject");
            }
            for (Iterator<Map.Entry<String, JsonNode>> s = subjects.getValue().fields(); s.hasNext(); ) {
                Map.Entry<String, JsonNode> subject = s.next();
                if (!subject.getValue().isObject()) {
                    throw new IllegalArgumentException(source + ": " + classKey + "." + subject.getKey()
                            + " must be an object keyed by config name");
                }
                for (Iterator<Map.Entry<String, JsonNode>> c = subject.getValue().fields(); c.hasNext(); ) {
                    Map.Entry<String, JsonNode> config = c.next();
                    json.computeIfAbsent(classKey, k -> new ConcurrentHashMap<>())
                            .computeIfAbsent(subject.getKey(), k -> new ConcurrentHashMap<>())
                            .put(config.getKey(), config.getValue());
                }
            }
        }
    }

    /**
     * Builds and validates every loaded config. Throws naming the full path of the first bad field,
     * e.g. {@code apps.org.resplice.app.resplice.vips[0].ip: must be an IPv4 address}.
     *
     * @param requireFactories whether JSON that no registered factory reads is an error; false
     *                         checks only what can be checked before the apps have registered theirs
     */
    public void validate(boolean requireFactories) {
        for (Map.Entry<String, Map<String, Map<String, JsonNode>>> byClass : json.entrySet()) {
            for (Map.Entry<String, Map<String, JsonNode>> bySubject : byClass.getValue().entrySet()) {
                for (Map.Entry<String, JsonNode> byKey : bySubject.getValue().entrySet()) {
                    String path = byClass.getKey() + "." + bySubject.getKey() + "." + byKey.getKey();
                    ConfigFactory factory = factoryFor(byClass.getKey(), byKey.getKey());
                    if (factory == null && !requireFactories) {
                        continue;
                    }
                    if (factory == null) {
                        throw new IllegalArgumentException(path + ": no application reads config \"" + byKey.getKey()
                                + "\" for " + byClass.getKey() + "; check the key's spelling");
                    }
                    Object subject;
                    try {
                        subject = factory.subjectFactory().createSubject(bySubject.getKey());
                    } catch (RuntimeException e) {
                        throw new IllegalArgumentException(path + ": bad subject \"" + bySubject.getKey() + "\": "
                                + e.getMessage(), e);
                    }
                    try {
                        if (!create(factory, subject, byKey.getValue()).isValid()) {
                            throw new IllegalArgumentException(path + ": invalid");
                        }
                    } catch (InvalidFieldException e) {
                        throw new IllegalArgumentException(path + "." + e.field() + ": " + e.reason(), e);
                    } catch (RuntimeException e) {
                        if (e instanceof IllegalArgumentException && e.getMessage() != null
                                && e.getMessage().startsWith(path)) {
                            throw e;
                        }
                        throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
                    }
                }
            }
        }
    }

    private ConfigFactory factoryFor(String classKey, String configKey) {
        for (ConfigFactory f : factoriesByConfigClass.values()) {
            if (f.subjectFactory().subjectClassKey().equals(classKey) && f.configKey().equals(configKey)) {
                return f;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private <S, C extends Config<S>> C create(ConfigFactory factory, S subject, JsonNode node) {
        C config = (C) factory.createConfig();
        config.init(subject, factory.configKey(), node, mapper, c -> { });
        return config;
    }

    @Override
    public void registerConfigFactory(ConfigFactory configFactory) {
        factoriesByConfigClass.put(configFactory.configClass(), configFactory);
        String classKey = configFactory.subjectFactory().subjectClassKey();
        json.getOrDefault(classKey, Map.of()).forEach((subjectKey, configs) -> {
            if (configs.containsKey(configFactory.configKey())) {
                Object subject = configFactory.subjectFactory().createSubject(subjectKey);
                dispatcher.post(listeners, new NetworkConfigEvent(NetworkConfigEvent.Type.CONFIG_ADDED,
                        subject, configFactory.configClass()));
            }
        });
    }

    @Override
    public void unregisterConfigFactory(ConfigFactory configFactory) {
        factoriesByConfigClass.remove(configFactory.configClass(), configFactory);
    }

    @Override
    public Set<ConfigFactory> getConfigFactories() {
        return Set.copyOf(factoriesByConfigClass.values());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S, C extends Config<S>> Set<ConfigFactory<S, C>> getConfigFactories(Class<S> subjectClass) {
        Set<ConfigFactory<S, C>> result = new LinkedHashSet<>();
        for (ConfigFactory f : factoriesByConfigClass.values()) {
            if (f.subjectFactory().subjectClass().equals(subjectClass)) {
                result.add(f);
            }
        }
        return result;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S, C extends Config<S>> ConfigFactory<S, C> getConfigFactory(Class<C> configClass) {
        return factoriesByConfigClass.get(configClass);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S, C extends Config<S>> Set<S> getSubjects(Class<S> subjectClass, Class<C> configClass) {
        ConfigFactory<S, C> factory = factoriesByConfigClass.get(configClass);
        if (factory == null || !factory.subjectFactory().subjectClass().equals(subjectClass)) {
            return Set.of();
        }
        Set<S> result = new LinkedHashSet<>();
        json.getOrDefault(factory.subjectFactory().subjectClassKey(), Map.of()).forEach((subjectKey, configs) -> {
            if (configs.containsKey(factory.configKey())) {
                result.add(factory.subjectFactory().createSubject(subjectKey));
            }
        });
        return result;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S, C extends Config<S>> C getConfig(S subject, Class<C> configClass) {
        ConfigFactory<S, C> factory = factoriesByConfigClass.get(configClass);
        if (factory == null || subject == null) {
            return null;
        }
        JsonNode node = configsOf(factory.subjectFactory(), subject).get(factory.configKey());
        return node == null ? null : create(factory, subject, node);
    }

    /**
     * The configs of one subject. Keys in the file need not be canonical ("00:00:00:00:00:0b/None"
     * names the same host as ONOS's "00:00:00:00:00:0B/None"), so a key that is not found as
     * written is looked up by the subject it denotes.
     */
    private <S> Map<String, JsonNode> configsOf(SubjectFactory<S> subjects, S subject) {
        Map<String, Map<String, JsonNode>> bySubject = json.getOrDefault(subjects.subjectClassKey(), Map.of());
        Map<String, JsonNode> configs = bySubject.get(subjects.subjectKey(subject));
        if (configs != null) {
            return configs;
        }
        for (Map.Entry<String, Map<String, JsonNode>> e : bySubject.entrySet()) {
            if (subject.equals(subjects.createSubject(e.getKey()))) {
                return e.getValue();
            }
        }
        return Map.of();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S, C extends Config<S>> C applyConfig(S subject, Class<C> configClass, JsonNode node) {
        ConfigFactory<S, C> factory = factoriesByConfigClass.get(configClass);
        if (factory == null) {
            throw new IllegalArgumentException("no factory registered for " + configClass.getSimpleName());
        }
        C config = create(factory, subject, node);
        config.isValid();
        Map<String, JsonNode> configs = json.computeIfAbsent(factory.subjectFactory().subjectClassKey(),
                k -> new ConcurrentHashMap<>()).computeIfAbsent(factory.subjectFactory().subjectKey(subject),
                k -> new ConcurrentHashMap<>());
        boolean existed = configs.put(factory.configKey(), node) != null;
        dispatcher.post(listeners, new NetworkConfigEvent(existed ? NetworkConfigEvent.Type.CONFIG_UPDATED
                : NetworkConfigEvent.Type.CONFIG_ADDED, subject, configClass));
        return config;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S, C extends Config<S>> void removeConfig(S subject, Class<C> configClass) {
        ConfigFactory<S, C> factory = factoriesByConfigClass.get(configClass);
        if (factory == null) {
            return;
        }
        Map<String, JsonNode> configs = json.getOrDefault(factory.subjectFactory().subjectClassKey(), Map.of())
                .get(factory.subjectFactory().subjectKey(subject));
        if (configs != null && configs.remove(factory.configKey()) != null) {
            dispatcher.post(listeners, new NetworkConfigEvent(NetworkConfigEvent.Type.CONFIG_REMOVED,
                    subject, configClass));
        }
    }

    /** The whole configuration as loaded, for diagnostics. */
    public ObjectNode toJson() {
        ObjectNode root = mapper.createObjectNode();
        json.forEach((classKey, subjects) -> {
            ObjectNode c = root.putObject(classKey);
            subjects.forEach((subjectKey, configs) -> {
                ObjectNode s = c.putObject(subjectKey);
                configs.forEach(s::set);
            });
        });
        return root;
    }

    @Override
    public void addListener(NetworkConfigListener listener) {
        listeners.addListener(listener);
    }

    @Override
    public void removeListener(NetworkConfigListener listener) {
        listeners.removeListener(listener);
    }

    // What the app does not use.

    @Override
    public Set<Class> getSubjectClasses() {
        throw unsupported("getSubjectClasses");
    }

    @Override
    public SubjectFactory getSubjectFactory(String subjectClassKey) {
        throw unsupported("getSubjectFactory");
    }

    @Override
    public SubjectFactory getSubjectFactory(Class subjectClass) {
        throw unsupported("getSubjectFactory");
    }

    @Override
    public Class<? extends Config> getConfigClass(String subjectClassKey, String configKey) {
        ConfigFactory f = factoryFor(subjectClassKey, configKey);
        return f == null ? null : f.configClass();
    }

    @Override
    public <S> Set<S> getSubjects(Class<S> subjectClass) {
        throw unsupported("getSubjects(Class)");
    }

    @Override
    public <S> Set<? extends Config<S>> getConfigs(S subject) {
        throw unsupported("getConfigs");
    }

    @Override
    public <S, C extends Config<S>> C addConfig(S subject, Class<C> configClass) {
        throw unsupported("addConfig");
    }

    @Override
    public <S, C extends Config<S>> C applyConfig(String subjectClassKey, S subject, String configKey, JsonNode node) {
        throw unsupported("applyConfig(String, ...)");
    }

    @Override
    public <S> void removeConfig(String subjectClassKey, S subject, String configKey) {
        throw unsupported("removeConfig(String, ...)");
    }

    @Override
    public <S> void removeConfig(S subject) {
        throw unsupported("removeConfig(subject)");
    }

    @Override
    public <S> void removeConfig() {
        throw unsupported("removeConfig()");
    }

    static UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException(what + " is not implemented by the embedded runtime; "
                + "the resplice app does not use it");
    }
}
