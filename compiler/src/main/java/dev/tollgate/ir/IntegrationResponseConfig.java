package dev.tollgate.ir;

import java.util.List;
import java.util.SortedMap;

/**
 * One integration response: when it applies and what the client gets.
 *
 * @param selectionPattern a Java regex matched against the whole backend status code (HTTP) or the
 *     mock's status code; null marks the default response
 * @param statusCode the method response status sent to the client
 * @param responseParameters response headers to set (target HEADER), from literals or backend
 *     response headers
 * @param responseTemplates literal bodies by content type; the one for the request's Accept (else
 *     {@code application/json}, else the first) is sent; empty passes the backend body through
 */
public record IntegrationResponseConfig(
        String selectionPattern,
        int statusCode,
        List<ParameterMapping> responseParameters,
        SortedMap<String, String> responseTemplates) {
    public IntegrationResponseConfig {
        if (statusCode < 100 || statusCode > 599) {
            throw new IllegalArgumentException("statusCode out of 100..599: " + statusCode);
        }
        responseParameters = Ir.list(responseParameters);
        responseTemplates = Ir.sortedMap(responseTemplates);
    }
}
