package dev.tollgate.ir;

import java.util.List;
import java.util.SortedMap;

/**
 * A stage's canary: a share of the stage's requests, chosen per request, served by another
 * deployment with its own routes and variables. Throttles, usage plans and (when the Stage says
 * so) the cache are the stage's, already merged into the routes.
 *
 * @param percentTraffic the percentage of the stage's requests the canary serves, 0 to 100,
 *     fractional
 * @param deployment the deployment the canary serves
 * @param variables the stage's variables with the canary's overrides, already substituted into the
 *     routes
 * @param routes every method the canary serves, sorted by resource path then HTTP method
 * @param defaultRoute for HTTP APIs, the canary's {@code $default} route, or null
 */
public record CanaryConfig(
        double percentTraffic,
        DeploymentConfig deployment,
        SortedMap<String, String> variables,
        List<RouteConfig> routes,
        RouteConfig defaultRoute) {
    public CanaryConfig {
        if (!(percentTraffic >= 0 && percentTraffic <= 100)) {
            throw new IllegalArgumentException("bad percentTraffic " + percentTraffic);
        }
        if (deployment == null) {
            throw new IllegalArgumentException("a canary serves a deployment");
        }
        variables = Ir.sortedMap(variables);
        routes = Ir.list(routes);
    }
}
