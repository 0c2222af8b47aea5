package dev.tollgate.dataplane.steps.cache;

import dev.tollgate.dataplane.limits.LimitMeters;
import dev.tollgate.dataplane.limits.LimitState;
import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.dataplane.runtime.StepContext;
import dev.tollgate.dataplane.runtime.StepFactory;
import dev.tollgate.ir.RouteConfig;
import io.netty.handler.codec.http.HttpMethod;

/**
 * The cache step of methods with caching on a stage with a cache. The cache id is the stage's
 * ({@code namespace/api/stage}), so a reload that keeps the stage keeps its entries.
 */
public final class CacheStepFactory implements StepFactory {
    private final LimitState state;

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
        if (!method.equals("GET") && !method.equals(RouteConfig.ANY)) {
            return new CacheStep.BodyKeyed(
                    HttpMethod.valueOf(method),
                    cacheId,
                    context.stage().cacheSizeMb(),
                    routeKey,
                    context.route().cache(),
                    state.forConfig(context.config()),
                    meters.cacheHits(),
                    meters.cacheMisses());
        }
        return new CacheStep(
                cacheId,
                context.stage().cacheSizeMb(),
                routeKey,
                context.route().cache(),
                state.forConfig(context.config()),
                meters.cacheHits(),
                meters.cacheMisses());
    }
}
