package org.resplice.controller.runtime;

import org.onlab.osgi.ServiceDirectory;
import org.onlab.osgi.ServiceNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A very small Declarative Services runtime: it reads the component descriptors that bnd wrote into
 * the app bundle ({@code OSGI-INF/<class>.xml}, from the {@code @Component}, {@code @Reference},
 * {@code @Activate} annotations, which are not visible at run time), injects the referenced services
 * into the component's fields, calls its activate method, and publishes the services it provides.
 * Components are activated in the order given and deactivated in reverse.
 */
public final class ComponentHost implements ServiceDirectory, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ComponentHost.class);

    private final Map<Class<?>, Object> services = new ConcurrentHashMap<>();
    private final Deque<Active> active = new ArrayDeque<>();

    private static final class Active {
        final Object instance;
        final Descriptor descriptor;

        Active(Object instance, Descriptor descriptor) {
            this.instance = instance;
            this.descriptor = descriptor;
        }
    }

    /** What one OSGI-INF component descriptor says. */
    static final class Descriptor {
        String implementation;
        String activate;
        String deactivate;
        final List<String> provides = new ArrayList<>();
        final List<String[]> references = new ArrayList<>(); // {field, interface, cardinality}
    }

    public <T> void register(Class<T> type, T implementation) {
        services.put(type, implementation);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Class<T> serviceClass) {
        T service = (T) services.get(serviceClass);
        if (service == null) {
            throw new ServiceNotFoundException("the embedded runtime has no " + serviceClass.getName());
        }
        return service;
    }

    /** Reads {@code OSGI-INF/<componentClass>.xml} from the class path. */
    static Descriptor descriptor(String componentClass, ClassLoader loader) {
        String resource = "OSGI-INF/" + componentClass + ".xml";
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path: build the app bundle "
                        + "(mvn package) so bnd writes its component descriptors");
            }
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(in);
            Element root = doc.getDocumentElement();
            Descriptor d = new Descriptor();
            d.activate = root.getAttribute("activate");
            d.deactivate = root.getAttribute("deactivate");
            // Child elements of a DS descriptor carry no namespace prefix.
            d.implementation = ((Element) root.getElementsByTagName("implementation").item(0)).getAttribute("class");
            NodeList provides = root.getElementsByTagName("provide");
            for (int i = 0; i < provides.getLength(); i++) {
                d.provides.add(((Element) provides.item(i)).getAttribute("interface"));
            }
            NodeList refs = root.getElementsByTagName("reference");
            for (int i = 0; i < refs.getLength(); i++) {
                Element r = (Element) refs.item(i);
                String field = r.getAttribute("field");
                if (field.isEmpty()) {
                    throw new IllegalStateException(resource + ": reference " + r.getAttribute("name")
                            + " uses bind methods; the embedded runtime injects fields only");
                }
                d.references.add(new String[]{field, r.getAttribute("interface"), r.getAttribute("cardinality")});
            }
            return d;
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + resource + ": " + e, e);
        }
    }

    /** Instantiates, wires and activates a component; returns the instance. */
    public Object activate(String componentClass) {
        ClassLoader loader = getClass().getClassLoader();
        Descriptor d = descriptor(componentClass, loader);
        try {
            Class<?> type = Class.forName(d.implementation, true, loader);
            Object instance = type.getDeclaredConstructor().newInstance();
            for (String[] ref : d.references) {
                Class<?> wanted = Class.forName(ref[1], false, loader);
                Object service = services.get(wanted);
                if (service == null) {
                    if (ref[2].startsWith("0")) {
                        continue; // optional reference
                    }
                    throw new IllegalStateException(componentClass + "." + ref[0] + " needs " + ref[1]
                            + ", which the embedded runtime does not provide");
                }
                Field f = field(type, ref[0]);
                f.setAccessible(true);
                f.set(instance, service);
            }
            invoke(instance, d.activate.isEmpty() ? null : d.activate);
            for (String provided : d.provides) {
                services.put(Class.forName(provided, false, loader), instance);
            }
            active.push(new Active(instance, d));
            log.info("Activated {}", componentClass);
            return instance;
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("activating " + componentClass + " failed: " + cause, cause);
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }

    private static void invoke(Object instance, String method) throws ReflectiveOperationException {
        if (method == null) {
            return;
        }
        for (Class<?> c = instance.getClass(); c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(method) && m.getParameterCount() == 0) {
                    m.setAccessible(true);
                    m.invoke(instance);
                    return;
                }
            }
        }
        throw new NoSuchMethodException(instance.getClass().getName() + "." + method + "()");
    }

    /** Deactivates every component, newest first. */
    @Override
    public void close() {
        while (!active.isEmpty()) {
            Active a = active.pop();
            try {
                invoke(a.instance, a.descriptor.deactivate.isEmpty() ? null : a.descriptor.deactivate);
            } catch (ReflectiveOperationException | RuntimeException e) {
                log.error("Deactivating {} failed", a.descriptor.implementation, e);
            }
        }
    }
}
