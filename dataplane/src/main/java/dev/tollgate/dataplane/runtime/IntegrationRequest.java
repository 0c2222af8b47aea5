package dev.tollgate.dataplane.runtime;

import java.util.Map;

/**
 * The backend request as the request mapping built it: its body (a rendered template, or the
 * method request's payload converted as {@code contentHandling} asks) and what the template set in
 * {@code $context.requestOverride}, which wins over the route's parameter mappings.
 *
 * @param body the body to send
 * @param contentType its {@code Content-Type}, or null to send none
 * @param contentEncoding the {@code Content-Encoding} the body still has (a passed-through
 *     compressed payload), or null
 * @param headers {@code requestOverride.header.*}
 * @param query {@code requestOverride.querystring.*}
 * @param path {@code requestOverride.path.*}
 */
public record IntegrationRequest(
        byte[] body,
        String contentType,
        String contentEncoding,
        Map<String, String> headers,
        Map<String, String> query,
        Map<String, String> path) {

    public IntegrationRequest {
        headers = Map.copyOf(headers);
        query = Map.copyOf(query);
        path = Map.copyOf(path);
    }
}
