package dev.tollgate.dataplane.server;

import dev.tollgate.dataplane.metrics.GatewayMetrics;
import io.micrometer.core.instrument.Counter;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every refusal and every client timeout, counted ({@code tollgate_connections_rejected_total{reason}},
 * {@code tollgate_client_timeouts_total{kind}}) and logged at most once per kind per {@link
 * #LOG_INTERVAL_NANOS} with how many there were since: an attacker's packets never become one log
 * line each. Safe from any thread.
 */
final class Refusals {
    private static final Logger LOG = LoggerFactory.getLogger(Refusals.class);
    static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** Why a connection, request or stream was refused. */
    enum Reason {
        MAX_CONNECTIONS("max-connections"),
        ADMIN_MAX_CONNECTIONS("admin-max-connections"),
        BAD_REQUEST("bad-request"),
        URI_TOO_LONG("uri-too-long"),
        HEADERS_TOO_LARGE("headers-too-large"),
        BODY_TOO_LARGE("body-too-large"),
        EXPECTATION_FAILED("expectation-failed"),
        BODY_BUDGET("body-budget"),
        TLS_HANDSHAKE("tls-handshake"),
        TLS_CLIENT_HELLO_TOO_LONG("tls-client-hello-too-long"),
        H2_REFUSED_STREAM("h2-refused-stream");

        final String tag;

        Reason(String tag) {
            this.tag = tag;
        }
    }

    /** Which deadline closed a client connection. */
    enum Timeout {
        /** The request's headers (or a new connection's first request) took too long. */
        HEADER("header"),
        /** The request body stalled or took too long. */
        BODY("body"),
        /** A keep-alive connection stayed without a request. */
        IDLE("idle"),
        /** A response waited too long for a client that does not read. */
        WRITE("write"),
        /** The TLS handshake took too long. */
        TLS_HANDSHAKE("tls-handshake"),
        /** An HTTP/2 connection stayed without a stream. */
        H2_IDLE("h2-idle"),
        /** An admin connection stayed without a request (or sent one too slowly). */
        ADMIN_IDLE("admin-idle");

        final String tag;

        Timeout(String tag) {
            this.tag = tag;
        }
    }

    private final Map<Reason, Counted> reasons = new EnumMap<>(Reason.class);
    private final Map<Timeout, Counted> timeouts = new EnumMap<>(Timeout.class);

    Refusals(GatewayMetrics metrics) {
        for (Reason r : Reason.values()) {
            reasons.put(r, new Counted(metrics.rejected(r.tag)));
        }
        for (Timeout t : Timeout.values()) {
            timeouts.put(t, new Counted(metrics.clientTimedOut(t.tag)));
        }
    }

    /** Counts a refusal; logs it unless one of its kind was logged within the interval. */
    void rejected(Reason reason, String clientIp, String detail) {
        count(reasons.get(reason), "refused {} request(s) or connection(s) ({})", reason.tag, clientIp, detail);
    }

    /** Counts a client timeout; logs it unless one of its kind was logged within the interval. */
    void timedOut(Timeout kind, String clientIp) {
        count(timeouts.get(kind), "closed {} client connection(s) on the {} timeout", kind.tag, clientIp, null);
    }

    private static void count(Counted c, String what, String tag, String clientIp, String detail) {
        if (c.count()) {
            LOG.info(
                    what + " in the last {} s; latest from {}{}",
                    c.takeSinceLog(),
                    tag,
                    TimeUnit.NANOSECONDS.toSeconds(LOG_INTERVAL_NANOS),
                    clientIp,
                    detail == null ? "" : ": " + detail);
        }
    }

    /** A counter and its log throttle. */
    private static final class Counted {
        private final Counter counter;
        private final AtomicLong sinceLog = new AtomicLong();
        private final AtomicLong nextLog = new AtomicLong(System.nanoTime());

        Counted(Counter counter) {
            this.counter = counter;
        }

        /** Counts one; true when this one is to be logged. */
        boolean count() {
            counter.increment();
            sinceLog.incrementAndGet();
            long now = System.nanoTime();
            long next = nextLog.get();
            return now - next >= 0 && nextLog.compareAndSet(next, now + LOG_INTERVAL_NANOS);
        }

        long takeSinceLog() {
            return sinceLog.getAndSet(0);
        }
    }
}
