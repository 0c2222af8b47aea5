package dev.tollgate.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.TreeSet;

/**
 * The Gateway's limits on client connections, as its {@code spec.timeouts} and {@code spec.limits}
 * say; a null value leaves the data plane's default (README, "Limits and timeouts").
 *
 * @param headerTimeoutMillis from a request's first byte to the end of its headers; past it 408
 *     and the connection closes
 * @param bodyIdleTimeoutMillis longest wait for the next byte of a request body the gateway is
 *     reading; past it 408 and close
 * @param bodyTimeoutMillis longest time to receive a whole request body after its headers; past it
 *     408 and close
 * @param idleTimeoutMillis a keep-alive connection with no request (or an HTTP/2 connection with
 *     no stream) is closed after this long; also how long a response may wait for a client that
 *     does not read
 * @param tlsHandshakeTimeoutMillis longest TLS handshake, ClientHello included
 * @param maxConnections connections a traffic listener holds at once; more are refused
 * @param maxConcurrentStreams HTTP/2 streams open at once per connection (SETTINGS
 *     MAX_CONCURRENT_STREAMS)
 * @param bodyBudgetBytes request body bytes the whole process holds at once for routes that read
 *     the body; a request past it waits briefly, then gets 503
 * @param trustedProxies the address ranges (CIDR, or one address) of proxies in front of the
 *     gateway whose {@code X-Forwarded-For}, {@code Forwarded} and {@code X-Real-IP} are passed on
 *     to backends, sorted; null trusts no peer (the headers of every client are dropped)
 * @param h2PingIntervalMillis an HTTP/2 connection from which nothing has been read for this long
 *     gets a PING from the gateway
 * @param h2PingTimeoutMillis how long the gateway waits for the ACK of its PING before it closes
 *     the connection
 * @param h2ControlFramesPerSecond PING, SETTINGS and RST_STREAM frames an HTTP/2 client may send
 *     per second together; past it GOAWAY ENHANCE_YOUR_CALM and close
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrafficLimitsConfig(
        Long headerTimeoutMillis,
        Long bodyIdleTimeoutMillis,
        Long bodyTimeoutMillis,
        Long idleTimeoutMillis,
        Long tlsHandshakeTimeoutMillis,
        Integer maxConnections,
        Integer maxConcurrentStreams,
        Long bodyBudgetBytes,
        List<String> trustedProxies,
        Long h2PingIntervalMillis,
        Long h2PingTimeoutMillis,
        Integer h2ControlFramesPerSecond) {

    /** No value set: every limit at the data plane's default. */
    public static final TrafficLimitsConfig DEFAULTS =
            new TrafficLimitsConfig(null, null, null, null, null, null, null, null, null);

    /** Limits without trusted proxies, HTTP/2's PING and control frame limits at their defaults. */
    public TrafficLimitsConfig(
            Long headerTimeoutMillis,
            Long bodyIdleTimeoutMillis,
            Long bodyTimeoutMillis,
            Long idleTimeoutMillis,
            Long tlsHandshakeTimeoutMillis,
            Integer maxConnections,
            Integer maxConcurrentStreams,
            Long bodyBudgetBytes) {
        this(
                headerTimeoutMillis,
                bodyIdleTimeoutMillis,
                bodyTimeoutMillis,
                idleTimeoutMillis,
                tlsHandshakeTimeoutMillis,
                maxConnections,
                maxConcurrentStreams,
                bodyBudgetBytes,
                null,
                null,
                null,
                null);
    }

    /** Limits that leave HTTP/2's PING and control frame limits at their defaults. */
    public TrafficLimitsConfig(
            Long headerTimeoutMillis,
            Long bodyIdleTimeoutMillis,
            Long bodyTimeoutMillis,
            Long idleTimeoutMillis,
            Long tlsHandshakeTimeoutMillis,
            Integer maxConnections,
            Integer maxConcurrentStreams,
            Long bodyBudgetBytes,
            List<String> trustedProxies) {
        this(
                headerTimeoutMillis,
                bodyIdleTimeoutMillis,
                bodyTimeoutMillis,
                idleTimeoutMillis,
                tlsHandshakeTimeoutMillis,
                maxConnections,
                maxConcurrentStreams,
                bodyBudgetBytes,
                trustedProxies,
                null,
                null,
                null);
    }

    /** Limits without trusted proxies. */
    public TrafficLimitsConfig(
            Long headerTimeoutMillis,
            Long bodyIdleTimeoutMillis,
            Long bodyTimeoutMillis,
            Long idleTimeoutMillis,
            Long tlsHandshakeTimeoutMillis,
            Integer maxConnections,
            Integer maxConcurrentStreams,
            Long bodyBudgetBytes,
            Long h2PingIntervalMillis,
            Long h2PingTimeoutMillis,
            Integer h2ControlFramesPerSecond) {
        this(
                headerTimeoutMillis,
                bodyIdleTimeoutMillis,
                bodyTimeoutMillis,
                idleTimeoutMillis,
                tlsHandshakeTimeoutMillis,
                maxConnections,
                maxConcurrentStreams,
                bodyBudgetBytes,
                null,
                h2PingIntervalMillis,
                h2PingTimeoutMillis,
                h2ControlFramesPerSecond);
    }

    public TrafficLimitsConfig {
        positive(headerTimeoutMillis, "headerTimeoutMillis");
        positive(bodyIdleTimeoutMillis, "bodyIdleTimeoutMillis");
        positive(bodyTimeoutMillis, "bodyTimeoutMillis");
        positive(idleTimeoutMillis, "idleTimeoutMillis");
        positive(tlsHandshakeTimeoutMillis, "tlsHandshakeTimeoutMillis");
        positive(maxConnections == null ? null : maxConnections.longValue(), "maxConnections");
        positive(maxConcurrentStreams == null ? null : maxConcurrentStreams.longValue(), "maxConcurrentStreams");
        positive(bodyBudgetBytes, "bodyBudgetBytes");
        // Null rather than empty, so a config without trusted proxies keeps its JSON (and its id).
        trustedProxies =
                trustedProxies == null || trustedProxies.isEmpty() ? null : List.copyOf(new TreeSet<>(trustedProxies));
        positive(h2PingIntervalMillis, "h2PingIntervalMillis");
        positive(h2PingTimeoutMillis, "h2PingTimeoutMillis");
        positive(
                h2ControlFramesPerSecond == null ? null : h2ControlFramesPerSecond.longValue(),
                "h2ControlFramesPerSecond");
    }

    /** Whether no value is set (every limit at its default). */
    public boolean setsNothing() {
        return equals(DEFAULTS);
    }

    /** These limits, each value of {@code over} that is set replacing this one's. */
    public TrafficLimitsConfig overriddenBy(TrafficLimitsConfig over) {
        if (over == null) {
            return this;
        }
        return new TrafficLimitsConfig(
                pick(over.headerTimeoutMillis, headerTimeoutMillis),
                pick(over.bodyIdleTimeoutMillis, bodyIdleTimeoutMillis),
                pick(over.bodyTimeoutMillis, bodyTimeoutMillis),
                pick(over.idleTimeoutMillis, idleTimeoutMillis),
                pick(over.tlsHandshakeTimeoutMillis, tlsHandshakeTimeoutMillis),
                pick(over.maxConnections, maxConnections),
                pick(over.maxConcurrentStreams, maxConcurrentStreams),
                pick(over.bodyBudgetBytes, bodyBudgetBytes),
                pick(over.trustedProxies, trustedProxies),
                pick(over.h2PingIntervalMillis, h2PingIntervalMillis),
                pick(over.h2PingTimeoutMillis, h2PingTimeoutMillis),
                pick(over.h2ControlFramesPerSecond, h2ControlFramesPerSecond));
    }

    private static <T> T pick(T first, T second) {
        return first != null ? first : second;
    }

    private static void positive(Long value, String name) {
        if (value != null && value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
