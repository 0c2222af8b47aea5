package dev.tollgate.ir;

import com.fasterxml.jackson.annotation.JsonInclude;

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
        Long bodyBudgetBytes) {

    /** No value set: every limit at the data plane's default. */
    public static final TrafficLimitsConfig DEFAULTS =
            new TrafficLimitsConfig(null, null, null, null, null, null, null, null);

    public TrafficLimitsConfig {
        positive(headerTimeoutMillis, "headerTimeoutMillis");
        positive(bodyIdleTimeoutMillis, "bodyIdleTimeoutMillis");
        positive(bodyTimeoutMillis, "bodyTimeoutMillis");
        positive(idleTimeoutMillis, "idleTimeoutMillis");
        positive(tlsHandshakeTimeoutMillis, "tlsHandshakeTimeoutMillis");
        positive(maxConnections == null ? null : maxConnections.longValue(), "maxConnections");
        positive(maxConcurrentStreams == null ? null : maxConcurrentStreams.longValue(), "maxConcurrentStreams");
        positive(bodyBudgetBytes, "bodyBudgetBytes");
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
                pick(over.bodyBudgetBytes, bodyBudgetBytes));
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
