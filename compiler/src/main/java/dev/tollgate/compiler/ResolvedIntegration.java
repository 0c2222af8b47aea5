package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.IntegrationType;
import dev.tollgate.ir.AwsServiceConfig;
import dev.tollgate.ir.ContentHandling;
import dev.tollgate.ir.PassthroughBehavior;
import dev.tollgate.ir.ServiceUpstreamConfig;
import java.util.List;
import java.util.SortedMap;

/**
 * A valid Integration, checked once and shared by every method that refers to it.
 *
 * @param service the Service target, or null when the target is a URL (or the type is MOCK)
 * @param url the raw URL target, stage variables not yet substituted; null otherwise
 * @param timeoutMillis the Integration's timeout, or null for the default
 * @param cacheKeyParameters the Integration's cache key parameters, used by methods that name none
 * @param contentHandling the Integration's request payload conversion, or null; a method's own wins
 * @param aws the AWS service of an AWS integration (its {@code url} is then the service endpoint and
 *     the URI's path), or null
 * @param lambda the function of a LAMBDA or LAMBDA_PROXY Integration; null otherwise
 */
record ResolvedIntegration(
        String name,
        IntegrationType type,
        String httpMethod,
        ServiceUpstreamConfig service,
        String url,
        SortedMap<String, String> requestParameters,
        SortedMap<String, String> requestTemplates,
        PassthroughBehavior passthroughBehavior,
        Integer timeoutMillis,
        List<String> cacheKeyParameters,
        ContentHandling contentHandling,
        AwsServiceConfig aws,
        Lambda lambda) {

    /** Whether the request and response pass as they are (HTTP_PROXY, LAMBDA_PROXY). */
    boolean proxy() {
        return type == IntegrationType.HTTP_PROXY || type == IntegrationType.LAMBDA_PROXY;
    }

    /**
     * A function target.
     *
     * @param function name or ARN, possibly with {@code ${stageVariables.x}}
     * @param qualifier version or alias, or null
     * @param payloadFormatVersion the HTTP API payload format asked for, or null for the default
     * @param maxConcurrency invocations at once, or null for the default
     */
    record Lambda(String function, String qualifier, String payloadFormatVersion, Integer maxConcurrency) {}
}
