package dev.tollgate.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An HTTP backend, proxied (AWS HTTP_PROXY) or mapped (AWS HTTP).
 *
 * @param integrationName name of the Integration resource, for metrics and logs
 * @param proxy true for HTTP_PROXY: method, headers (less hop-by-hop), query string and body pass
 *     through and the backend's response is returned as it is; false for HTTP: only the mapped
 *     parameters are sent and {@code responses} select the method response
 * @param httpMethod the method sent to the backend, or {@code ANY} to send the request's method
 * @param upstream where the backend is
 * @param pathTemplate the backend path; {@code {name}} placeholders are filled from {@code
 *     requestParameters} with target PATH (the compiler adds the implicit ones for proxies)
 * @param timeoutMillis integration timeout, 50 to 29000 ms; past it the client gets 504
 * @param requestParameters headers, query string values and path placeholders sent to the
 *     backend, in order
 * @param requestTemplates VTL mapping templates by content type, selected by the request's
 *     {@code Content-Type}; empty passes the body through
 * @param passthroughBehavior what to do with a body whose content type has no template
 * @param responses integration responses for non-proxy integrations, tried in order; empty passes
 *     the backend response through
 * @param contentHandling how the request payload is converted between text and binary before the
 *     template (or passthrough); null passes it as it is
 * @param aws for an AWS integration, the service called and how its requests are signed; null for
 *     an HTTP backend
 * @param httpApiRequestMappings an HTTP API's request parameter mappings ({@code
 *     append|overwrite|remove:header.x}, {@code ...:querystring.x}, {@code overwrite:path}), applied
 *     in order to the request sent to the backend
 * @param httpApiResponseMappings an HTTP API's response parameter mappings by the backend's status
 *     code, applied in order to its answer
 */
public record HttpIntegrationConfig(
        String integrationName,
        boolean proxy,
        String httpMethod,
        UpstreamConfig upstream,
        String pathTemplate,
        int timeoutMillis,
        List<ParameterMapping> requestParameters,
        SortedMap<String, String> requestTemplates,
        PassthroughBehavior passthroughBehavior,
        List<IntegrationResponseConfig> responses,
        @JsonInclude(JsonInclude.Include.NON_NULL) ContentHandling contentHandling,
        @JsonInclude(JsonInclude.Include.NON_NULL) AwsServiceConfig aws,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<HttpApiMapping> httpApiRequestMappings,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<Integer, List<HttpApiMapping>> httpApiResponseMappings)
        implements IntegrationConfig {

    /** AWS's default (and maximum) integration timeout. */
    public static final int DEFAULT_TIMEOUT_MILLIS = 29_000;

    public static final int MIN_TIMEOUT_MILLIS = 50;

    public HttpIntegrationConfig {
        Ir.require(integrationName, "integrationName");
        Ir.require(httpMethod, "httpMethod");
        Objects.requireNonNull(upstream, "upstream");
        if (pathTemplate == null || !pathTemplate.startsWith("/")) {
            throw new IllegalArgumentException("pathTemplate must start with /: " + pathTemplate);
        }
        if (timeoutMillis < MIN_TIMEOUT_MILLIS || timeoutMillis > DEFAULT_TIMEOUT_MILLIS) {
            throw new IllegalArgumentException("timeoutMillis out of 50..29000: " + timeoutMillis);
        }
        requestParameters = Ir.list(requestParameters);
        requestTemplates = Ir.sortedMap(requestTemplates);
        passthroughBehavior = passthroughBehavior == null ? PassthroughBehavior.WHEN_NO_MATCH : passthroughBehavior;
        responses = Ir.list(responses);
        httpApiRequestMappings = Ir.list(httpApiRequestMappings);
        SortedMap<Integer, List<HttpApiMapping>> byStatus = new TreeMap<>();
        if (httpApiResponseMappings != null) {
            httpApiResponseMappings.forEach((status, list) -> byStatus.put(status, Ir.list(list)));
        }
        httpApiResponseMappings =
                byStatus.isEmpty() ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(byStatus);
        if (aws != null && proxy) {
            throw new IllegalArgumentException("an AWS integration is never a proxy");
        }
    }

    /** An HTTP backend (not an AWS service) with HTTP API parameter mappings. */
    public HttpIntegrationConfig(
            String integrationName,
            boolean proxy,
            String httpMethod,
            UpstreamConfig upstream,
            String pathTemplate,
            int timeoutMillis,
            List<ParameterMapping> requestParameters,
            SortedMap<String, String> requestTemplates,
            PassthroughBehavior passthroughBehavior,
            List<IntegrationResponseConfig> responses,
            ContentHandling contentHandling,
            List<HttpApiMapping> httpApiRequestMappings,
            SortedMap<Integer, List<HttpApiMapping>> httpApiResponseMappings) {
        this(
                integrationName,
                proxy,
                httpMethod,
                upstream,
                pathTemplate,
                timeoutMillis,
                requestParameters,
                requestTemplates,
                passthroughBehavior,
                responses,
                contentHandling,
                null,
                httpApiRequestMappings,
                httpApiResponseMappings);
    }

    /** An integration with no HTTP API parameter mappings: an AWS service, or an HTTP backend when null. */
    public HttpIntegrationConfig(
            String integrationName,
            boolean proxy,
            String httpMethod,
            UpstreamConfig upstream,
            String pathTemplate,
            int timeoutMillis,
            List<ParameterMapping> requestParameters,
            SortedMap<String, String> requestTemplates,
            PassthroughBehavior passthroughBehavior,
            List<IntegrationResponseConfig> responses,
            ContentHandling contentHandling,
            AwsServiceConfig aws) {
        this(
                integrationName,
                proxy,
                httpMethod,
                upstream,
                pathTemplate,
                timeoutMillis,
                requestParameters,
                requestTemplates,
                passthroughBehavior,
                responses,
                contentHandling,
                aws,
                null,
                null);
    }

    /** An HTTP backend (not an AWS service) with no HTTP API parameter mappings. */
    public HttpIntegrationConfig(
            String integrationName,
            boolean proxy,
            String httpMethod,
            UpstreamConfig upstream,
            String pathTemplate,
            int timeoutMillis,
            List<ParameterMapping> requestParameters,
            SortedMap<String, String> requestTemplates,
            PassthroughBehavior passthroughBehavior,
            List<IntegrationResponseConfig> responses,
            ContentHandling contentHandling) {
        this(
                integrationName,
                proxy,
                httpMethod,
                upstream,
                pathTemplate,
                timeoutMillis,
                requestParameters,
                requestTemplates,
                passthroughBehavior,
                responses,
                contentHandling,
                null,
                null,
                null);
    }

    /** An integration that converts no payload. */
    public HttpIntegrationConfig(
            String integrationName,
            boolean proxy,
            String httpMethod,
            UpstreamConfig upstream,
            String pathTemplate,
            int timeoutMillis,
            List<ParameterMapping> requestParameters,
            SortedMap<String, String> requestTemplates,
            PassthroughBehavior passthroughBehavior,
            List<IntegrationResponseConfig> responses) {
        this(
                integrationName,
                proxy,
                httpMethod,
                upstream,
                pathTemplate,
                timeoutMillis,
                requestParameters,
                requestTemplates,
                passthroughBehavior,
                responses,
                null,
                null);
    }
}
