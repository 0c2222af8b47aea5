package dev.tollgate.dataplane.server;

import dev.tollgate.dataplane.accesslog.AccessLogWriter;
import dev.tollgate.dataplane.metering.UsageLedger;
import dev.tollgate.dataplane.metrics.GatewayMetrics;
import dev.tollgate.dataplane.metrics.RouteMeters;
import dev.tollgate.dataplane.runtime.RuntimeHolder;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** State the traffic handlers of every connection share: runtime, metrics, drain flag. */
final class ServerState {
    final RuntimeHolder holder;
    final AccessLogWriter accessLog;
    final GatewayMetrics metrics;
    final UsageLedger usage;
    final AtomicBoolean draining = new AtomicBoolean();
    final AtomicInteger inFlight = new AtomicInteger();

    /** Requests that matched no API or stage: one bucket, never the raw host or path. */
    final RouteMeters unknown;

    ServerState(RuntimeHolder holder, GatewayMetrics metrics, AccessLogWriter accessLog, UsageLedger usage) {
        this.holder = holder;
        this.usage = usage;
        this.accessLog = accessLog;
        this.metrics = metrics;
        this.unknown = metrics.route(
                GatewayMetrics.UNKNOWN,
                GatewayMetrics.UNKNOWN,
                GatewayMetrics.UNKNOWN,
                GatewayMetrics.UNKNOWN,
                GatewayMetrics.UNKNOWN);
    }
}
