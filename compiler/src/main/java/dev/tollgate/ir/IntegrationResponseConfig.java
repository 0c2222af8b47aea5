package dev.tollgate.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.SortedMap;

/**
 * One integration response: when it applies and what the client gets.
 *
 * @param selectionPattern a Java regex matched against the whole backend status code (HTTP) or the
 *     mock's status code; null marks the default response
 * @param statusCode the method response status sent to the client
 * @param responseParameters response headers to set (target HEADER), from literals, backend
 *     response headers or body, stage variables or {@code $context}
 * @param responseTemplates VTL mapping templates by content type; the one for the request's Accept
 *     (else {@code application/json}, else the first) renders the body; empty passes the backend
 *     body through
 * @param contentHandling how the backend payload is converted between text and binary; null
 *     converts as the client's {@code Accept} asks (AWS's passthrough)
 */
public record IntegrationResponseConfig(
        String selectionPattern,
        int statusCode,
        List<ParameterMapping> responseParameters,
        SortedMap<String, String> responseTemplates,
        @JsonInclude(JsonInclude.Include.NON_NULL) ContentHandling contentHandling) {
    public IntegrationResponseConfig {
        if (statusCode < 100 || statusCode > 599) {
            throw new IllegalArgumentException("statusCode out of 100..599: " + statusCode);
        }
        responseParameters = Ir.list(responseParameters);
        responseTemplates = Ir.sortedMap(responseTemplates);
    }

    /** A response that converts no payload. */
    public IntegrationResponseConfig(
            String selectionPattern,
            int statusCode,
            List<ParameterMapping> responseParameters,
            SortedMap<String, String> responseTemplates) {
        this(selectionPattern, statusCode, responseParameters, responseTemplates, null);
    }
}
