package dev.tollgate.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;

/**
 * A Lambda function invoked through the Lambda invoke API ({@code POST
 * /2015-03-31/functions/{function}/invocations}), as AWS's LAMBDA_PROXY (the request becomes AWS's
 * proxy event, the function's answer the response) or LAMBDA (a mapping template builds the payload,
 * integration responses select on the function's {@code errorMessage}).
 *
 * @param integrationName name of the Integration resource, for metrics and logs
 * @param proxy true for LAMBDA_PROXY, false for LAMBDA
 * @param functionName the function's name or ARN, stage variables already substituted
 * @param qualifier version or alias, or null
 * @param upstream where the invoke API is served (the function's Service)
 * @param timeoutMillis integration timeout, 50 to 29000 ms; past it the client gets 504
 * @param payloadFormatVersion the proxy event's format: {@code 1.0} (REST APIs, and HTTP APIs that
 *     ask for it) or {@code 2.0} (HTTP APIs)
 * @param maxConcurrency invocations of this function the gateway runs at once; more wait briefly,
 *     then are refused as AWS answers a throttled function. 0 (not set): one per ready endpoint of
 *     the Service, each invocation sent to its own endpoint (in a cluster, from the Service's
 *     EndpointSlices), or 1 where the endpoints are not known (local mode)
 * @param requestTemplates LAMBDA: VTL templates by content type that build the payload; empty
 *     passes the body through
 * @param passthroughBehavior LAMBDA: what to do with a body whose content type has no template
 * @param responses LAMBDA: integration responses; a function error selects by {@code
 *     selectionPattern} on its {@code errorMessage}, a success takes the default one
 */
public record LambdaIntegrationConfig(
        String integrationName,
        boolean proxy,
        String functionName,
        String qualifier,
        UpstreamConfig upstream,
        int timeoutMillis,
        String payloadFormatVersion,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int maxConcurrency,
        SortedMap<String, String> requestTemplates,
        PassthroughBehavior passthroughBehavior,
        List<IntegrationResponseConfig> responses)
        implements IntegrationConfig {

    /** The payload formats AWS defines. */
    public static final List<String> PAYLOAD_FORMATS = List.of("1.0", "2.0");

    public LambdaIntegrationConfig {
        Ir.require(integrationName, "integrationName");
        Ir.require(functionName, "functionName");
        Objects.requireNonNull(upstream, "upstream");
        if (timeoutMillis < HttpIntegrationConfig.MIN_TIMEOUT_MILLIS
                || timeoutMillis > HttpIntegrationConfig.DEFAULT_TIMEOUT_MILLIS) {
            throw new IllegalArgumentException("timeoutMillis out of 50..29000: " + timeoutMillis);
        }
        if (!PAYLOAD_FORMATS.contains(payloadFormatVersion)) {
            throw new IllegalArgumentException("bad payloadFormatVersion " + payloadFormatVersion);
        }
        if (maxConcurrency < 0) {
            throw new IllegalArgumentException("maxConcurrency must not be negative: " + maxConcurrency);
        }
        requestTemplates = Ir.sortedMap(requestTemplates);
        passthroughBehavior = passthroughBehavior == null ? PassthroughBehavior.WHEN_NO_MATCH : passthroughBehavior;
        responses = Ir.list(responses);
    }

    /** The invoke API's path for this function, qualifier as a query parameter as AWS's API takes it. */
    public String invokePath() {
        return invokePath(functionName, qualifier);
    }

    /** The invoke API's path for a function and qualifier (null for none). */
    public static String invokePath(String functionName, String qualifier) {
        return "/2015-03-31/functions/" + encode(functionName) + "/invocations"
                + (qualifier == null ? "" : "?Qualifier=" + encode(qualifier));
    }

    private static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.~:".indexOf(c) >= 0) {
                out.append(c);
            } else {
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(String.format("%02X", b & 0xff));
                }
            }
        }
        return out.toString();
    }
}
