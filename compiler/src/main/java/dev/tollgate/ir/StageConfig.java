package dev.tollgate.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.SortedMap;

/**
 * One stage of an API: its variables already substituted into every route it serves.
 *
 * @param name the stage name, the first path segment on the default endpoint
 * @param variables the stage variables, for {@code $stageVariables} in access logs (already
 *     resolved into URIs and mappings by the compiler)
 * @param accessLogFormat the access log line, with {@code $context.*} variables (see {@link
 *     ContextVariable}); the compiler fills in the default when the Stage sets none
 * @param routes every method served, sorted by resource path then HTTP method
 * @param defaultRoute for HTTP APIs, the {@code $default} route that takes every request no other
 *     route matches; null when absent
 * @param cacheSizeMb the memory bound of the stage's response cache in MB (AWS's cache cluster
 *     size); null when the stage has no cache
 * @param deployment the ApiDeployment a pinned stage serves (its routes are compiled from it, and
 *     its gateway responses, CORS and policy apply in place of the API's); null when the stage
 *     follows its RestApi
 * @param canary the stage's canary, or null when it has none
 */
public record StageConfig(
        String name,
        SortedMap<String, String> variables,
        String accessLogFormat,
        List<RouteConfig> routes,
        RouteConfig defaultRoute,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer cacheSizeMb,
        @JsonInclude(JsonInclude.Include.NON_NULL) DeploymentConfig deployment,
        @JsonInclude(JsonInclude.Include.NON_NULL) CanaryConfig canary) {

    /** The name of an HTTP API's stage served at the root of its endpoint, with no stage segment. */
    public static final String DEFAULT_STAGE = "$default";

    /** The access log format used when a Stage sets none (CLF-like, as AWS's console suggests). */
    public static final String DEFAULT_ACCESS_LOG_FORMAT =
            "$context.identity.sourceIp - - [$context.requestTime] \"$context.httpMethod"
                    + " $context.path $context.protocol\" $context.status $context.responseLength"
                    + " $context.requestId $context.responseLatency";

    public StageConfig {
        Ir.require(name, "name");
        variables = Ir.sortedMap(variables);
        accessLogFormat = accessLogFormat == null ? DEFAULT_ACCESS_LOG_FORMAT : accessLogFormat;
        routes = Ir.list(routes);
        if (cacheSizeMb != null && cacheSizeMb < 1) {
            throw new IllegalArgumentException("bad cacheSizeMb " + cacheSizeMb);
        }
    }

    /** A stage that follows its RestApi, with no canary. */
    public StageConfig(
            String name,
            SortedMap<String, String> variables,
            String accessLogFormat,
            List<RouteConfig> routes,
            RouteConfig defaultRoute,
            Integer cacheSizeMb) {
        this(name, variables, accessLogFormat, routes, defaultRoute, cacheSizeMb, null, null);
    }

    /** A stage without a response cache. */
    public StageConfig(
            String name,
            SortedMap<String, String> variables,
            String accessLogFormat,
            List<RouteConfig> routes,
            RouteConfig defaultRoute) {
        this(name, variables, accessLogFormat, routes, defaultRoute, null, null, null);
    }
}
