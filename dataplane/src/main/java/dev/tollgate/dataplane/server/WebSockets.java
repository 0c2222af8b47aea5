package dev.tollgate.dataplane.server;

import dev.tollgate.dataplane.limits.Connections;
import dev.tollgate.dataplane.metrics.GatewayMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every WebSocket connection of a gateway shares: the limits in force, the connection
 * registry the {@code @connections} API reads, whether loopback callers may use that API without
 * identity (local mode), and the meters: {@code tollgate_websocket_connections} (open, per API and
 * stage), {@code tollgate_websocket_messages_total} and {@code tollgate_websocket_message_bytes_total}
 * (per API, stage, route key and direction).
 */
public final class WebSockets {
    private final Connections registry;
    private final GatewayMetrics metrics;
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();
    private final Map<String, Counter[]> counters = new ConcurrentHashMap<>();
    private volatile WebSocketLimits limits = WebSocketLimits.AWS;
    private volatile boolean loopbackManagement;

    WebSockets(Connections registry, GatewayMetrics metrics) {
        this.registry = registry;
        this.metrics = metrics;
    }

    /** The connection registry. */
    public Connections registry() {
        return registry;
    }

    /** The limits of connections opened from now on (a shorter idle timeout in tests). */
    public void limits(WebSocketLimits next) {
        this.limits = next;
    }

    WebSocketLimits limits() {
        return limits;
    }

    /** Lets callers on the loopback address use the {@code @connections} API without identity (local mode). */
    public void allowLoopbackManagement(boolean allow) {
        this.loopbackManagement = allow;
    }

    boolean loopbackManagement() {
        return loopbackManagement;
    }

    /** The open-connections gauge's value of one stage. */
    AtomicInteger openOn(String namespace, String api, String stage) {
        return open.computeIfAbsent(namespace + "/" + api + "/" + stage, k -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("tollgate_websocket_connections", value, AtomicInteger::get)
                    .description("WebSocket connections open")
                    .tag("namespace", namespace)
                    .tag("api", api)
                    .tag("stage", stage)
                    .register(metrics.registry());
            return value;
        });
    }

    /** Counts one message of {@code bytes} on a route, {@code in} from the client or out to it. */
    void message(String namespace, String api, String stage, String routeKey, boolean in, int bytes) {
        String direction = in ? "in" : "out";
        Counter[] c = counters.computeIfAbsent(
                String.join("/", namespace, api, stage, routeKey, direction), k -> new Counter[] {
                    Counter.builder("tollgate_websocket_messages_total")
                            .description("WebSocket messages")
                            .tags("namespace", namespace, "api", api, "stage", stage, "route", routeKey)
                            .tag("direction", direction)
                            .register(metrics.registry()),
                    Counter.builder("tollgate_websocket_message_bytes_total")
                            .description("WebSocket message payload bytes")
                            .tags("namespace", namespace, "api", api, "stage", stage, "route", routeKey)
                            .tag("direction", direction)
                            .register(metrics.registry())
                });
        c[0].increment();
        c[1].increment(bytes);
    }
}
