package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.echo.EchoServer;
import dev.tollgate.dataplane.metrics.GatewayMetrics;
import dev.tollgate.dataplane.runtime.ApiRef;
import dev.tollgate.dataplane.server.GatewayOptions;
import dev.tollgate.dataplane.server.GatewayServer;
import dev.tollgate.dataplane.testing.CompiledYaml;
import dev.tollgate.dataplane.testing.PrometheusText;
import dev.tollgate.dataplane.testing.RawHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The series count of {@code /metrics} for N compiled routes with one request each: bounded by the
 * stages when per-method metrics are off (AWS's default), growing by a fixed number of series per
 * route when they are on. Writes the figures to {@code target/metric-series.txt}.
 */
class MetricSeriesCountIT {
    /**
     * The counts of one run.
     *
     * @param tollgate series named {@code tollgate_*}
     * @param all every series (JVM, Netty and process meters too)
     */
    record Count(long tollgate, long all) {}

    static String yaml(int echoPort, int routes, boolean detailed) {
        StringBuilder sb = new StringBuilder(
                """
                apiVersion: apigateway.tollgate.dev/v1alpha1
                kind: Integration
                metadata:
                  name: echo
                spec:
                  type: HTTP_PROXY
                  url: http://127.0.0.1:%d/
                ---
                apiVersion: apigateway.tollgate.dev/v1alpha1
                kind: RestApi
                metadata:
                  name: many
                spec:
                  resources:
                """
                        .formatted(echoPort));
        for (int i = 0; i < routes; i++) {
            sb.append("    - path: /r").append(i).append("/{id}\n");
            sb.append("      methods:\n        - httpMethod: GET\n          integration: {integrationRef: echo}\n");
        }
        sb.append(
                """
                ---
                apiVersion: apigateway.tollgate.dev/v1alpha1
                kind: Stage
                metadata:
                  name: prod
                spec:
                  restApiRef: many
                """);
        if (detailed) {
            sb.append("  methodSettings:\n    - {resourcePath: \"*\", httpMethod: \"*\", metricsEnabled: true}\n");
        }
        return sb.toString();
    }

    /** Starts a gateway with {@code routes} routes, sends one request to each, counts the series. */
    static Count count(int routes, boolean detailed) throws IOException {
        try (EchoServer echo = EchoServer.start("127.0.0.1", 0);
                GatewayServer gateway = GatewayServer.start(
                        GatewayOptions.defaults()
                                .withPorts(0, 0)
                                .withEventLoops(2)
                                .withDrain(Duration.ofSeconds(5))
                                .withDefaultApi(ApiRef.parse("many")),
                        new GatewayMetrics())) {
            gateway.apply(List.of(CompiledYaml.compile(yaml(echo.port(), routes, detailed))));
            for (int i = 0; i < routes; i++) {
                // A distinct id per request: raw paths never become label values.
                RawHttp.Response r = RawHttp.get(gateway.port(), "localhost", "/prod/r" + i + "/id-" + i);
                assertThat(r.status()).isEqualTo(200);
            }
            String text =
                    RawHttp.get(gateway.adminPort(), "localhost", "/metrics").body();
            assertThat(text).doesNotContain("id-");
            PrometheusText.Scrape scrape = PrometheusText.parse(text);
            return new Count(scrape.series("tollgate_"), scrape.samples().size());
        }
    }

    @Test
    void seriesStayBoundedByStageAndGrowPerRouteOnlyWithDetailedMetrics() throws IOException {
        Count off1 = count(1, false);
        Count off100 = count(100, false);
        Count on1 = count(1, true);
        Count on100 = count(100, true);
        // Per route: its status counter, two histograms (the buckets, +Inf, _count, _sum and a _max
        // gauge each) and the two byte counters.
        long perRoute = 1 + 2 * (GatewayMetrics.LATENCY_BUCKETS.length + 4) + 2;

        assertThat(off100.tollgate()).isEqualTo(off1.tollgate());
        assertThat(on100.tollgate() - on1.tollgate()).isEqualTo(99 * perRoute);

        String figures = String.join(
                "\n",
                "metrics series for 100 routes, one request each (tollgate_* / all incl. JVM and Netty):",
                "  detailed metrics off (default): " + off100.tollgate() + " / " + off100.all(),
                "  detailed metrics on (*/* metricsEnabled): " + on100.tollgate() + " / " + on100.all(),
                "  per route with detailed metrics: " + perRoute,
                "");
        System.out.print(figures);
        Path out = Path.of("target", "metric-series.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, figures);
    }
}
