package org.resplice.app.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.rest.AbstractWebResource;
import org.resplice.app.api.FabricService;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import java.util.Map;

/**
 * The app's counters: {@code GET /resplice/counters}.
 */
@Path("counters")
public class CountersWebResource extends AbstractWebResource {

    /**
     * Every counter of the app, grouped by subsystem.
     *
     * @return 200 OK with {"fabric": {name: value, ...}}
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response counters() {
        ObjectNode root = mapper().createObjectNode();
        ObjectNode fabric = root.putObject("fabric");
        for (Map.Entry<String, Long> e : get(FabricService.class).counters().entrySet()) {
            fabric.put(e.getKey(), e.getValue());
        }
        return ok(root).build();
    }
}
