package dev.tollgate.dataplane.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The meters of one route (or of the unknown-route bucket). The per-status request counters are
 * cached by status code, so a status is looked up in the registry once per route.
 */
public final class RouteMeters {
    private final MeterRegistry registry;
    private final Tags tags;
    private final Timer duration;
    private final Timer integration;
    private final AtomicReferenceArray<Counter> byStatus = new AtomicReferenceArray<>(600);

    RouteMeters(MeterRegistry registry, Tags tags, Timer duration, Timer integration) {
        this.registry = registry;
        this.tags = tags;
        this.duration = duration;
        this.integration = integration;
    }

    /** Records one finished request. */
    public void request(int status, long durationNanos) {
        counter(status).increment();
        duration.record(durationNanos, TimeUnit.NANOSECONDS);
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
                    .description("Requests by route and status")
                    .tags(tags)
                    .tag("status", Integer.toString(status))
                    .register(registry);
            byStatus.set(index, c);
        }
        return c;
    }
}
