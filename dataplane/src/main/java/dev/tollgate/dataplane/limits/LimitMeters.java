package dev.tollgate.dataplane.limits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Meters of limits and the cache: {@code tollgate_throttled_total} (by route and reason: stage,
 * plan, quota, unavailable), {@code tollgate_cache_hits_total}, {@code tollgate_cache_misses_total}
 * and {@code tollgate_usage_requests_total} (requests a usage plan let through, by plan and key).
 */
public final class LimitMeters {
    private final MeterRegistry registry;
    private final Tags route;
    private final ConcurrentMap<String, Counter> usage = new ConcurrentHashMap<>();

    /**
     * The meters of one route; created when a runtime is built.
     *
     * @param registry where meters are registered
     * @param route the route's tags (namespace, api, stage, method, resource)
     */
    public LimitMeters(MeterRegistry registry, Tags route) {
        this.registry = registry;
        this.route = route;
    }

    /** Counts a request refused by a limit. */
    public Counter throttled(String reason) {
        return Counter.builder("tollgate.throttled")
                .description("Requests refused by a throttle or quota")
                .tags(route)
                .tag("reason", reason)
                .register(registry);
    }

    public Counter cacheHits() {
        return Counter.builder("tollgate.cache.hits")
                .description("Responses served from the cache")
                .tags(route)
                .register(registry);
    }

    public Counter cacheMisses() {
        return Counter.builder("tollgate.cache.misses")
                .description("Cacheable requests the cache did not hold")
                .tags(route)
                .register(registry);
    }

    /** The usage counter of one plan and key (created on first use of that key on this route). */
    public Counter usage(String namespace, String plan, String key) {
        return usage.computeIfAbsent(plan + "/" + key, k -> Counter.builder("tollgate.usage.requests")
                .description("Requests usage plans let through, by plan and API key")
                .tags("namespace", namespace, "plan", plan, "key", key)
                .register(registry));
    }
}
