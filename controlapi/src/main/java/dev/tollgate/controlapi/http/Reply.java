package dev.tollgate.controlapi.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an operation answers: a status, a body and its content type, and extra headers.
 *
 * @param status the HTTP status
 * @param body the body bytes (empty for none)
 * @param contentType the body's content type, or null for none
 * @param headers extra headers
 */
public record Reply(int status, byte[] body, String contentType, Map<String, String> headers) {
    public Reply {
        body = body == null ? new byte[0] : body;
        headers = new TreeMap<>(headers == null ? Map.of() : headers);
    }

    /** A JSON reply. */
    public static Reply json(int status, JsonNode body) {
        return new Reply(status, body.toString().getBytes(StandardCharsets.UTF_8), "application/json", null);
    }

    /** 200 with a JSON body. */
    public static Reply ok(JsonNode body) {
        return json(200, body);
    }

    /** 201 with a JSON body. */
    public static Reply created(JsonNode body) {
        return json(201, body);
    }

    /** A reply with no body (202 Accepted or 204 No Content, as AWS answers deletes). */
    public static Reply empty(int status) {
        return new Reply(status, null, null, null);
    }
}
