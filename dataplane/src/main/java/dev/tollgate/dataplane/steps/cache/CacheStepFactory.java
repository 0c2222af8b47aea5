package dev.tollgate.dataplane.steps.cache;

import dev.tollgate.dataplane.limits.LimitMeters;
import dev.tollgate.dataplane.limits.LimitState;
import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.dataplane.runtime.StepContext;
import dev.tollgate.dataplane.runtime.StepFactory;

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
        return new CacheStep(
                context.config().namespace() + "/" + context.api().name() + "/"
                        + context.stage().name(),
                context.stage().cacheSizeMb(),
                context.route().httpMethod() + " " + context.route().resourcePath(),
                context.route().cache(),
                state.forConfig(context.config()),
                meters.cacheHits(),
                meters.cacheMisses());
    }
}
