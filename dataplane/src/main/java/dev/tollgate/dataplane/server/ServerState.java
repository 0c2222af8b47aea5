package dev.tollgate.dataplane.server;

import dev.tollgate.dataplane.accesslog.AccessLogWriter;
import dev.tollgate.dataplane.metering.UsageLedger;
import dev.tollgate.dataplane.metrics.GatewayMetrics;
import dev.tollgate.dataplane.metrics.RouteMeters;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.RuntimeHolder;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * State the traffic handlers of every connection share: runtime, metrics, drain flag, the limits
 * in force, the budget of body bytes and the refusal counters.
 */
final class ServerState {
    final RuntimeHolder holder;
    final AccessLogWriter accessLog;
    /** Whether requests of stages that set no access log are logged too ({@code --dev-access-log}). */
    final boolean devAccessLog;

    final GatewayMetrics metrics;
    final UsageLedger usage;
    final AtomicBoolean draining = new AtomicBoolean();
    final AtomicInteger inFlight = new AtomicInteger();
    final Refusals refusals;
    final BodyBudget budget;
    private volatile TrafficLimits limits;

    /** The WebSocket connections' limits, registry and meters (set once, before listeners open). */
    WebSockets webSockets;

    /** Requests that matched no API or stage: one bucket, never the raw host or path. */
    final RouteMeters unknown;

    ServerState(
            RuntimeHolder holder,
            GatewayMetrics metrics,
            AccessLogWriter accessLog,
            boolean devAccessLog,
            UsageLedger usage,
            TrafficLimits limits) {
        this.holder = holder;
        this.devAccessLog = devAccessLog;
        this.usage = usage;
        this.accessLog = accessLog;
        this.metrics = metrics;
        this.limits = limits;
        this.refusals = new Refusals(metrics);
        this.budget = new BodyBudget(limits.bodyBudgetBytes());
        this.unknown = metrics.route(
                GatewayMetrics.UNKNOWN,
                GatewayMetrics.UNKNOWN,
                GatewayMetrics.UNKNOWN,
                GatewayMetrics.UNKNOWN,
                GatewayMetrics.UNKNOWN);
    }

    /**
     * Where the request's access-log line goes: its stage's destination (the standard output when it
     * names none), the standard output for any request with {@code --dev-access-log}, or null when
     * nothing is logged (a stage that sets no access log, as on AWS).
     */
    AccessLogWriter accessLogWriter(Exchange exchange) {
        if (exchange.logsAccess()) {
            AccessLogWriter destination = exchange.accessLogWriter();
            return destination != null ? destination : accessLog;
        }
        return devAccessLog ? accessLog : null;
    }

    /** The limits in force now; a connection reads them when it starts and at each request. */
    TrafficLimits limits() {
        return limits;
    }

    void limits(TrafficLimits next) {
        this.limits = next;
        budget.limit(next.bodyBudgetBytes());
    }
}
