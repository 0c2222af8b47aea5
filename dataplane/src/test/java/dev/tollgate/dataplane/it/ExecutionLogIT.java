package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.server.TelemetryOptions;
import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.CompiledYaml;
import dev.tollgate.dataplane.testing.FreePorts;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Execution logs of served requests, per method as a Stage's {@code methodSettings[].loggingLevel}
 * says: INFO logs every request (method request, endpoint request and response, completion), ERROR
 * only requests that fail; credentials are redacted and no body is logged; a stage over its
 * lines-per-second bound drops whole requests and counts them.
 */
class ExecutionLogIT {
    private static final String HOST = "shop.default.execute-api.localhost";
    private static final ByteArrayOutputStream OUT = new ByteArrayOutputStream();

    @RegisterExtension
    static final GatewayExtension GATEWAY = new GatewayExtension().options(o -> o.withAccessLog(OUT));

    private static String yaml(int backendPort) {
        return String.join(
                "\n",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: RestApi",
                "metadata: {name: shop}",
                "spec:",
                "  resources:",
                "    - path: /items",
                "      methods:",
                "        - httpMethod: POST",
                "          integration: {integrationRef: backend}",
                "        - httpMethod: GET",
                "          integration: {integrationRef: backend}",
                "    - path: /broken",
                "      methods:",
                "        - httpMethod: GET",
                "          integration: {integrationRef: gone}",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: Integration",
                "metadata: {name: backend}",
                "spec: {type: HTTP_PROXY, url: 'http://127.0.0.1:" + backendPort + "'}",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: Integration",
                "metadata: {name: gone}",
                "spec: {type: HTTP, url: 'http://127.0.0.1:" + FreePorts.free() + "/down'}",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: Stage",
                "metadata: {name: prod}",
                "spec:",
                "  restApiRef: shop",
                "  methodSettings:",
                "    - {resourcePath: '*', httpMethod: '*', loggingLevel: ERROR}",
                "    - {resourcePath: /items, httpMethod: POST, loggingLevel: INFO}",
                "");
    }

    @BeforeAll
    static void serve() {
        GATEWAY.serve(CompiledYaml.compile(yaml(GATEWAY.echoPort())));
    }

    private static List<String> linesOf(ByteArrayOutputStream out, String requestId) {
        String marker = "default/shop/prod (" + requestId + ") ";
        return out.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.startsWith(marker))
                .map(l -> l.substring(marker.length()))
                .toList();
    }

    private static List<String> awaitLines(ByteArrayOutputStream out, String requestId, String last) throws Exception {
        return Await.value(() -> linesOf(out, requestId), l -> l.stream().anyMatch(s -> s.startsWith(last)));
    }

    private static String postWithCredentials(int port) throws IOException {
        RawHttp.Response r = RawHttp.request(
                port,
                HOST,
                "POST",
                "/prod/items",
                "Authorization: Bearer secret-token-1\r\nx-api-key: key-value-123\r\nCookie: session=abc\r\n"
                        + "Content-Type: application/json\r\n",
                "{\"password\":\"hunter2\"}");
        assertThat(r.status()).isEqualTo(200);
        return r.header("x-amzn-RequestId");
    }

    @Test
    void anInfoMethodLogsItsRequestAndIntegrationWithCredentialsRedactedAndNoBody() throws Exception {
        String id = postWithCredentials(GATEWAY.port());
        List<String> lines = awaitLines(OUT, id, "Method completed with status: 200");
        assertThat(lines)
                .contains("HTTP Method: POST, Resource Path: /items")
                .contains("Endpoint request URI: http://127.0.0.1:" + GATEWAY.echoPort() + "/items")
                .anyMatch(l -> l.startsWith("Received response. Status: 200"))
                .anyMatch(l -> l.startsWith("Method request headers: {")
                        && l.contains("Authorization=****")
                        && l.contains("x-api-key=****")
                        && l.contains("Cookie=****"))
                .anyMatch(l -> l.startsWith("Endpoint request headers: {") && l.contains("x-api-key=****"));
        String all = String.join("\n", lines);
        assertThat(all)
                .doesNotContain("secret-token-1")
                .doesNotContain("key-value-123")
                .doesNotContain("session=abc")
                .doesNotContain("hunter2");
    }

    @Test
    void anErrorMethodLogsOnlyTheRequestsThatFail() throws Exception {
        RawHttp.Response ok = GATEWAY.get(HOST, "/prod/items");
        assertThat(ok.status()).isEqualTo(200);
        RawHttp.Response failed = GATEWAY.get(HOST, "/prod/broken");
        assertThat(failed.status()).isEqualTo(502);
        List<String> lines = awaitLines(OUT, failed.header("x-amzn-RequestId"), "Method completed with status: 502");
        assertThat(lines)
                .contains("HTTP Method: GET, Resource Path: /broken")
                .anyMatch(l -> l.startsWith("Execution failed due to configuration error"));
        // One writer, lines in order: the failed request's are in, so the earlier one's would be.
        assertThat(linesOf(OUT, ok.header("x-amzn-RequestId"))).isEmpty();
    }

    @Test
    void aStageOverItsLinesPerSecondBoundDropsWholeRequestsAndCountsThem() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GatewayExtension.Standalone s = GatewayExtension.standalone(o -> o.withAccessLog(out)
                .withTelemetry(TelemetryOptions.DEFAULTS
                        .withExecutionLogLinesPerSecond(1)
                        .withDevAccessLog(true)))) {
            GatewayExtension g = s.extension();
            g.serve(CompiledYaml.compile(yaml(g.echoPort())));
            String id = postWithCredentials(g.port());
            String metrics = Await.value(
                    () -> RawHttp.get(g.adminPort(), "localhost", "/metrics").body(), m -> m.lines()
                            .anyMatch(
                                    l -> l.startsWith("tollgate_execution_log_dropped_total ") && !l.endsWith(" 0.0")));
            assertThat(metrics).containsPattern("(?m)^tollgate_execution_log_dropped_total [1-9]");
            // Its access log line is written after its execution log would have been.
            Await.until("the access log line", () -> out.toString(StandardCharsets.UTF_8)
                    .contains(id));
            assertThat(linesOf(out, id)).isEmpty();
        }
    }
}
