package dev.tollgate.dataplane.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.ir.ContextVariable;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a request's trace context makes of its headers, tracing on and off, and the span the SDK
 * records (a real SdkTracerProvider exporting to a list).
 */
class RequestTraceTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00f067aa0ba902b7";

    private final List<SpanData> exported = new CopyOnWriteArrayList<>();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .setSampler(Sampler.parentBased(Sampler.alwaysOn()))
            .addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
                @Override
                public CompletableResultCode export(Collection<SpanData> spans) {
                    exported.addAll(spans);
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode flush() {
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode shutdown() {
                    return CompletableResultCode.ofSuccess();
                }
            }))
            .build();

    @AfterEach
    void close() {
        provider.close();
    }

    private static HttpHeaders headers(String... pairs) {
        HttpHeaders h = new DefaultHttpHeaders();
        for (int i = 0; i < pairs.length; i += 2) {
            h.add(pairs[i], pairs[i + 1]);
        }
        return h;
    }

    private static HttpHeaders written(RequestTrace trace, HttpHeaders out) {
        trace.writeTo(out);
        return out;
    }

    @Test
    void tracingOffAValidParentIsContinuedUnderANewSpanId() {
        RequestTrace t = RequestTrace.start(
                headers("traceparent", "00-" + TRACE + "-" + PARENT + "-01", "tracestate", "a=1"),
                false,
                null,
                "GET",
                0,
                "default");
        HttpHeaders out = written(t, headers());
        assertThat(out.get("traceparent"))
                .startsWith("00-" + TRACE + "-")
                .endsWith("-01")
                .doesNotContain(PARENT);
        assertThat(out.get("tracestate")).isEqualTo("a=1");
        assertThat(t.recording()).isFalse();
    }

    @Test
    void tracingOffNothingIsInventedAndTheClientsHeadersStay() {
        RequestTrace t = RequestTrace.start(headers("traceparent", "garbage"), false, null, "GET", 0, "default");
        assertThat(t.outgoing()).isNull();
        assertThat(t.xrayTraceId()).isNull();
        HttpHeaders proxied = written(t, headers("traceparent", "garbage"));
        assertThat(proxied.get("traceparent")).isEqualTo("garbage");
    }

    @Test
    void tracingOnWithoutCollectorATraceIsStartedSampled() {
        RequestTrace t = RequestTrace.start(headers(), true, null, "GET", 0, "default");
        assertThat(t.outgoing().header()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(t.xrayTraceId()).isEqualTo(t.outgoing().xrayTraceId());
    }

    @Test
    void tracingOnAnXrayParentIsJoinedWhenNoTraceparentCame() {
        RequestTrace t = RequestTrace.start(
                headers(
                        "X-Amzn-Trace-Id",
                        "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"),
                true,
                provider.get("test"),
                "GET",
                0,
                "default");
        assertThat(t.outgoing().traceId()).isEqualTo("5759e988bd862e3fe1be46a994272793");
        assertThat(t.xrayTraceId()).isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
        t.end(v -> null, 1_000);
        assertThat(exported).singleElement().satisfies(s -> assertThat(s.getParentSpanId())
                .isEqualTo("53995c3f42cd8ad8"));
    }

    @Test
    void aSampledParentIsRecordedUnderItAndNamedByTheRoute() {
        RequestTrace t = RequestTrace.start(
                headers("traceparent", "00-" + TRACE + "-" + PARENT + "-01"),
                true,
                provider.get("test"),
                "GET",
                0,
                "ns");
        t.routed("GET", "/pets/{id}");
        t.end(v -> v == ContextVariable.STATUS ? "503" : v == ContextVariable.HTTP_METHOD ? "GET" : null, 5_000);
        SpanData span = exported.get(0);
        assertThat(span.getName()).isEqualTo("GET /pets/{id}");
        assertThat(span.getTraceId()).isEqualTo(TRACE);
        assertThat(span.getParentSpanId()).isEqualTo(PARENT);
        assertThat(span.getSpanId()).isEqualTo(t.outgoing().spanId());
        assertThat(span.getStatus().getStatusCode().name()).isEqualTo("ERROR");
        assertThat(span.getAttributes().asMap().toString()).contains("http.response.status_code=503");
    }

    @Test
    void anUnsampledParentIsNotRecordedAndStaysUnsampled() {
        RequestTrace t = RequestTrace.start(
                headers("traceparent", "00-" + TRACE + "-" + PARENT + "-00"),
                true,
                provider.get("test"),
                "GET",
                0,
                "ns");
        assertThat(t.recording()).isFalse();
        assertThat(t.outgoing().header()).startsWith("00-" + TRACE + "-").endsWith("-00");
        t.end(v -> null, 1_000);
        assertThat(exported).isEmpty();
    }
}
