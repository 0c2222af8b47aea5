package dev.tollgate.dataplane.metrics;

import dev.tollgate.ir.RouteConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The gateway's meter registry and the meters with fixed names: {@code tollgate_requests_total},
 * the histograms {@code tollgate_request_duration_seconds} and {@code
 * tollgate_integration_duration_seconds}, the byte counters {@code tollgate_request_bytes_total}
 * and {@code tollgate_response_bytes_total}, {@code tollgate_config_reloads_total}, {@code
 * tollgate_connections_rejected_total{reason}} and {@code tollgate_client_timeouts_total{kind}};
 * and, once a server binds them, JVM and Netty buffer and event-loop meters. A route's meters are
 * registered by its first request ({@link StageMeters}) and kept in the route from then on; the
 * refusal and timeout counters are registered when the server starts.
 *
 * <p>Labels are AWS's CloudWatch dimensions (plus the namespace): {@code api} (ApiName), {@code
 * stage} (Stage), {@code method} (Method) and {@code resource} (Resource, the route's template,
 * never a raw path). As AWS, a method has its own method and resource labels only with detailed
 * metrics ({@code metricsEnabled}); otherwise it counts in its API and stage series, whose method
 * and resource labels are empty (Prometheus reads an empty label as absent). The request meters
 * also carry a {@code canary} tag ({@code "true"} for requests a stage's canary served), so a
 * canary's series sit beside its stage's and compare with them.
 */
public final class GatewayMetrics implements AutoCloseable {
    static final String REQUESTS = "tollgate.requests";
    static final String REQUEST_DURATION = "tollgate.request.duration";
    static final String INTEGRATION_DURATION = "tollgate.integration.duration";
    static final String REQUEST_BYTES = "tollgate.request.bytes";
    static final String RESPONSE_BYTES = "tollgate.response.bytes";
    static final String CONFIG_RELOADS = "tollgate.config.reloads";
    static final String CONNECTIONS_REJECTED = "tollgate.connections.rejected";
    static final String CLIENT_TIMEOUTS = "tollgate.client.timeouts";

    /** Tag of the request meters telling a canary's requests from its stage's. */
    public static final String CANARY_TAG = "canary";

    /** Tag value for requests that matched no API or stage (never the raw host or path). */
    public static final String UNKNOWN = "unknown";

    /** Method and resource label of the API-and-stage series (no detailed metrics). */
    public static final String STAGE_LEVEL = "";

    /**
     * The latency histograms' bucket bounds: a gateway answers from the cache or a MOCK in well
     * under a millisecond, proxies in milliseconds, and gives up at AWS's 29 s integration
     * timeout, so the bounds run from 1 ms to 30 s (plus {@code +Inf}); fixed, so every replica's
     * buckets add up in PromQL.
     */
    public static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(1),
        Duration.ofMillis(2),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30)
    };

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter reloadSuccess;
    private final Counter reloadFailure;
    private JvmGcMetrics gc;

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

    /**
     * Binds the process's meters: JVM memory, GC, threads, class loading, CPU and uptime, the Netty
     * buffer allocators' memory (and the pooled one's arenas and caches), and the traffic event
     * loops' pending tasks. Once per server; {@link #close} unbinds what holds listeners.
     */
    public synchronized void bindProcess(EventLoopGroup traffic) {
        if (gc != null) {
            return;
        }
        new JvmMemoryMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
            new NettyAllocatorMetrics(provider).bindTo(registry);
        }
        if (ByteBufAllocator.DEFAULT != PooledByteBufAllocator.DEFAULT) {
            new NettyAllocatorMetrics(PooledByteBufAllocator.DEFAULT).bindTo(registry);
        }
        new NettyEventExecutorMetrics(traffic).bindTo(registry);
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
                .description("Time from request start to response written (CloudWatch Latency)")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .tags(tags)
                .register(registry);
        Timer integration = Timer.builder(INTEGRATION_DURATION)
                .description("Time spent waiting for the integration (CloudWatch IntegrationLatency)")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .tags(tags)
                .register(registry);
        Counter bytesIn = Counter.builder(REQUEST_BYTES)
                .description("Request body bytes received")
                .baseUnit("bytes")
                .tags(tags)
                .register(registry);
        Counter bytesOut = Counter.builder(RESPONSE_BYTES)
                .description("Response body bytes sent")
                .baseUnit("bytes")
                .tags(tags)
                .register(registry);
        return new RouteMeters(registry, tags, duration, integration, bytesIn, bytesOut);
    }

    /** The meters a route counts in: its own with detailed metrics, else its API's and stage's. */
    public RouteMeters route(String namespace, String api, String stage, RouteConfig route) {
        return route(namespace, api, stage, route, false);
    }

    /**
     * The meters a route of a stage or of its canary counts in: its own with detailed metrics, else
     * its API's and stage's.
     */
    public RouteMeters route(String namespace, String api, String stage, RouteConfig route, boolean canary) {
        return route(namespace, api, stage, method(route), resource(route), canary);
    }

    /** The tags every meter of one route carries. */
    public static Tags routeTags(String namespace, String api, String stage, String method, String resource) {
        return Tags.of("namespace", namespace, "api", api, "stage", stage, "method", method, "resource", resource);
    }

    /** The tags of the meters a route counts in (see {@link #route(String, String, String, RouteConfig)}). */
    public static Tags routeTags(String namespace, String api, String stage, RouteConfig route) {
        return routeTags(namespace, api, stage, method(route), resource(route));
    }

    private static String method(RouteConfig route) {
        return route.metricsEnabled() ? route.httpMethod() : STAGE_LEVEL;
    }

    private static String resource(RouteConfig route) {
        return route.metricsEnabled() ? route.resourcePath() : STAGE_LEVEL;
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

    /** Unbinds the GC listeners {@link #bindProcess} registered. */
    @Override
    public synchronized void close() {
        if (gc != null) {
            gc.close();
        }
    }
}
