package dev.tollgate.dataplane.tracing;

import dev.tollgate.dataplane.accesslog.ContextValues;
import dev.tollgate.ir.ContextVariable;
import io.netty.handler.codec.http.HttpHeaders;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.concurrent.TimeUnit;

/**
 * The trace context of one request and what the gateway passes on to its backend.
 *
 * <ul>
 *   <li>A valid {@code traceparent} is always continued, tracing on or off: the trace id and flags
 *       kept (the sampled flag honoured), a new span id for the gateway's hop, {@code tracestate}
 *       passed unchanged.
 *   <li>A missing or invalid one: with tracing on the gateway starts a trace (continuing AWS's
 *       {@code X-Amzn-Trace-Id} when that names a parent) and sends a new {@code traceparent}
 *       (an invalid {@code tracestate} with it is dropped, as the specification says); with
 *       tracing off nothing is invented, and a proxy passes what the client sent as it was.
 *   <li>{@code X-Amzn-Trace-Id} is passed on as it came.
 * </ul>
 *
 * <p>With tracing on and a collector, the gateway's hop is a SERVER span, sampled by the SDK
 * (parent-based), ended when the response is complete.
 */
public final class RequestTrace {
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> CLIENT = AttributeKey.stringKey("client.address");
    private static final AttributeKey<String> SERVER = AttributeKey.stringKey("server.address");
    private static final AttributeKey<String> USER_AGENT = AttributeKey.stringKey("user_agent.original");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final AttributeKey<String> API = AttributeKey.stringKey("tollgate.api");
    private static final AttributeKey<String> STAGE = AttributeKey.stringKey("tollgate.stage");
    private static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("tollgate.namespace");
    private static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("tollgate.request_id");
    private static final AttributeKey<Long> INTEGRATION_STATUS =
            AttributeKey.longKey("tollgate.integration.status_code");
    private static final AttributeKey<Long> INTEGRATION_LATENCY =
            AttributeKey.longKey("tollgate.integration.latency_ms");

    private final TraceParent outgoing;
    private final String tracestate;
    private final String xray;
    private final String xrayTraceId;
    private final Span span;

    private RequestTrace(TraceParent outgoing, String tracestate, String xray, String xrayTraceId, Span span) {
        this.outgoing = outgoing;
        this.tracestate = tracestate;
        this.xray = xray;
        this.xrayTraceId = xrayTraceId;
        this.span = span;
    }

    /**
     * Reads the request's trace headers and, with tracing on and a tracer, starts the gateway's span.
     *
     * @param in the client's request headers
     * @param tracingOn whether the stage traces its requests
     * @param tracer the tracer when a collector is named, else null
     * @param spanName the span's name until the route is known
     * @param startEpochNanos when the request started
     * @param namespace the served namespace (a span attribute)
     */
    public static RequestTrace start(
            HttpHeaders in, boolean tracingOn, Tracer tracer, String spanName, long startEpochNanos, String namespace) {
        TraceParent parent = TraceParent.parse(in.get(TraceParent.HEADER));
        String state = parent == null ? null : in.get(TraceParent.STATE_HEADER);
        String xray = in.get(XrayTraceHeader.HEADER);
        XrayTraceHeader xrayHeader = XrayTraceHeader.parse(xray);
        if (!tracingOn) {
            TraceParent out = parent == null ? null : parent.child(TraceParent.newSpanId());
            return new RequestTrace(out, state, xray, xrayTraceId(xrayHeader, out), null);
        }
        if (parent == null && xrayHeader != null) {
            parent = xrayHeader.asParent();
        }
        if (tracer == null) {
            TraceParent out = parent != null
                    ? parent.child(TraceParent.newSpanId())
                    : new TraceParent(
                            xrayHeader != null ? xrayHeader.traceId() : TraceParent.newTraceId(),
                            TraceParent.newSpanId(),
                            1);
            return new RequestTrace(out, state, xray, xrayTraceId(xrayHeader, out), null);
        }
        SpanBuilder builder = tracer.spanBuilder(spanName)
                .setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(startEpochNanos, TimeUnit.NANOSECONDS);
        if (parent != null) {
            SpanContext remote = SpanContext.createFromRemoteParent(
                    parent.traceId(),
                    parent.spanId(),
                    TraceFlags.fromByte((byte) parent.flags()),
                    TraceState.getDefault());
            builder.setParent(Context.root().with(Span.wrap(remote)));
        } else {
            builder.setNoParent();
        }
        Span span = builder.startSpan();
        SpanContext context = span.getSpanContext();
        int flags = parent == null ? 0 : parent.flags() & ~1;
        TraceParent out =
                new TraceParent(context.getTraceId(), context.getSpanId(), flags | (context.isSampled() ? 1 : 0));
        span.setAttribute(NAMESPACE, namespace);
        return new RequestTrace(out, state, xray, xrayTraceId(xrayHeader, out), span.isRecording() ? span : null);
    }

    private static String xrayTraceId(XrayTraceHeader xray, TraceParent out) {
        if (xray != null) {
            return xray.root();
        }
        return out == null ? null : out.xrayTraceId();
    }

    /** Names the span after the route the request matched ({@code GET /pets/{id}}). */
    public void routed(String httpMethod, String resourcePath) {
        if (span != null) {
            span.updateName(httpMethod + " " + resourcePath);
            span.setAttribute(ROUTE, resourcePath);
        }
    }

    /**
     * Sets the trace headers of a backend request: {@code traceparent} (this hop's) and {@code
     * tracestate} when there is a trace to continue, {@code X-Amzn-Trace-Id} when the client sent
     * one. For a proxy {@code out} is the client's own header map: without a trace to continue its
     * headers stay as they came.
     */
    public void writeTo(HttpHeaders out) {
        if (outgoing != null) {
            out.set(TraceParent.HEADER, outgoing.header());
            if (tracestate != null) {
                out.set(TraceParent.STATE_HEADER, tracestate);
            } else {
                out.remove(TraceParent.STATE_HEADER);
            }
        }
        if (xray != null) {
            out.set(XrayTraceHeader.HEADER, xray);
        }
    }

    /** The {@code traceparent} sent to the backend, or null when none is. */
    public TraceParent outgoing() {
        return outgoing;
    }

    /** {@code $context.xrayTraceId}: the X-Ray root the client sent, else this trace's id in X-Ray's form; or null. */
    public String xrayTraceId() {
        return xrayTraceId;
    }

    /** Whether a span is being recorded for export. */
    public boolean recording() {
        return span != null;
    }

    /** Ends the span (if one records) with the request's outcome; it is queued for export. */
    public void end(ContextValues values, long endEpochNanos) {
        if (span == null) {
            return;
        }
        set(METHOD, values.value(ContextVariable.HTTP_METHOD));
        set(PATH, values.value(ContextVariable.PATH));
        set(CLIENT, values.value(ContextVariable.IDENTITY_SOURCE_IP));
        set(SERVER, values.value(ContextVariable.DOMAIN_NAME));
        set(USER_AGENT, values.value(ContextVariable.IDENTITY_USER_AGENT));
        set(API, values.value(ContextVariable.API_ID));
        set(STAGE, values.value(ContextVariable.STAGE));
        set(REQUEST_ID, values.value(ContextVariable.REQUEST_ID));
        long status = number(values.value(ContextVariable.STATUS));
        if (status > 0) {
            span.setAttribute(STATUS, status);
        }
        long integrationStatus = number(values.value(ContextVariable.INTEGRATION_STATUS));
        if (integrationStatus > 0) {
            span.setAttribute(INTEGRATION_STATUS, integrationStatus);
        }
        long latency = number(values.value(ContextVariable.INTEGRATION_LATENCY));
        if (latency >= 0) {
            span.setAttribute(INTEGRATION_LATENCY, latency);
        }
        String error = values.value(ContextVariable.ERROR_RESPONSE_TYPE);
        if (status >= 500) {
            set(ERROR_TYPE, error != null ? error : Long.toString(status));
            span.setStatus(StatusCode.ERROR);
        }
        span.end(endEpochNanos, TimeUnit.NANOSECONDS);
    }

    private void set(AttributeKey<String> key, String value) {
        if (value != null) {
            span.setAttribute(key, value);
        }
    }

    private static long number(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
