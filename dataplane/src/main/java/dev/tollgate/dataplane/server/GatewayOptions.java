package dev.tollgate.dataplane.server;

import dev.tollgate.dataplane.runtime.ApiRef;
import dev.tollgate.dataplane.runtime.ServiceResolver;
import dev.tollgate.ir.TrafficLimitsConfig;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;

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
        boolean aggregateBodies) {

    public GatewayOptions {
        clock = clock == null ? Clock.systemUTC() : clock;
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
        this(bind, port, adminPort, eventLoops, drain, resolver, defaultApi, accessLog, null, null, null, false);
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
        return new GatewayOptions(
                bind,
                port,
                adminPort,
                eventLoops,
                drain,
                resolver,
                defaultApi,
                accessLog,
                redisUrl,
                clock,
                limits,
                aggregateBodies);
    }

    public GatewayOptions withResolver(ServiceResolver r) {
        return new GatewayOptions(
                bind,
                port,
                adminPort,
                eventLoops,
                drain,
                r,
                defaultApi,
                accessLog,
                redisUrl,
                clock,
                limits,
                aggregateBodies);
    }

    public GatewayOptions withDefaultApi(ApiRef api) {
        return new GatewayOptions(
                bind,
                port,
                adminPort,
                eventLoops,
                drain,
                resolver,
                api,
                accessLog,
                redisUrl,
                clock,
                limits,
                aggregateBodies);
    }

    public GatewayOptions withDrain(Duration d) {
        return new GatewayOptions(
                bind,
                port,
                adminPort,
                eventLoops,
                d,
                resolver,
                defaultApi,
                accessLog,
                redisUrl,
                clock,
                limits,
                aggregateBodies);
    }

    public GatewayOptions withEventLoops(int n) {
        return new GatewayOptions(
                bind,
                port,
                adminPort,
                n,
                drain,
                resolver,
                defaultApi,
                accessLog,
                redisUrl,
                clock,
                limits,
                aggregateBodies);
    }

    public GatewayOptions withAccessLog(OutputStream out) {
        return new GatewayOptions(
                bind,
                port,
                adminPort,
                eventLoops,
                drain,
                resolver,
                defaultApi,
                out,
                redisUrl,
                clock,
                limits,
                aggregateBodies);
    }

    public GatewayOptions withBind(String address) {
        return new GatewayOptions(
                address,
                port,
                adminPort,
                eventLoops,
                drain,
                resolver,
                defaultApi,
                accessLog,
                redisUrl,
                clock,
                limits,
                aggregateBodies);
    }

    public GatewayOptions withRedis(String url) {
        return new GatewayOptions(
                bind,
                port,
                adminPort,
                eventLoops,
                drain,
                resolver,
                defaultApi,
                accessLog,
                url,
                clock,
                limits,
                aggregateBodies);
    }

    /** These options with the command line's limits ({@code overrides}' values win over a Gateway's). */
    public GatewayOptions withLimits(TrafficLimitsConfig overrides) {
        return new GatewayOptions(
                bind,
                port,
                adminPort,
                eventLoops,
                drain,
                resolver,
                defaultApi,
                accessLog,
                redisUrl,
                clock,
                overrides,
                aggregateBodies);
    }

    /** These options reading every request body whole (or not). */
    public GatewayOptions withAggregateBodies(boolean on) {
        return new GatewayOptions(
                bind, port, adminPort, eventLoops, drain, resolver, defaultApi, accessLog, redisUrl, clock, limits, on);
    }

    public GatewayOptions withClock(Clock c) {
        return new GatewayOptions(
                bind,
                port,
                adminPort,
                eventLoops,
                drain,
                resolver,
                defaultApi,
                accessLog,
                redisUrl,
                c,
                limits,
                aggregateBodies);
    }
}
