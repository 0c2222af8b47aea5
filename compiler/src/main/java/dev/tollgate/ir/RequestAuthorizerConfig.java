package dev.tollgate.ir;

import java.util.List;
import java.util.Objects;

/**
 * A TOKEN or REQUEST authorizer (AWS's Lambda authorizer model) served by an HTTP Integration: the
 * gateway POSTs AWS's authorizer event as JSON and reads AWS's answer (principalId, policyDocument,
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
 */
public record RequestAuthorizerConfig(
        String name,
        String kind,
        UpstreamConfig upstream,
        String path,
        int timeoutMillis,
        List<String> identitySources,
        String validationExpression,
        int resultTtlSeconds)
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
    }
}
