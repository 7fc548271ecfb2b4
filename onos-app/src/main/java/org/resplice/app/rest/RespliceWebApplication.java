package org.resplice.app.rest;

import org.onlab.rest.AbstractWebApplication;

import java.util.Set;

/**
 * The app's REST resources, with ONOS's standard exception mappers and authorization filter.
 * ONOS loads it from WEB-INF/web.xml; the embedded runtime hands it to its Jersey server.
 */
public class RespliceWebApplication extends AbstractWebApplication {

    @Override
    public Set<Class<?>> getClasses() {
        return getClasses(CountersWebResource.class, TagTableWebResource.class, SpliceWebResource.class);
    }
}
