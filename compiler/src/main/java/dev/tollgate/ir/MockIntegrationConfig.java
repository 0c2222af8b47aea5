package dev.tollgate.ir;

import java.util.List;

/**
 * AWS's MOCK integration: the gateway answers itself.
 *
 * @param statusCode the status the request template selects ({@code {"statusCode": N}}), matched
 *     against each response's selection pattern
 * @param responses integration responses, tried in order; the first whose pattern matches the
 *     status (or the default one, with no pattern) gives status, headers and body
 */
public record MockIntegrationConfig(int statusCode, List<IntegrationResponseConfig> responses)
        implements IntegrationConfig {
    public MockIntegrationConfig {
        if (statusCode < 100 || statusCode > 599) {
            throw new IllegalArgumentException("statusCode out of 100..599: " + statusCode);
        }
        responses = Ir.list(responses);
    }
}
