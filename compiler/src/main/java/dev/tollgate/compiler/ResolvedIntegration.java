package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.IntegrationType;
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
        ContentHandling contentHandling) {

    boolean proxy() {
        return type == IntegrationType.HTTP_PROXY;
    }
}
