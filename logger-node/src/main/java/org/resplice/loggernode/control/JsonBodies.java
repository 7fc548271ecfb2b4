package org.resplice.loggernode.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/** Reads the controller's JSON answers; a body that is not JSON fails at the root path {@code $}. */
final class JsonBodies {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonBodies() {
    }

    static JsonNode read(byte[] body) throws ControllerResponseException {
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ControllerResponseException("$", "not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ControllerResponseException("$", "unreadable: " + e.getMessage());
        }
    }
}
