package dev.tollgate.compiler;

import dev.tollgate.ir.CacheConfig;
import dev.tollgate.ir.CacheInvalidation;
import dev.tollgate.ir.CacheKeyParameter;
import dev.tollgate.ir.PlanLimitsConfig;
import dev.tollgate.ir.QuotaConfig;
import dev.tollgate.ir.RouteConfig;
import dev.tollgate.ir.ThrottleConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * Merges what limits and caches a request into each route, as AWS applies them, so the data plane
 * only enforces: the stage throttle overridden by the most specific method setting, the stage
 * cache with the method's caching settings and cache key parameters, and the usage plans covering
 * the stage with their per-method throttles. Pure: its inputs are already checked, it reports
 * nothing and depends on nothing but them.
 */
final class RouteLimitsMerge {
    private RouteLimitsMerge() {}

    /**
     * A Stage's checked limits.
     *
     * @param throttle the stage's throttle, or null for none
     * @param methodSettings its method settings, in the order written
     * @param cacheSizeMb the stage cache's memory bound, or null when the stage does not cache
     * @param defaultTtlSeconds how long a response is cached when no method setting says otherwise
     */
    record StageLimits(
            ThrottleConfig throttle,
            List<MethodSettingLimits> methodSettings,
            Integer cacheSizeMb,
            int defaultTtlSeconds) {
        StageLimits {
            methodSettings = List.copyOf(methodSettings);
        }
    }

    /**
     * One checked method setting of a Stage.
     *
     * @param resourcePath the resource path it applies to, or {@code *} for every one
     * @param httpMethod the method it applies to, or {@code *} for every one
     * @param throttle its throttle, or null when it sets none
     * @param caching its caching settings, or null when it sets none
     * @param metricsEnabled its detailed-metrics switch, or null when it sets none
     */
    record MethodSettingLimits(
            String resourcePath,
            String httpMethod,
            ThrottleConfig throttle,
            CacheOverride caching,
            Boolean metricsEnabled) {

        /** A setting without a detailed-metrics switch. */
        MethodSettingLimits(String resourcePath, String httpMethod, ThrottleConfig throttle, CacheOverride caching) {
            this(resourcePath, httpMethod, throttle, caching, null);
        }

        /** Whether the setting applies to the route. */
        boolean covers(RouteConfig route) {
            boolean path = resourcePath.equals("*") || resourcePath.equals(route.resourcePath());
            boolean method = httpMethod.equals("*") || httpMethod.equals(route.httpMethod());
            return path && method;
        }

        /** How specific the setting is: a path outranks a method, both outrank {@code * / *}. */
        int rank() {
            return (resourcePath.equals("*") ? 0 : 2) + (httpMethod.equals("*") ? 0 : 1);
        }
    }

    /**
     * A method setting's caching; each null component leaves the default.
     *
     * @param enabled whether the method's responses are cached (default: yes, for GET)
     * @param ttlSeconds how long, in seconds (default: the stage's)
     * @param requireAuthorization whether {@code Cache-Control: max-age=0} needs authorization (default: yes)
     * @param unauthorized what an unauthorized invalidation gets (default: served, with a header)
     */
    record CacheOverride(
            Boolean enabled, Integer ttlSeconds, Boolean requireAuthorization, CacheInvalidation unauthorized) {}

    /**
     * What one usage plan applies to the routes of one stage it covers.
     *
     * @param methodThrottles per-method throttles by {@code /path/METHOD} or {@code /path/*}
     */
    record PlanLimits(
            String name,
            ThrottleConfig throttle,
            QuotaConfig quota,
            SortedMap<String, ThrottleConfig> methodThrottles) {}

    /**
     * The route with its throttle, cache and usage plans.
     *
     * @param cacheKeys what a cached response of the route is keyed by
     * @param plans the usage plans covering the route's stage, sorted by name
     */
    static RouteConfig merge(
            RouteConfig route, List<CacheKeyParameter> cacheKeys, StageLimits stage, List<PlanLimits> plans) {
        // The most specific setting wins, field by field, as AWS resolves */* against a method's own.
        ThrottleConfig throttle = stage.throttle();
        int throttleRank = -1;
        CacheOverride caching = null;
        int cachingRank = -1;
        boolean metricsEnabled = false;
        int metricsRank = -1;
        for (MethodSettingLimits m : stage.methodSettings()) {
            if (!m.covers(route)) {
                continue;
            }
            int rank = m.rank();
            if (m.throttle() != null && rank > throttleRank) {
                throttle = m.throttle();
                throttleRank = rank;
            }
            if (m.caching() != null && rank > cachingRank) {
                caching = m.caching();
                cachingRank = rank;
            }
            if (m.metricsEnabled() != null && rank > metricsRank) {
                metricsEnabled = m.metricsEnabled();
                metricsRank = rank;
            }
        }
        return route.withLimits(throttle, cache(route, cacheKeys, stage, caching), plans(route, plans))
                .withMetricsEnabled(metricsEnabled);
    }

    private static CacheConfig cache(
            RouteConfig route, List<CacheKeyParameter> cacheKeys, StageLimits stage, CacheOverride caching) {
        // AWS enables caching of every GET method when the stage cache is turned on; another method
        // is cached only when a method setting turns caching on for it.
        boolean byDefault =
                route.httpMethod().equals("GET") || route.httpMethod().equals(RouteConfig.ANY);
        boolean explicit = caching != null && Boolean.TRUE.equals(caching.enabled());
        if (stage.cacheSizeMb() == null || (!byDefault && !explicit)) {
            return null;
        }
        boolean enabled = caching == null || caching.enabled() == null || caching.enabled();
        int ttl = caching != null && caching.ttlSeconds() != null ? caching.ttlSeconds() : stage.defaultTtlSeconds();
        if (!enabled || ttl <= 0) {
            return null;
        }
        boolean requireAuth =
                caching == null || caching.requireAuthorization() == null || caching.requireAuthorization();
        CacheInvalidation unauthorized = caching == null || caching.unauthorized() == null
                ? CacheInvalidation.SUCCEED_WITH_RESPONSE_HEADER
                : caching.unauthorized();
        return new CacheConfig(ttl, cacheKeys, requireAuth, unauthorized);
    }

    // Only key-required methods are metered: a plan's limits apply per API key.
    private static List<PlanLimitsConfig> plans(RouteConfig route, List<PlanLimits> plans) {
        List<PlanLimitsConfig> out = new ArrayList<>();
        if (!route.apiKeyRequired()) {
            return out;
        }
        String prefix = route.resourcePath().equals("/") ? "/" : route.resourcePath();
        for (PlanLimits plan : plans) {
            ThrottleConfig own = plan.methodThrottles().get(prefix + "/" + route.httpMethod());
            if (own == null) {
                own = plan.methodThrottles().get(prefix + "/*");
            }
            out.add(
                    own != null
                            ? new PlanLimitsConfig(plan.name(), own, true, plan.quota())
                            : new PlanLimitsConfig(plan.name(), plan.throttle(), false, plan.quota()));
        }
        return out;
    }
}
