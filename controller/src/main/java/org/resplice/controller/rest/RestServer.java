package org.resplice.controller.rest;

import com.sun.net.httpserver.HttpServer;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.onlab.osgi.ServiceDirectory;
import org.onlab.rest.BaseResource;

import javax.ws.rs.core.Application;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * Serves the app's JAX-RS application (the same classes ONOS would load from the bundle's web.xml)
 * under {@code http://host:port/resplice/}, behind {@link TokenAuthFilter}.
 */
public final class RestServer implements AutoCloseable {

    public static final String CONTEXT = "/resplice";

    private final HttpServer server;

    public RestServer(InetSocketAddress bind, Application application, ServiceDirectory services,
                      TokenAuthFilter auth, Class<?>... runtimeResources) {
        useServiceDirectory(services);
        ResourceConfig config = ResourceConfig.forApplication(application);
        config.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        config.register(auth);
        for (Class<?> c : runtimeResources) {
            config.register(c);
        }
        URI base = URI.create("http://" + bind.getHostString() + ":" + bind.getPort() + CONTEXT + "/");
        server = JdkHttpServerFactory.createHttpServer(base, config, false);
    }

    public void start() {
        server.start();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /**
     * ONOS resources find services through a static directory that, under OSGi, asks the framework.
     * Outside OSGi the runtime puts its own directory there; onlab-rest has no setter for it.
     */
    private static void useServiceDirectory(ServiceDirectory services) {
        try {
            Field f = BaseResource.class.getDeclaredField("services");
            f.setAccessible(true);
            f.set(null, services);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot install the service directory into onlab-rest "
                    + "(has BaseResource changed?)", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
