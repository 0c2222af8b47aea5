package dev.tollgate.dataplane.server;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.tollgate.ir.TrafficLimitsConfig;
import io.netty.util.internal.PlatformDependent;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The client timeouts and connection limits in force: each value from the command line's flags,
 * else the served Gateway's {@code spec.timeouts} / {@code spec.limits}, else its default (see
 * README, "Limits and timeouts").
 *
 * @param headerTimeoutMillis from a request's first byte to the end of its headers (408, close);
 *     also how long a new connection may stay silent
 * @param bodyIdleTimeoutMillis longest pause between body bytes the gateway is reading (408, close)
 * @param bodyTimeoutMillis longest time to receive a body once the gateway reads it (408, close)
 * @param idleTimeoutMillis keep-alive idle, HTTP/2 idle (no stream), and how long a response may
 *     wait for a client that does not read
 * @param tlsHandshakeTimeoutMillis longest TLS handshake, ClientHello included
 * @param maxConnections connections one traffic listener holds at once
 * @param maxConcurrentStreams HTTP/2 streams open at once per connection
 * @param bodyBudgetBytes request body bytes held at once by the process for routes that read it
 */
public record TrafficLimits(
        long headerTimeoutMillis,
        long bodyIdleTimeoutMillis,
        long bodyTimeoutMillis,
        long idleTimeoutMillis,
        long tlsHandshakeTimeoutMillis,
        int maxConnections,
        int maxConcurrentStreams,
        long bodyBudgetBytes) {

    public static final long DEFAULT_HEADER_TIMEOUT_MILLIS = 10_000;
    public static final long DEFAULT_BODY_IDLE_TIMEOUT_MILLIS = 10_000;
    public static final long DEFAULT_BODY_TIMEOUT_MILLIS = 60_000;
    public static final long DEFAULT_IDLE_TIMEOUT_MILLIS = 60_000;
    public static final long DEFAULT_TLS_HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    /** AWS's default quota of concurrent streams is not published; 100 is RFC 9113's advice. */
    public static final int DEFAULT_MAX_CONCURRENT_STREAMS = 100;

    /** Descriptors kept for everything but client connections: backends, Redis, files, the JVM. */
    static final int FD_HEADROOM = 256;

    /** Smallest default budget, whatever the memory. */
    static final long MIN_DEFAULT_BODY_BUDGET = 16L << 20;

    /** The values {@code config} sets, the defaults for the others. */
    public static TrafficLimits of(TrafficLimitsConfig config) {
        TrafficLimitsConfig c = config == null ? TrafficLimitsConfig.DEFAULTS : config;
        return new TrafficLimits(
                or(c.headerTimeoutMillis(), DEFAULT_HEADER_TIMEOUT_MILLIS),
                or(c.bodyIdleTimeoutMillis(), DEFAULT_BODY_IDLE_TIMEOUT_MILLIS),
                or(c.bodyTimeoutMillis(), DEFAULT_BODY_TIMEOUT_MILLIS),
                or(c.idleTimeoutMillis(), DEFAULT_IDLE_TIMEOUT_MILLIS),
                or(c.tlsHandshakeTimeoutMillis(), DEFAULT_TLS_HANDSHAKE_TIMEOUT_MILLIS),
                c.maxConnections() != null ? c.maxConnections() : defaultMaxConnections(),
                c.maxConcurrentStreams() != null ? c.maxConcurrentStreams() : DEFAULT_MAX_CONCURRENT_STREAMS,
                or(c.bodyBudgetBytes(), defaultBodyBudget()));
    }

    /**
     * Half of what the process's descriptor limit leaves after {@link #FD_HEADROOM}: each proxied
     * client connection may hold a backend connection too. At least 64.
     */
    public static int defaultMaxConnections() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        long fds = os instanceof UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : 4096;
        return (int) Math.max(64, Math.min(Integer.MAX_VALUE, (fds - FD_HEADROOM) / 2));
    }

    /**
     * A quarter of the memory request bodies are buffered in (direct memory when Netty pools direct
     * buffers, else the heap), and at least 16 MiB.
     */
    public static long defaultBodyBudget() {
        long memory = PlatformDependent.directBufferPreferred()
                ? PlatformDependent.maxDirectMemory()
                : Runtime.getRuntime().maxMemory();
        return Math.max(MIN_DEFAULT_BODY_BUDGET, memory / 4);
    }

    /** How often a connection checks its deadlines: a quarter of the shortest, within 10 ms to 1 s. */
    long tickMillis() {
        long shortest = Math.min(
                Math.min(headerTimeoutMillis, bodyIdleTimeoutMillis), Math.min(bodyTimeoutMillis, idleTimeoutMillis));
        return Math.max(10, Math.min(1000, shortest / 4));
    }

    private static long or(Long value, long fallback) {
        return value != null ? value : fallback;
    }
}
