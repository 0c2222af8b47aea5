package dev.tollgate.dataplane.upstream;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of an {@link UpstreamClient}. Connection counts are per host <em>per event loop</em>: a
 * gateway with N loops may open N times {@code maxConnectionsPerHost} connections to one backend.
 *
 * @param maxConnectionsPerHost connections open (or opening) to one address from one event loop
 * @param maxIdlePerHost idle keep-alive connections kept per address and event loop; more are closed
 * @param idleTimeout an idle pooled connection is closed after this long without traffic
 * @param maxResponseBytes largest response body accepted; a larger one fails RESPONSE_TOO_LARGE
 * @param connectTimeout how long a TCP connect may take (the request deadline may cut it shorter)
 * @param maxPendingPerHost requests allowed to wait for a free connection per address and event
 *     loop when all {@code maxConnectionsPerHost} are busy; past it a request fails at once
 */
public record UpstreamClientOptions(
        int maxConnectionsPerHost,
        int maxIdlePerHost,
        Duration idleTimeout,
        int maxResponseBytes,
        Duration connectTimeout,
        int maxPendingPerHost) {

    public static final int DEFAULT_MAX_CONNECTIONS_PER_HOST = 256;
    public static final int DEFAULT_MAX_IDLE_PER_HOST = 64;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** AWS API Gateway's payload limit. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_PENDING_PER_HOST = 1024;

    public UpstreamClientOptions {
        if (maxConnectionsPerHost < 1) {
            throw new IllegalArgumentException("maxConnectionsPerHost must be at least 1: " + maxConnectionsPerHost);
        }
        if (maxIdlePerHost < 0) {
            throw new IllegalArgumentException("maxIdlePerHost must not be negative: " + maxIdlePerHost);
        }
        requirePositive(idleTimeout, "idleTimeout");
        if (maxResponseBytes < 0) {
            throw new IllegalArgumentException("maxResponseBytes must not be negative: " + maxResponseBytes);
        }
        requirePositive(connectTimeout, "connectTimeout");
        if (connectTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("connectTimeout too long: " + connectTimeout);
        }
        if (maxPendingPerHost < 0) {
            throw new IllegalArgumentException("maxPendingPerHost must not be negative: " + maxPendingPerHost);
        }
    }

    /** The five limits the gateway sets, with the default waiting-queue bound. */
    public UpstreamClientOptions(
            int maxConnectionsPerHost,
            int maxIdlePerHost,
            Duration idleTimeout,
            int maxResponseBytes,
            Duration connectTimeout) {
        this(
                maxConnectionsPerHost,
                maxIdlePerHost,
                idleTimeout,
                maxResponseBytes,
                connectTimeout,
                DEFAULT_MAX_PENDING_PER_HOST);
    }

    /** 256 connections and 64 idle per host and loop, 60 s idle timeout, 10 MiB, 10 s connect. */
    public static UpstreamClientOptions defaults() {
        return new UpstreamClientOptions(
                DEFAULT_MAX_CONNECTIONS_PER_HOST,
                DEFAULT_MAX_IDLE_PER_HOST,
                DEFAULT_IDLE_TIMEOUT,
                DEFAULT_MAX_RESPONSE_BYTES,
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_MAX_PENDING_PER_HOST);
    }

    /** These options with another per-host connection cap. */
    public UpstreamClientOptions withMaxConnectionsPerHost(int value) {
        return new UpstreamClientOptions(
                value, maxIdlePerHost, idleTimeout, maxResponseBytes, connectTimeout, maxPendingPerHost);
    }

    /** These options with another waiting-queue bound. */
    public UpstreamClientOptions withMaxPendingPerHost(int value) {
        return new UpstreamClientOptions(
                maxConnectionsPerHost, maxIdlePerHost, idleTimeout, maxResponseBytes, connectTimeout, value);
    }

    /** These options with another idle timeout. */
    public UpstreamClientOptions withIdleTimeout(Duration value) {
        return new UpstreamClientOptions(
                maxConnectionsPerHost, maxIdlePerHost, value, maxResponseBytes, connectTimeout, maxPendingPerHost);
    }

    /** These options with another response size cap. */
    public UpstreamClientOptions withMaxResponseBytes(int value) {
        return new UpstreamClientOptions(
                maxConnectionsPerHost, maxIdlePerHost, idleTimeout, value, connectTimeout, maxPendingPerHost);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
