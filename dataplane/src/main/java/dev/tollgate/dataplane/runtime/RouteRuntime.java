package dev.tollgate.dataplane.runtime;

import dev.tollgate.dataplane.metrics.RouteMeters;
import dev.tollgate.dataplane.metrics.StageMeters;
import dev.tollgate.ir.RouteConfig;

/**
 * One route as served: its IR, its precomputed steps and its meters, which are registered when the
 * route first counts a request (10,000 configured routes would otherwise hold as many sets of meters
 * before any serves) and read from one field after that.
 */
public final class RouteRuntime {
    private final RouteConfig config;
    private final StepChain chain;
    private final StageMeters stageMeters;
    // Set on first use; two event loops racing to set it get the same registered meters.
    private volatile RouteMeters meters;

    /**
     * @param config the route's IR
     * @param chain its steps
     * @param stageMeters where its meters come from
     */
    public RouteRuntime(RouteConfig config, StepChain chain, StageMeters stageMeters) {
        this.config = config;
        this.chain = chain;
        this.stageMeters = stageMeters;
    }

    /** The route's IR. */
    public RouteConfig config() {
        return config;
    }

    /** Its steps. */
    public StepChain chain() {
        return chain;
    }

    /** Its meters, registered on the first call. */
    public RouteMeters meters() {
        RouteMeters m = meters;
        if (m == null) {
            m = stageMeters.route(config);
            meters = m;
        }
        return m;
    }
}
