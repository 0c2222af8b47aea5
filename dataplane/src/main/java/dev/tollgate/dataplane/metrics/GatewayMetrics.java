package dev.tollgate.dataplane.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.LongSupplier;

/**
 * The gateway's meter registry and the meters with fixed names: {@code tollgate_requests_total},
 * {@code tollgate_request_duration_seconds}, {@code tollgate_integration_duration_seconds}, {@code
 * tollgate_config_reloads_total}. Route meters are created when a runtime is built, never on the
 * request path. The request meters carry a {@code canary} tag ({@code "true"} for requests a
 * stage's canary served), so a canary's series sit beside its stage's and compare with them.
 */
public final class GatewayMetrics {
    static final String REQUESTS = "tollgate.requests";
    static final String REQUEST_DURATION = "tollgate.request.duration";
    static final String INTEGRATION_DURATION = "tollgate.integration.duration";
    static final String CONFIG_RELOADS = "tollgate.config.reloads";

    /** Tag of the request meters telling a canary's requests from its stage's. */
    public static final String CANARY_TAG = "canary";

    /** Tag value for requests that matched no API, stage or resource (never the raw path). */
    public static final String UNKNOWN = "unknown";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter reloadSuccess;
    private final Counter reloadFailure;

    public GatewayMetrics() {
        reloadSuccess = Counter.builder(CONFIG_RELOADS)
                .description("Config reloads by result")
                .tag("result", "success")
                .register(registry);
        reloadFailure = Counter.builder(CONFIG_RELOADS)
                .description("Config reloads by result")
                .tag("result", "failure")
                .register(registry);
    }

    /** The meters of one route of a stage (not its canary); the same tags give the same meters across reloads. */
    public RouteMeters route(String namespace, String api, String stage, String method, String resource) {
        return route(namespace, api, stage, method, resource, false);
    }

    /**
     * The meters of one route, of a stage or of its canary; the same tags give the same meters
     * across reloads.
     */
    public RouteMeters route(
            String namespace, String api, String stage, String method, String resource, boolean canary) {
        Tags tags = routeTags(namespace, api, stage, method, resource).and(CANARY_TAG, Boolean.toString(canary));
        Timer duration = Timer.builder(REQUEST_DURATION)
                .description("Time from request start to response written")
                .tags(tags)
                .register(registry);
        Timer integration = Timer.builder(INTEGRATION_DURATION)
                .description("Time spent waiting for the integration")
                .tags(tags)
                .register(registry);
        return new RouteMeters(registry, tags, duration, integration);
    }

    /** The tags every meter of one route carries. */
    public static Tags routeTags(String namespace, String api, String stage, String method, String resource) {
        return Tags.of("namespace", namespace, "api", api, "stage", stage, "method", method, "resource", resource);
    }

    /** Counts one config reload attempt. */
    public void configReload(boolean success) {
        (success ? reloadSuccess : reloadFailure).increment();
    }

    /** Exports the access log's dropped-line count, read from {@code dropped} at scrape time. */
    public void accessLog(LongSupplier dropped) {
        FunctionCounter.builder("tollgate_access_log_dropped", dropped, LongSupplier::getAsLong)
                .description("Access-log lines dropped because the writer could not keep up")
                .register(registry);
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }
}
