package org.resplice.controller.runtime;

import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreService;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.core.IdGenerator;
import org.onosproject.core.Version;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Application ids for the apps this runtime hosts. */
public final class RuntimeCoreService implements CoreService {

    /** The ONOS API version the app is built against. */
    private static final Version VERSION = Version.version("2.7.0");

    private final Map<String, ApplicationId> byName = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);

    @Override
    public Version version() {
        return VERSION;
    }

    @Override
    public Set<ApplicationId> getAppIds() {
        return Set.copyOf(byName.values());
    }

    @Override
    public ApplicationId getAppId(Short id) {
        return byName.values().stream().filter(a -> a.id() == id).findFirst().orElse(null);
    }

    @Override
    public ApplicationId getAppId(String name) {
        return byName.get(name);
    }

    @Override
    public ApplicationId registerApplication(String name) {
        return byName.computeIfAbsent(name, n -> new DefaultApplicationId(nextId.getAndIncrement(), n));
    }

    @Override
    public ApplicationId registerApplication(String name, Runnable preDeactivate) {
        throw new UnsupportedOperationException("pre-deactivate hooks are not supported by the embedded runtime");
    }

    @Override
    public IdGenerator getIdGenerator(String topic) {
        throw new UnsupportedOperationException("id generators are not supported by the embedded runtime");
    }
}
