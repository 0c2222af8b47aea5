package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.dataplane.echo.EchoServer;
import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.Folders;
import dev.tollgate.dataplane.testing.LocalGateway;
import dev.tollgate.dataplane.testing.OtlpReceiver;
import dev.tollgate.dataplane.testing.RawHttp;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * W3C trace context through HTTP_PROXY and HTTP integrations to a real backend (the echo server,
 * which answers with the headers it received), on a stage with tracing on and one with tracing
 * off; spans of the traced stage exported over OTLP/HTTP to a receiver that parses them with
 * OpenTelemetry's proto classes; {@code $context.xrayTraceId} in the access log file.
 */
class TracingIT {
    private static final String HOST = "shop.default.execute-api.localhost";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00f067aa0ba902b7";

    private static EchoServer backend;
    private static OtlpReceiver collector;
    private static LocalGateway local;
    private static Path folder;
    private static Path accessLog;

    @BeforeAll
    static void start() throws Exception {
        backend = EchoServer.start("127.0.0.1", 0);
        collector = OtlpReceiver.start();
        folder = Files.createTempDirectory("tollgate-tracing-it");
        accessLog = folder.resolve("logs").resolve("traced.log");
        String yaml = String.join(
                "\n",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: Gateway",
                "metadata: {name: gw}",
                "spec:",
                "  tracing: {endpoint: '" + collector.baseUrl() + "'}",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: RestApi",
                "metadata: {name: shop}",
                "spec:",
                "  resources:",
                "    - path: /items/{id}",
                "      methods:",
                "        - httpMethod: GET",
                "          integration: {integrationRef: proxied}",
                "    - path: /mapped",
                "      methods:",
                "        - httpMethod: GET",
                "          integration: {integrationRef: mapped}",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: Integration",
                "metadata: {name: proxied}",
                "spec: {type: HTTP_PROXY, url: 'http://127.0.0.1:" + backend.port() + "/items/{id}'}",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: Integration",
                "metadata: {name: mapped}",
                "spec: {type: HTTP, url: 'http://127.0.0.1:" + backend.port() + "/mapped'}",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: Stage",
                "metadata: {name: traced}",
                "spec:",
                "  restApiRef: shop",
                "  tracingEnabled: true",
                "  accessLog:",
                "    format: '{\"requestId\":\"$context.requestId\",\"xray\":\"$context.xrayTraceId\"}'",
                "    destination: 'file://" + accessLog + "'",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: Stage",
                "metadata: {name: plain}",
                "spec: {restApiRef: shop}",
                "");
        Folders.write(folder, "shop.yaml", yaml);
        local = LocalGateway.on(folder).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (local != null) {
            local.close();
        }
        if (collector != null) {
            collector.close();
        }
        if (backend != null) {
            backend.close();
        }
        Folders.delete(folder);
    }

    /** What the backend received, as the echo server answers it. */
    private static JsonNode call(String path, String headers) throws Exception {
        RawHttp.Response r = RawHttp.request(local.port(), HOST, "GET", path, headers, "");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("headers");
    }

    private static String header(JsonNode headers, String name) {
        JsonNode values = headers.path(name);
        return values.isArray() && values.size() > 0 ? values.get(0).asText() : null;
    }

    @Test
    void tracingOffTheProxyContinuesTheCallersTraceWithANewSpanIdAndItsState() throws Exception {
        JsonNode seen = call(
                "/plain/items/1",
                "traceparent: 00-" + TRACE + "-" + PARENT + "-01\r\ntracestate: vendor=abc,other=1\r\n");
        String traceparent = header(seen, "traceparent");
        assertThat(traceparent).startsWith("00-" + TRACE + "-").endsWith("-01");
        assertThat(traceparent.substring(36, 52)).isNotEqualTo(PARENT).matches("[0-9a-f]{16}");
        assertThat(header(seen, "tracestate")).isEqualTo("vendor=abc,other=1");
    }

    @Test
    void tracingOffTheHttpIntegrationGetsTheTraceContextToo() throws Exception {
        JsonNode seen = call("/plain/mapped", "traceparent: 00-" + TRACE + "-" + PARENT + "-00\r\n");
        String traceparent = header(seen, "traceparent");
        assertThat(traceparent).startsWith("00-" + TRACE + "-").endsWith("-00");
        assertThat(traceparent.substring(36, 52)).isNotEqualTo(PARENT);
    }

    @Test
    void tracingOffNoTraceparentIsInventedAndAnInvalidOneIsLeftAlone() throws Exception {
        assertThat(header(call("/plain/items/2", ""), "traceparent")).isNull();
        assertThat(header(call("/plain/mapped", ""), "traceparent")).isNull();
        String invalid = "00-" + TRACE.toUpperCase() + "-" + PARENT + "-01";
        assertThat(header(call("/plain/items/3", "traceparent: " + invalid + "\r\n"), "traceparent"))
                .isEqualTo(invalid);
        assertThat(header(call("/plain/mapped", "traceparent: " + invalid + "\r\n"), "traceparent"))
                .isNull();
    }

    @Test
    void xAmznTraceIdIsPassedOnToProxyAndHttpIntegrations() throws Exception {
        String xray = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
        assertThat(header(call("/plain/items/4", "X-Amzn-Trace-Id: " + xray + "\r\n"), "x-amzn-trace-id"))
                .isEqualTo(xray);
        assertThat(header(call("/plain/mapped", "X-Amzn-Trace-Id: " + xray + "\r\n"), "x-amzn-trace-id"))
                .isEqualTo(xray);
    }

    @Test
    void tracingOnARequestWithoutTraceparentStartsATraceWhoseSpanIsExported() throws Exception {
        JsonNode seen = call("/traced/items/42", "User-Agent: trace-test\r\n");
        String traceparent = header(seen, "traceparent");
        assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        String traceId = traceparent.substring(3, 35);
        String spanId = traceparent.substring(36, 52);

        OtlpReceiver.Received span = Await.value(() -> collector.span(traceId), o -> o.isPresent())
                .orElseThrow(() -> new AssertionError("no span of trace " + traceId + " in " + collector.spans()));
        assertThat(span.spanId()).isEqualTo(spanId);
        assertThat(span.parentSpanId()).isEmpty();
        assertThat(span.span().getName()).isEqualTo("GET /items/{id}");
        assertThat(span.span().getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        Map<String, String> attributes = span.attributes();
        assertThat(attributes)
                .containsEntry("http.request.method", "GET")
                .containsEntry("http.route", "/items/{id}")
                .containsEntry("url.path", "/traced/items/42")
                .containsEntry("http.response.status_code", "200")
                .containsEntry("tollgate.integration.status_code", "200")
                .containsEntry("tollgate.api", "shop")
                .containsEntry("tollgate.stage", "traced")
                .containsEntry("tollgate.namespace", "default")
                .containsEntry("user_agent.original", "trace-test")
                .containsKey("tollgate.request_id");
        assertThat(span.resource()).containsEntry("service.name", "tollgate");
        assertThat(collector.contentTypes()).allMatch("application/x-protobuf"::equals);
    }

    @Test
    void tracingOnTheCallersSpanIsTheParentAndItsSampledFlagIsHonoured() throws Exception {
        String unsampledTrace = "0af7651916cd43dd8448eb211c80319c";
        JsonNode unsampled = call("/traced/mapped", "traceparent: 00-" + unsampledTrace + "-b7ad6b7169203331-00\r\n");
        assertThat(header(unsampled, "traceparent"))
                .startsWith("00-" + unsampledTrace + "-")
                .endsWith("-00");

        JsonNode sampled = call("/traced/items/7", "traceparent: 00-" + TRACE + "-" + PARENT + "-01\r\n");
        String traceparent = header(sampled, "traceparent");
        assertThat(traceparent).startsWith("00-" + TRACE + "-").endsWith("-01");

        // Spans are exported in the order they end: once the later one is in, the earlier would be.
        OtlpReceiver.Received span = Await.value(
                        () -> collector.spans().stream()
                                .filter(s -> s.traceId().equals(TRACE)
                                        && s.parentSpanId().equals(PARENT))
                                .findFirst(),
                        o -> o.isPresent())
                .orElseThrow(() -> new AssertionError("no span under the caller's in " + collector.spans()));
        assertThat(span.spanId()).isEqualTo(traceparent.substring(36, 52));
        assertThat(collector.span(unsampledTrace)).isEmpty();
    }

    @Test
    void tracingOnAnInvalidTraceparentIsReplacedAndItsTracestateDropped() throws Exception {
        JsonNode seen = call("/traced/items/9", "traceparent: 00-zz-" + PARENT + "-01\r\ntracestate: a=b\r\n");
        assertThat(header(seen, "traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(header(seen, "tracestate")).isNull();
    }

    @Test
    void theXrayTraceIdIsInTheStagesAccessLogFile() throws Exception {
        RawHttp.Response r = RawHttp.request(
                local.port(),
                HOST,
                "GET",
                "/traced/items/5",
                "X-Amzn-Trace-Id: Root=1-5759e988-bd862e3fe1be46a994272793\r\n",
                "");
        String id = r.header("x-amzn-RequestId");
        RawHttp.Response w3c = RawHttp.request(
                local.port(),
                HOST,
                "GET",
                "/traced/items/6",
                "traceparent: 00-" + TRACE + "-" + PARENT + "-01\r\n",
                "");
        String w3cId = w3c.header("x-amzn-RequestId");
        List<String> lines = Await.value(
                () -> Files.exists(accessLog)
                        ? Files.readAllLines(accessLog, StandardCharsets.UTF_8)
                        : List.<String>of(),
                l -> l.stream().anyMatch(s -> s.contains(w3cId)) && l.stream().anyMatch(s -> s.contains(id)));
        assertThat(lines).contains("{\"requestId\":\"" + id + "\",\"xray\":\"1-5759e988-bd862e3fe1be46a994272793\"}");
        assertThat(lines)
                .contains("{\"requestId\":\"" + w3cId + "\",\"xray\":\"1-4bf92f35-77b34da6a3ce929d0e0e4736\"}");
    }
}
