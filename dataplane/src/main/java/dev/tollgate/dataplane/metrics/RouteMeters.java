package dev.tollgate.dataplane.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

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
    private final AtomicReferenceArray<Counter> byStatus = new AtomicReferenceArray<>(600);

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
        int index = status >= 0 && status < 600 ? status : 0;
        Counter c = byStatus.get(index);
        if (c == null) {
            c = Counter.builder(GatewayMetrics.REQUESTS)
                    .description("Requests by route and status (CloudWatch Count, 4XXError, 5XXError)")
                    .tags(tags)
                    .tag("status", Integer.toString(index))
                    .register(registry);
            byStatus.set(index, c);
        }
        return c;
    }
}
