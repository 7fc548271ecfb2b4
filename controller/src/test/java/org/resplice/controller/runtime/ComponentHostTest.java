package org.resplice.controller.runtime;

import org.junit.jupiter.api.Test;
import org.resplice.controller.EmbeddedRuntime;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComponentHostTest {

    /** Components of the app that the embedded runtime replaces with its own services. */
    private static final Set<String> REPLACED = Set.of(
            "org.resplice.app.impl.DistributedTagTableStore", // the runtime gives a file-backed TagTableStore
            "org.resplice.app.rest.ApiDocRegistrator");       // ONOS's API docs; REST is served directly

    @Test
    void runtimeActivatesEveryComponentTheAppShips() throws IOException {
        URL any = getClass().getClassLoader().getResource("OSGI-INF/org.resplice.app.impl.FabricManager.xml");
        assertTrue(any != null, "the app's component descriptors are on the class path");
        Set<String> shipped = new TreeSet<>();
        if (any.getProtocol().equals("jar")) {
            try (JarFile jar = ((JarURLConnection) any.openConnection()).getJarFile()) {
                shipped.addAll(Collections.list(jar.entries()).stream().map(e -> e.getName())
                        .filter(n -> n.startsWith("OSGI-INF/") && n.endsWith(".xml"))
                        .map(n -> n.substring("OSGI-INF/".length(), n.length() - 4))
                        .collect(Collectors.toList()));
            }
        } else {
            java.io.File dir = new java.io.File(any.getPath()).getParentFile();
            for (String n : dir.list()) {
                shipped.add(n.substring(0, n.length() - 4));
            }
        }
        shipped.removeAll(REPLACED);
        assertEquals(shipped, new TreeSet<>(EmbeddedRuntime.APP_COMPONENTS),
                "a new app component must be added to EmbeddedRuntime.APP_COMPONENTS (or to REPLACED here)");
    }

    @Test
    void readsReferencesAndLifecycleFromTheDescriptor() {
        ComponentHost.Descriptor d = ComponentHost.descriptor("org.resplice.app.impl.FabricManager",
                getClass().getClassLoader());
        assertEquals("activate", d.activate);
        assertEquals("deactivate", d.deactivate);
        assertEquals(List.of("org.resplice.app.api.FabricService"), d.provides);
        assertEquals(6, d.references.size());
    }

    @Test
    void aMissingServiceIsNamed() {
        ComponentHost host = new ComponentHost();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> host.activate("org.resplice.app.impl.TagTableManager"));
        assertTrue(e.getMessage().contains("TagTableManager.store needs org.resplice.tagconfig.TagTableStore"),
                e.getMessage());
    }
}
