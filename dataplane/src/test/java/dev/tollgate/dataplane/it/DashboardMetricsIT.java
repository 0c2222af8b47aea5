package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.dataplane.runtime.ApiRef;
import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.CompiledYaml;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.LimitsYaml;
import dev.tollgate.dataplane.testing.PrometheusText;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.dataplane.testing.RepoRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real {@code /metrics} of a gateway serving real requests, read with a strict text-format
 * parser: every metric the chart's Grafana dashboard queries exists, the latency histograms'
 * buckets and the byte counters move as requests are made, and per-method series exist only for
 * methods with detailed metrics.
 */
class DashboardMetricsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern METRIC = Pattern.compile("\\b((?:tollgate|jvm|netty|process|system)_[a-z0-9_]+)");
    private static final Map<String, String> STAGE =
            Map.of("namespace", "default", "api", "shop", "stage", "prod", "method", "", "resource", "");
    private static final Map<String, String> ITEMS = Map.of("api", "shop", "method", "GET", "resource", "/items");

    @RegisterExtension
    final GatewayExtension gateway = new GatewayExtension().options(o -> o.withDefaultApi(ApiRef.parse("shop")));

    private void serve() {
        gateway.serve(CompiledYaml.compile(LimitsYaml.api(
                gateway.echoPort(),
                """
                  throttling: {rateLimit: 1000, burstLimit: 1000}
                  cache: {enabled: true, size: "0.5", ttlInSeconds: 300}
                  methodSettings:
                    - resourcePath: /items
                      httpMethod: GET
                      metricsEnabled: true
                """,
                "  quota: {limit: 1000, period: DAY}",
                LimitsYaml.ALICE,
                "")));
    }

    private PrometheusText.Scrape scrape() throws IOException {
        RawHttp.Response r = RawHttp.get(gateway.adminPort(), "localhost", "/metrics");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).startsWith("text/plain; version=0.0.4");
        return PrometheusText.parse(r.body());
    }

    private RawHttp.Response send(String method, String path, String body) throws IOException {
        return gateway.raw(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nx-api-key: " + LimitsYaml.ALICE
                + "\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
    }

    /** Every metric name in the dashboard's queries (and its variables'). */
    static Set<String> dashboardMetrics() throws IOException {
        JsonNode dashboard =
                JSON.readTree(Files.readString(RepoRoot.path().resolve("helm/tollgate/dashboards/tollgate.json")));
        Set<String> names = new TreeSet<>();
        for (JsonNode expr : dashboard.findValues("expr")) {
            Matcher m = METRIC.matcher(expr.asText());
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            Matcher m = METRIC.matcher(variable.path("definition").asText());
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    @Test
    void everyMetricTheDashboardQueriesExistsInARealScrape() throws Exception {
        serve();
        assertThat(send("GET", "/prod/items?type=a", "").status()).isEqualTo(200);
        assertThat(send("GET", "/prod/items?type=a", "").status()).isEqualTo(200);
        // GC pauses are exported once one happened.
        System.gc();
        Set<String> queried = dashboardMetrics();
        assertThat(queried)
                .hasSizeGreaterThan(15)
                .contains(
                        "tollgate_requests_total",
                        "tollgate_request_duration_seconds_bucket",
                        "tollgate_integration_duration_seconds_bucket",
                        "tollgate_cache_hits_total",
                        "tollgate_cache_misses_total",
                        "tollgate_request_bytes_total",
                        "tollgate_response_bytes_total",
                        "netty_allocator_memory_used",
                        "jvm_memory_used_bytes");
        Await.until("the scrape has every metric the dashboard queries", () -> {
            try {
                return scrape().names().containsAll(queried);
            } catch (IOException e) {
                return false;
            }
        });
        assertThat(scrape().names()).containsAll(queried);
    }

    @Test
    void histogramBucketsAndByteCountersMoveAsRequestsAreMade() throws Exception {
        serve();
        PrometheusText.Scrape before = scrape();
        long bytesOut = 0;
        for (int i = 0; i < 3; i++) {
            bytesOut +=
                    Long.parseLong(send("POST", "/prod/items", "twelve bytes").header("content-length"));
        }
        bytesOut += Long.parseLong(send("GET", "/prod/items?type=b", "").header("content-length"));
        PrometheusText.Scrape after = scrape();

        // The POSTs count in the stage's series (no detailed metrics), the GET in its own.
        assertThat(after.sum("tollgate_request_duration_seconds_count", STAGE)
                        - before.sum("tollgate_request_duration_seconds_count", STAGE))
                .isEqualTo(3);
        assertThat(after.sum("tollgate_request_duration_seconds_count", ITEMS)
                        - before.sum("tollgate_request_duration_seconds_count", ITEMS))
                .isEqualTo(1);
        assertThat(after.sum("tollgate_integration_duration_seconds_count", STAGE)
                        - before.sum("tollgate_integration_duration_seconds_count", STAGE))
                .isEqualTo(3);
        Map<String, String> inf = new TreeMap<>(STAGE);
        inf.put("le", "+Inf");
        assertThat(after.sum("tollgate_request_duration_seconds_bucket", inf)
                        - before.sum("tollgate_request_duration_seconds_bucket", inf))
                .isEqualTo(3);
        Map<String, String> thirtySeconds = new TreeMap<>(STAGE);
        thirtySeconds.put("le", "30.0");
        assertThat(after.sum("tollgate_request_duration_seconds_bucket", thirtySeconds)
                        - before.sum("tollgate_request_duration_seconds_bucket", thirtySeconds))
                .isEqualTo(3);
        assertThat(after.sum("tollgate_request_bytes_total", Map.of("api", "shop"))
                        - before.sum("tollgate_request_bytes_total", Map.of("api", "shop")))
                .isEqualTo(36);
        assertThat(after.sum("tollgate_response_bytes_total", Map.of("api", "shop"))
                        - before.sum("tollgate_response_bytes_total", Map.of("api", "shop")))
                .isEqualTo(bytesOut);
        assertThat(after.sum("tollgate_requests_total", Map.of("api", "shop", "status", "200"))
                        - before.sum("tollgate_requests_total", Map.of("api", "shop", "status", "200")))
                .isEqualTo(4);
        // Per-method series only for the method with metricsEnabled: never POST /items on its own.
        assertThat(after.samples())
                .noneMatch(s -> "POST".equals(s.labels().get("method")))
                .noneMatch(s -> s.labels().containsValue("/prod/items"));
        assertThat(after.types())
                .containsEntry("tollgate_request_duration_seconds", "histogram")
                .containsEntry("tollgate_integration_duration_seconds", "histogram")
                .containsEntry("tollgate_request_bytes_total", "counter")
                .containsEntry("tollgate_response_bytes_total", "counter");
    }
}
