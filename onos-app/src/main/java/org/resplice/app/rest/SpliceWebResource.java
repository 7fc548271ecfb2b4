package org.resplice.app.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.rest.AbstractWebResource;
import org.resplice.app.api.SpliceInfo;
import org.resplice.app.api.SpliceService;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import java.util.Map;

/**
 * The splice table, read-only: {@code GET /resplice/splices}.
 */
@Path("splices")
public class SpliceWebResource extends AbstractWebResource {

    /**
     * Every splice and the splice counters.
     *
     * @return 200 OK with {"splices": [...], "counters": {...}}
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response splices() {
        SpliceService service = get(SpliceService.class);
        ObjectNode root = mapper().createObjectNode();
        ArrayNode list = root.putArray("splices");
        for (SpliceInfo s : service.splices()) {
            ObjectNode n = list.addObject();
            n.put("client", s.client());
            n.put("vip", s.vip());
            n.put("backend", s.backend());
            n.put("alternate", s.alternate());
            n.put("proxy", s.proxy());
            n.put("offset", Integer.toUnsignedLong(s.offset()));
            if (s.clientIsn() >= 0) {
                n.put("clientIsn", s.clientIsn());
            }
            if (s.backendIsn() >= 0) {
                n.put("backendIsn", s.backendIsn());
            }
            n.put("state", s.state().name());
        }
        ObjectNode counters = root.putObject("counters");
        for (Map.Entry<String, Long> e : service.counters().entrySet()) {
            counters.put(e.getKey(), e.getValue());
        }
        return ok(root).build();
    }
}
