package dev.tollgate.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * A TOKEN or REQUEST authorizer (AWS's Lambda authorizer model) served by an HTTP Integration or a
 * Lambda function: the gateway POSTs AWS's authorizer event as JSON and reads AWS's answer
 * (principalId, policyDocument, context; or, for HTTP APIs with simple responses, isAuthorized and
 * context) back.
 *
 * @param name the authorizer's name in its RestApi
 * @param kind {@code TOKEN} or {@code REQUEST}
 * @param upstream where the authorizer service listens
 * @param path the request path of the call, e.g. {@code /authorize}
 * @param timeoutMillis the call's deadline; past it the answer is AUTHORIZER_FAILURE (500)
 * @param identitySources where the identity is read, each {@code header.NAME} (lower case) or
 *     {@code querystring.NAME}; all must be present or the caller gets 401 without a call
 * @param validationExpression a regex the TOKEN must match (else 401 without a call), or null
 * @param resultTtlSeconds how long an answer is cached per identity; 0 disables the cache
 * @param lambda true when {@code path} is a function's invoke API path: a function error is the
 *     authorizer failing (500), its {@code Unauthorized} error a 401
 * @param payloadFormatVersion an HTTP API authorizer's event format ({@code 1.0} or {@code 2.0});
 *     null for REST APIs
 * @param simpleResponses an HTTP API authorizer (payload 2.0) that answers {@code {"isAuthorized":
 *     bool, "context": {...}}} instead of a policy
 * @param maxConcurrency a Lambda authorizer: its function's bound, shared with the function's
 *     integrations ({@link LambdaIntegrationConfig#maxConcurrency()}); 0 is one per ready endpoint
 */
public record RequestAuthorizerConfig(
        String name,
        String kind,
        UpstreamConfig upstream,
        String path,
        int timeoutMillis,
        List<String> identitySources,
        String validationExpression,
        int resultTtlSeconds,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean lambda,
        @JsonInclude(JsonInclude.Include.NON_NULL) String payloadFormatVersion,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean simpleResponses,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int maxConcurrency)
        implements AuthorizerConfig {
    public RequestAuthorizerConfig {
        Ir.require(name, "name");
        if (!"TOKEN".equals(kind) && !"REQUEST".equals(kind)) {
            throw new IllegalArgumentException("bad kind " + kind);
        }
        Objects.requireNonNull(upstream, "upstream");
        Ir.require(path, "path");
        identitySources = Ir.list(identitySources);
        if (resultTtlSeconds < 0 || resultTtlSeconds > 3600 || timeoutMillis < 1) {
            throw new IllegalArgumentException("bad ttl or timeout");
        }
        if (payloadFormatVersion != null && !LambdaIntegrationConfig.PAYLOAD_FORMATS.contains(payloadFormatVersion)) {
            throw new IllegalArgumentException("bad payloadFormatVersion " + payloadFormatVersion);
        }
        if (maxConcurrency < 0) {
            throw new IllegalArgumentException("maxConcurrency must not be negative: " + maxConcurrency);
        }
    }

    /** An authorizer served by an HTTP endpoint. */
    public RequestAuthorizerConfig(
            String name,
            String kind,
            UpstreamConfig upstream,
            String path,
            int timeoutMillis,
            List<String> identitySources,
            String validationExpression,
            int resultTtlSeconds) {
        this(
                name,
                kind,
                upstream,
                path,
                timeoutMillis,
                identitySources,
                validationExpression,
                resultTtlSeconds,
                false,
                null,
                false,
                0);
    }
}
