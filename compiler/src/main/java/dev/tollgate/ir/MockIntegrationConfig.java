package dev.tollgate.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.SortedMap;

/**
 * AWS's MOCK integration: the gateway answers itself.
 *
 * @param statusCode the status the request template selects ({@code {"statusCode": N}}), matched
 *     against each response's selection pattern
 * @param responses integration responses, tried in order; the first whose pattern matches the
 *     status (or the default one, with no pattern) gives status, headers and body
 * @param requestTemplates VTL request templates by content type, when the status is computed per
 *     request: the rendered {@code {"statusCode": N}} selects it; empty when {@code statusCode} is
 *     fixed
 */
public record MockIntegrationConfig(
        int statusCode,
        List<IntegrationResponseConfig> responses,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, String> requestTemplates)
        implements IntegrationConfig {
    public MockIntegrationConfig {
        if (statusCode < 100 || statusCode > 599) {
            throw new IllegalArgumentException("statusCode out of 100..599: " + statusCode);
        }
        responses = Ir.list(responses);
        requestTemplates = Ir.sortedMap(requestTemplates);
    }

    /** A mock whose status is fixed. */
    public MockIntegrationConfig(int statusCode, List<IntegrationResponseConfig> responses) {
        this(statusCode, responses, null);
    }
}
