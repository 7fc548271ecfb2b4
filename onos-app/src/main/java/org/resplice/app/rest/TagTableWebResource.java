package org.resplice.app.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.rest.AbstractWebResource;
import org.resplice.app.api.TagTableService;
import org.resplice.tagconfig.TagTable;
import org.resplice.tagconfig.TagTableCodec;
import org.resplice.tagconfig.TagTableException;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;

/**
 * Tag tables over REST: {@code GET /resplice/tags}, {@code GET|PUT|DELETE /resplice/tags/{application}}.
 * A table that fails validation is refused with 400 and the JSON path of the bad field.
 */
@Path("tags")
public class TagTableWebResource extends AbstractWebResource {

    /** Largest table body accepted; a table is at most 1000 small rules. */
    private static final int MAX_BODY_BYTES = 1 << 20;

    /**
     * Every tag table.
     *
     * @return 200 OK with {"tables": [table, ...]}
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response getTables() {
        ObjectNode root = mapper().createObjectNode();
        ArrayNode tables = root.putArray("tables");
        for (TagTable table : get(TagTableService.class).getTables()) {
            tables.add(TagTableCodec.toJson(table));
        }
        return ok(root).build();
    }

    /**
     * One application's tag table.
     *
     * @param application application name
     * @return 200 OK with the table, 404 if the application has none
     */
    @GET
    @Path("{application}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response getTable(@PathParam("application") String application) {
        return get(TagTableService.class).getTable(application)
                .map(t -> ok(TagTableCodec.toJson(t)).build())
                .orElseGet(() -> error(Response.Status.NOT_FOUND, "$.application",
                        "no tag table for application \"" + application + "\"; PUT one first"));
    }

    /**
     * Creates or replaces an application's tag table.
     *
     * @param application application name; must equal the table's "application"
     * @param body        the table as JSON
     * @return 200 OK with the stored table, 400 naming the bad field
     */
    @PUT
    @Path("{application}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response putTable(@PathParam("application") String application, InputStream body) {
        TagTable table;
        try {
            byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                return error(Response.Status.BAD_REQUEST, "$", "body larger than " + MAX_BODY_BYTES + " bytes");
            }
            table = TagTableCodec.parse(bytes);
        } catch (TagTableException e) {
            return error(Response.Status.BAD_REQUEST, e.path(), e.reason());
        } catch (IOException e) {
            return error(Response.Status.BAD_REQUEST, "$", "cannot read the request body: " + e.getMessage());
        }
        if (!table.application().equals(application)) {
            return error(Response.Status.BAD_REQUEST, "$.application", "is \"" + table.application()
                    + "\" but the URL names \"" + application + "\"; make them equal");
        }
        get(TagTableService.class).putTable(table);
        return ok(TagTableCodec.toJson(table)).build();
    }

    /**
     * Removes an application's tag table; its transactions get the conservative tags.
     *
     * @param application application name
     * @return 204 No Content, 404 if there was none
     */
    @DELETE
    @Path("{application}")
    public Response deleteTable(@PathParam("application") String application) {
        if (get(TagTableService.class).removeTable(application)) {
            return Response.noContent().build();
        }
        return error(Response.Status.NOT_FOUND, "$.application",
                "no tag table for application \"" + application + "\"");
    }

    private Response error(Response.Status status, String field, String reason) {
        ObjectNode node = mapper().createObjectNode();
        node.put("code", status.getStatusCode());
        node.put("field", field);
        node.put("message", field + ": " + reason);
        return Response.status(status).entity(node).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
