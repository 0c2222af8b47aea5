package dev.tollgate.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One method on one resource (REST) or one route (HTTP API), with everything that applies to it
 * already merged.
 *
 * @param httpMethod the request method in upper case, or {@code ANY}
 * @param resourcePath the resource path template: {@code /}, static segments, {@code {param}}
 *     segments and at most a final {@code {name+}} greedy segment, e.g. {@code /pets/{petId}}
 * @param apiKeyRequired whether a valid API key must be sent in {@code x-api-key}
 * @param integration what serves the request
 * @param authorization who may call the route, or null when anyone may ({@code NONE})
 * @param throttle the stage's throttle for this method, the most specific method setting merged
 *     over the stage default; null for none
 * @param cache response caching of this method; null when off
 * @param plans the usage plans covering this stage, sorted by plan name, with what each applies
 *     to this method per API key; empty when none (only key-required methods are metered)
 * @param metricsEnabled whether the method's metrics carry its own method and resource labels
 *     (AWS's detailed CloudWatch metrics, a Stage's {@code methodSettings[].metricsEnabled});
 *     when false it counts only in its API's and stage's series, as AWS does
 * @param validation what AWS's request validator checks before the request goes further; null when
 *     the method validates nothing
 * @param webSocket the route key and route response of a WebSocket API's route; null for REST and
 *     HTTP APIs
 */
public record RouteConfig(
        String httpMethod,
        String resourcePath,
        boolean apiKeyRequired,
        IntegrationConfig integration,
        RouteAuthorizationConfig authorization,
        @JsonInclude(JsonInclude.Include.NON_NULL) ThrottleConfig throttle,
        @JsonInclude(JsonInclude.Include.NON_NULL) CacheConfig cache,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PlanLimitsConfig> plans,
        // Written only when on; absent reads back as false (older IR has no such field).
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonSetter(nulls = Nulls.AS_EMPTY) boolean metricsEnabled,
        @JsonInclude(JsonInclude.Include.NON_NULL) ValidationConfig validation,
        @JsonInclude(JsonInclude.Include.NON_NULL) WebSocketRouteConfig webSocket) {

    /** Method of a route that takes every method no exact route takes. */
    public static final String ANY = "ANY";

    private static final Pattern METHOD = Pattern.compile("ANY|GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS");
    private static final Pattern PATH =
            Pattern.compile("/|(/([A-Za-z0-9._~:@!$&'()*,;=-]+|\\{[A-Za-z0-9._-]+}))*(/\\{[A-Za-z0-9._-]+\\+})?");

    public RouteConfig {
        if (httpMethod == null || !METHOD.matcher(httpMethod).matches()) {
            throw new IllegalArgumentException("bad httpMethod " + httpMethod);
        }
        if (resourcePath == null
                || resourcePath.isEmpty()
                || !PATH.matcher(resourcePath).matches()) {
            throw new IllegalArgumentException("bad resourcePath " + resourcePath);
        }
        Objects.requireNonNull(integration, "integration");
        plans = Ir.list(plans);
    }

    /** A route without detailed metrics or request validation. */
    public RouteConfig(
            String httpMethod,
            String resourcePath,
            boolean apiKeyRequired,
            IntegrationConfig integration,
            RouteAuthorizationConfig authorization,
            ThrottleConfig throttle,
            CacheConfig cache,
            List<PlanLimitsConfig> plans) {
        this(
                httpMethod,
                resourcePath,
                apiKeyRequired,
                integration,
                authorization,
                throttle,
                cache,
                plans,
                false,
                null,
                null);
    }

    /** A route without detailed metrics, with what its request validator checks (null for nothing). */
    public RouteConfig(
            String httpMethod,
            String resourcePath,
            boolean apiKeyRequired,
            IntegrationConfig integration,
            RouteAuthorizationConfig authorization,
            ThrottleConfig throttle,
            CacheConfig cache,
            List<PlanLimitsConfig> plans,
            ValidationConfig validation) {
        this(
                httpMethod,
                resourcePath,
                apiKeyRequired,
                integration,
                authorization,
                throttle,
                cache,
                plans,
                false,
                validation,
                null);
    }

    /** A route of a REST, HTTP or WebSocket API without detailed metrics. */
    public RouteConfig(
            String httpMethod,
            String resourcePath,
            boolean apiKeyRequired,
            IntegrationConfig integration,
            RouteAuthorizationConfig authorization,
            ThrottleConfig throttle,
            CacheConfig cache,
            List<PlanLimitsConfig> plans,
            ValidationConfig validation,
            WebSocketRouteConfig webSocket) {
        this(
                httpMethod,
                resourcePath,
                apiKeyRequired,
                integration,
                authorization,
                throttle,
                cache,
                plans,
                false,
                validation,
                webSocket);
    }

    /** A route of a REST or HTTP API with detailed metrics on or off. */
    public RouteConfig(
            String httpMethod,
            String resourcePath,
            boolean apiKeyRequired,
            IntegrationConfig integration,
            RouteAuthorizationConfig authorization,
            ThrottleConfig throttle,
            CacheConfig cache,
            List<PlanLimitsConfig> plans,
            boolean metricsEnabled,
            ValidationConfig validation) {
        this(
                httpMethod,
                resourcePath,
                apiKeyRequired,
                integration,
                authorization,
                throttle,
                cache,
                plans,
                metricsEnabled,
                validation,
                null);
    }

    /** An open route (authorization {@code NONE}) with no throttle, cache or usage plan. */
    public RouteConfig(String httpMethod, String resourcePath, boolean apiKeyRequired, IntegrationConfig integration) {
        this(httpMethod, resourcePath, apiKeyRequired, integration, null, null, null, null);
    }

    /** A route with its authorization and no throttle, cache or usage plan. */
    public RouteConfig(
            String httpMethod,
            String resourcePath,
            boolean apiKeyRequired,
            IntegrationConfig integration,
            RouteAuthorizationConfig authorization) {
        this(httpMethod, resourcePath, apiKeyRequired, integration, authorization, null, null, null);
    }

    /** An open route (authorization {@code NONE}) with its limits and cache. */
    public RouteConfig(
            String httpMethod,
            String resourcePath,
            boolean apiKeyRequired,
            IntegrationConfig integration,
            ThrottleConfig throttle,
            CacheConfig cache,
            List<PlanLimitsConfig> plans) {
        this(httpMethod, resourcePath, apiKeyRequired, integration, null, throttle, cache, plans);
    }

    /** This route with the limits and cache that apply to it. */
    public RouteConfig withLimits(ThrottleConfig throttle, CacheConfig cache, List<PlanLimitsConfig> plans) {
        return new RouteConfig(
                httpMethod,
                resourcePath,
                apiKeyRequired,
                integration,
                authorization,
                throttle,
                cache,
                plans,
                metricsEnabled,
                validation,
                webSocket);
    }

    /** This route with detailed (per-method) metrics on or off. */
    public RouteConfig withMetricsEnabled(boolean enabled) {
        return new RouteConfig(
                httpMethod,
                resourcePath,
                apiKeyRequired,
                integration,
                authorization,
                throttle,
                cache,
                plans,
                enabled,
                validation,
                webSocket);
    }

    /** This route with what its request validator checks (null for nothing). */
    public RouteConfig withValidation(ValidationConfig validation) {
        return new RouteConfig(
                httpMethod,
                resourcePath,
                apiKeyRequired,
                integration,
                authorization,
                throttle,
                cache,
                plans,
                metricsEnabled,
                validation,
                webSocket);
    }

    /** This route as a WebSocket API's route (null for an HTTP or REST route). */
    public RouteConfig withWebSocket(WebSocketRouteConfig route) {
        return new RouteConfig(
                httpMethod,
                resourcePath,
                apiKeyRequired,
                integration,
                authorization,
                throttle,
                cache,
                plans,
                metricsEnabled,
                validation,
                route);
    }
}
