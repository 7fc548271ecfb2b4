package org.resplice.controller.rest;

import org.onosproject.rest.AbstractWebResource;
import org.resplice.controller.EmbeddedRuntime;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * The embedded runtime's own state: {@code GET /resplice/runtime} gives OpenFlow, flow and packet
 * counters and the connected switches.
 */
@Path("runtime")
public class RuntimeWebResource extends AbstractWebResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response status() {
        return ok(get(EmbeddedRuntime.class).status(mapper())).build();
    }
}
