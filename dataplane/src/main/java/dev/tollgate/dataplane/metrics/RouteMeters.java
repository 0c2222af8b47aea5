package dev.tollgate.dataplane.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one route (or of its API and stage, or of the unknown-route bucket). The
 * per-status request counters are cached by status code, so a status is looked up in the registry
 * once per route.
 */
public final class RouteMeters {
    private final MeterRegistry registry;
    private final Tags tags;
    private final Timer duration;
    private final Timer integration;
    private final Counter bytesIn;
    private final Counter bytesOut;
    // The statuses this route has answered with, each with its counter: a route meets a handful,
    // so a short array scanned in order finds one as fast as an index would, and holds a few slots
    // instead of one per possible status (600 slots were 24 MB for 10,000 routes).
    private volatile StatusCounter[] byStatus = NONE;

    private static final StatusCounter[] NONE = new StatusCounter[0];

    /** A status and its counter. */
    private record StatusCounter(int status, Counter counter) {}

    RouteMeters(
            MeterRegistry registry, Tags tags, Timer duration, Timer integration, Counter bytesIn, Counter bytesOut) {
        this.registry = registry;
        this.tags = tags;
        this.duration = duration;
        this.integration = integration;
        this.bytesIn = bytesIn;
        this.bytesOut = bytesOut;
    }

    /**
     * Records one finished request.
     *
     * @param status the status sent
     * @param durationNanos from request start to response written
     * @param requestBytes the request body's length
     * @param responseBytes the response body's length as sent (0 for HEAD)
     */
    public void request(int status, long durationNanos, long requestBytes, long responseBytes) {
        counter(status).increment();
        duration.record(durationNanos, TimeUnit.NANOSECONDS);
        if (requestBytes > 0) {
            bytesIn.increment(requestBytes);
        }
        if (responseBytes > 0) {
            bytesOut.increment(responseBytes);
        }
    }

    /** Records one integration call (successful or not). */
    public void integration(long durationNanos) {
        integration.record(durationNanos, TimeUnit.NANOSECONDS);
    }

    private Counter counter(int status) {
        int code = status >= 0 && status < 600 ? status : 0;
        for (StatusCounter known : byStatus) {
            if (known.status() == code) {
                return known.counter();
            }
        }
        return add(code);
    }

    private synchronized Counter add(int code) {
        StatusCounter[] known = byStatus;
        for (StatusCounter k : known) {
            if (k.status() == code) {
                return k.counter();
            }
        }
        Counter c = Counter.builder(GatewayMetrics.REQUESTS)
                .description("Requests by route and status (CloudWatch Count, 4XXError, 5XXError)")
                .tags(tags)
                .tag("status", Integer.toString(code))
                .register(registry);
        StatusCounter[] more = Arrays.copyOf(known, known.length + 1);
        more[known.length] = new StatusCounter(code, c);
        byStatus = more;
        return c;
    }
}
