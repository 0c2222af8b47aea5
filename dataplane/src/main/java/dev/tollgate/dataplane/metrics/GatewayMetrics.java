package dev.tollgate.dataplane.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.LongSupplier;

/**
 * The gateway's meter registry and the meters with fixed names: {@code tollgate_requests_total},
 * {@code tollgate_request_duration_seconds}, {@code tollgate_integration_duration_seconds}, {@code
 * tollgate_config_reloads_total}, {@code tollgate_connections_rejected_total{reason}} and {@code
 * tollgate_client_timeouts_total{kind}}. Route meters are created when a runtime is built, and the
 * refusal and timeout counters when the server starts: never on the request path. The request
 * meters carry a {@code canary} tag ({@code "true"} for requests a stage's canary served), so a
 * canary's series sit beside its stage's and compare with them.
 */
public final class GatewayMetrics {
    static final String REQUESTS = "tollgate.requests";
    static final String REQUEST_DURATION = "tollgate.request.duration";
    static final String INTEGRATION_DURATION = "tollgate.integration.duration";
    static final String CONFIG_RELOADS = "tollgate.config.reloads";
    static final String CONNECTIONS_REJECTED = "tollgate.connections.rejected";
    static final String CLIENT_TIMEOUTS = "tollgate.client.timeouts";

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

    /**
     * The counter of connections or requests refused for {@code reason} (a connection cap, a
     * malformed or oversized request, a failed TLS handshake, a refused HTTP/2 stream, ...).
     */
    public Counter rejected(String reason) {
        return Counter.builder(CONNECTIONS_REJECTED)
                .description("Connections, requests and streams refused by the gateway, by reason")
                .tag("reason", reason)
                .register(registry);
    }

    /** The counter of client connections closed because a deadline of {@code kind} passed. */
    public Counter clientTimedOut(String kind) {
        return Counter.builder(CLIENT_TIMEOUTS)
                .description("Client connections closed by a deadline, by kind")
                .tag("kind", kind)
                .register(registry);
    }

    /** Exports a value read from {@code value} at scrape time. */
    public void gauge(String name, String description, LongSupplier value) {
        Gauge.builder(name, value, v -> (double) v.getAsLong())
                .description(description)
                // The supplier is often a lambda nothing else holds: keep it, or the gauge reads NaN.
                .strongReference(true)
                .register(registry);
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
