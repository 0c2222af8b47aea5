package dev.tollgate.dataplane.steps.cache;

import dev.tollgate.dataplane.limits.LimitMeters;
import dev.tollgate.dataplane.limits.LimitState;
import dev.tollgate.dataplane.limits.SharedState;
import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.dataplane.runtime.StepContext;
import dev.tollgate.dataplane.runtime.StepFactory;
import dev.tollgate.ir.RouteConfig;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache step of methods with caching on a stage with a cache. The cache id is the stage's
 * ({@code namespace/api/stage}), so a reload that keeps the stage keeps its entries.
 */
public final class CacheStepFactory implements StepFactory {
    private static final Logger LOG = LoggerFactory.getLogger(CacheStepFactory.class);

    private final LimitState state;
    /** The flush token last seen per cache id (a reload with another token flushes that cache). */
    private final Map<String, String> flushTokens = new ConcurrentHashMap<>();

    public CacheStepFactory(LimitState state) {
        this.state = state;
    }

    @Override
    public Step create(StepContext context) {
        if (context.route().cache() == null || context.stage().cacheSizeMb() == null) {
            return null;
        }
        LimitMeters meters = new LimitMeters(context.services().metrics().registry(), context.meterTags());
        String method = context.route().httpMethod();
        String cacheId = context.config().namespace() + "/" + context.api().name() + "/"
                + context.stage().name();
        String routeKey = method + " " + context.route().resourcePath();
        SharedState shared = state.forConfig(context.config());
        flushOnNewToken(cacheId, context.stage().cacheFlushToken(), shared);
        CacheStep.Caller caller = new CacheStep.Caller(
                context.route().apiKeyRequired(), context.route().authorization() != null);
        if (!method.equals("GET") && !method.equals(RouteConfig.ANY)) {
            return new CacheStep.BodyKeyed(
                    HttpMethod.valueOf(method),
                    cacheId,
                    context.stage().cacheSizeMb(),
                    routeKey,
                    context.route().cache(),
                    shared,
                    meters.cacheHits(),
                    meters.cacheMisses(),
                    caller);
        }
        return new CacheStep(
                cacheId,
                context.stage().cacheSizeMb(),
                routeKey,
                context.route().cache(),
                shared,
                meters.cacheHits(),
                meters.cacheMisses(),
                caller);
    }

    /**
     * Flushes the stage's cache when its Stage's flush token differs from the one seen before (the
     * first token seen in this process flushes nothing: it is where the cache started).
     */
    private void flushOnNewToken(String cacheId, String token, SharedState shared) {
        String now = token == null ? "" : token;
        String before = flushTokens.put(cacheId, now);
        if (before != null && !before.equals(now)) {
            shared.cacheFlush(cacheId).whenComplete((n, error) -> {
                if (error != null) {
                    LOG.warn("stage cache {}: flush for a new flush token failed: {}", cacheId, error.toString());
                } else {
                    LOG.info("stage cache {}: flushed {} entries for a new flush token", cacheId, n);
                }
            });
        }
    }
}
