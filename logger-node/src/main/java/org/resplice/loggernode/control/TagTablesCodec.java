package org.resplice.loggernode.control;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.resplice.tagconfig.TagTable;
import org.resplice.tagconfig.TagTableCodec;
import org.resplice.tagconfig.TagTableException;

/**
 * Reads the body of {@code GET /resplice/tags}, {@code {"tables": [table, ...]}}, each table checked
 * by tag-config's {@link TagTableCodec}. Any bad table fails the whole answer, naming its JSON path.
 */
public final class TagTablesCodec {

    private TagTablesCodec() {
    }

    /** @throws ControllerResponseException naming the JSON path of the first problem */
    public static List<TagTable> parse(byte[] body) throws ControllerResponseException {
        JsonNode root = JsonBodies.read(body);
        if (root == null || !root.path("tables").isArray()) {
            throw new ControllerResponseException("$.tables", "expected {\"tables\": [...]}");
        }
        JsonNode list = root.get("tables");
        List<TagTable> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String at = "$.tables[" + i + "]";
            try {
                out.add(TagTableCodec.parse(list.get(i)));
            } catch (TagTableException e) {
                // tag-config paths are rooted at the table ("$.rules[0]..."); root them at the answer.
                String path = e.path() == null ? at : at + e.path().substring(1);
                throw new ControllerResponseException(path, e.reason());
            }
        }
        return out;
    }
}
