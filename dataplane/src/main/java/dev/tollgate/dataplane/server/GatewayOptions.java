package dev.tollgate.dataplane.server;

import dev.tollgate.dataplane.runtime.ApiRef;
import dev.tollgate.dataplane.runtime.ServiceResolver;
import dev.tollgate.ir.TrafficLimitsConfig;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * How a gateway listens and serves.
 *
 * @param bind the address both servers bind
 * @param port the traffic port (0 picks a free one)
 * @param adminPort the admin port (0 picks a free one)
 * @param eventLoops traffic event loops (0: one per core)
 * @param drain how long in-flight requests may take to finish on shutdown
 * @param resolver where Services are
 * @param defaultApi the API unmatched hosts go to, or null
 * @param accessLog where access-log lines go (standard output by default)
 * @param redisUrl the Redis limits and caches share when the Gateway names none (local mode's
 *     {@code --redis}), or null
 * @param clock the clock quota periods are read from (tests move it)
 * @param limits client timeouts and connection limits set on the command line: each value set
 *     here wins over the served Gateway's, which wins over the default ({@link TrafficLimits})
 * @param aggregateBodies read every request body whole before the route's steps, as a route with
 *     a body-reading step does (for measurements and tests; off streams bodies where it can)
 * @param telemetry the trace collector given on the command line and the execution logs' bound
 */
public record GatewayOptions(
        String bind,
        int port,
        int adminPort,
        int eventLoops,
        Duration drain,
        ServiceResolver resolver,
        ApiRef defaultApi,
        OutputStream accessLog,
        String redisUrl,
        Clock clock,
        TrafficLimitsConfig limits,
        boolean aggregateBodies,
        TelemetryOptions telemetry) {

    public GatewayOptions {
        clock = clock == null ? Clock.systemUTC() : clock;
        telemetry = telemetry == null ? TelemetryOptions.DEFAULTS : telemetry;
        limits = limits == null ? TrafficLimitsConfig.DEFAULTS : limits;
    }

    /** Options without a default Redis, on the system clock. */
    public GatewayOptions(
            String bind,
            int port,
            int adminPort,
            int eventLoops,
            Duration drain,
            ServiceResolver resolver,
            ApiRef defaultApi,
            OutputStream accessLog) {
        this(bind, port, adminPort, eventLoops, drain, resolver, defaultApi, accessLog, null, null, null, false, null);
    }

    /** 127.0.0.1:8080, admin 9000, one loop per core, 10 s drain, cluster DNS, no default API. */
    public static GatewayOptions defaults() {
        return new GatewayOptions(
                "127.0.0.1",
                8080,
                9000,
                Runtime.getRuntime().availableProcessors(),
                Duration.ofSeconds(10),
                ServiceResolver.clusterDns(),
                null,
                new FileOutputStream(FileDescriptor.out));
    }

    public GatewayOptions withPorts(int port, int adminPort) {
        return copy(f -> {
            f.port = port;
            f.adminPort = adminPort;
        });
    }

    public GatewayOptions withResolver(ServiceResolver r) {
        return copy(f -> f.resolver = r);
    }

    public GatewayOptions withDefaultApi(ApiRef api) {
        return copy(f -> f.defaultApi = api);
    }

    public GatewayOptions withDrain(Duration d) {
        return copy(f -> f.drain = d);
    }

    public GatewayOptions withEventLoops(int n) {
        return copy(f -> f.eventLoops = n);
    }

    public GatewayOptions withAccessLog(OutputStream out) {
        return copy(f -> f.accessLog = out);
    }

    public GatewayOptions withBind(String address) {
        return copy(f -> f.bind = address);
    }

    public GatewayOptions withRedis(String url) {
        return copy(f -> f.redisUrl = url);
    }

    /** These options with the command line's limits ({@code overrides}' values win over a Gateway's). */
    public GatewayOptions withLimits(TrafficLimitsConfig overrides) {
        return copy(f -> f.limits = overrides);
    }

    /** These options reading every request body whole (or not). */
    public GatewayOptions withAggregateBodies(boolean on) {
        return copy(f -> f.aggregateBodies = on);
    }

    public GatewayOptions withClock(Clock c) {
        return copy(f -> f.clock = c);
    }

    /** These options with the command line's trace collector and execution log bound. */
    public GatewayOptions withTelemetry(TelemetryOptions t) {
        return copy(f -> f.telemetry = t);
    }

    /** A copy of these options with {@code change} applied to its fields. */
    private GatewayOptions copy(Consumer<Fields> change) {
        Fields f = new Fields(this);
        change.accept(f);
        return new GatewayOptions(
                f.bind,
                f.port,
                f.adminPort,
                f.eventLoops,
                f.drain,
                f.resolver,
                f.defaultApi,
                f.accessLog,
                f.redisUrl,
                f.clock,
                f.limits,
                f.aggregateBodies,
                f.telemetry);
    }

    /** The record's fields, settable, for {@link #copy}. */
    private static final class Fields {
        String bind;
        int port;
        int adminPort;
        int eventLoops;
        Duration drain;
        ServiceResolver resolver;
        ApiRef defaultApi;
        OutputStream accessLog;
        String redisUrl;
        Clock clock;
        TrafficLimitsConfig limits;
        boolean aggregateBodies;
        TelemetryOptions telemetry;

        Fields(GatewayOptions o) {
            bind = o.bind;
            port = o.port;
            adminPort = o.adminPort;
            eventLoops = o.eventLoops;
            drain = o.drain;
            resolver = o.resolver;
            defaultApi = o.defaultApi;
            accessLog = o.accessLog;
            redisUrl = o.redisUrl;
            clock = o.clock;
            limits = o.limits;
            aggregateBodies = o.aggregateBodies;
            telemetry = o.telemetry;
        }
    }
}
