package dev.tollgate.dataplane.it;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.mock;
import static dev.tollgate.dataplane.testing.TestConfigs.proxy;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static dev.tollgate.dataplane.testing.TestConfigs.url;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.PrometheusText;
import dev.tollgate.ir.GatewayConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A route's meters exist from its first request on, not from the config's load: a configured route
 * that never served has no series (as CloudWatch has no datapoints for it), a served one counts
 * every request, across reloads too.
 */
class RouteMetersOnFirstRequestIT {
    @RegisterExtension
    final GatewayExtension gateway = new GatewayExtension();

    private static final String HOST = "petstore.default.execute-api.localhost";

    private GatewayConfig twoDetailedRoutes() {
        return config(rest(
                "petstore",
                stage(
                        "prod",
                        route("GET", "/toys", mock("[]")).withMetricsEnabled(true),
                        route("GET", "/pets/{id}", proxy(url(gateway.echoPort()), "/pets/{id}", List.of()))
                                .withMetricsEnabled(true))));
    }

    private PrometheusText.Scrape scrape() {
        return PrometheusText.parse(gateway.gateway().metrics().scrape());
    }

    private static Map<String, String> labels(String method, String resource) {
        return Map.of(
                "namespace", "default",
                "api", "petstore",
                "stage", "prod",
                "method", method,
                "resource", resource,
                "canary", "false");
    }

    @Test
    void aRouteHasNoSeriesUntilItServesThenCountsEveryRequestAcrossReloads() throws Exception {
        gateway.serve(twoDetailedRoutes());
        assertThat(scrape().samples())
                .noneMatch(s -> "petstore".equals(s.labels().get("api")));

        assertThat(gateway.get(HOST, "/prod/pets/1").status()).isEqualTo(200);
        PrometheusText.Scrape first = scrape();
        assertThat(first.sum("tollgate_request_duration_seconds_count", labels("GET", "/pets/{id}")))
                .isEqualTo(1);
        assertThat(first.sum("tollgate_integration_duration_seconds_count", labels("GET", "/pets/{id}")))
                .isEqualTo(1);
        assertThat(gateway.gateway().metrics().scrape()).doesNotContain("resource=\"/toys\"");

        // A reload builds every route again: the served route's series go on from where they were.
        gateway.serve(twoDetailedRoutes());
        assertThat(gateway.get(HOST, "/prod/pets/2").status()).isEqualTo(200);
        assertThat(gateway.get(HOST, "/prod/toys").status()).isEqualTo(200);
        PrometheusText.Scrape second = scrape();
        assertThat(second.sum("tollgate_request_duration_seconds_count", labels("GET", "/pets/{id}")))
                .isEqualTo(2);
        assertThat(second.sum("tollgate_requests_total", labels("GET", "/pets/{id}")))
                .isEqualTo(2);
        assertThat(second.sum("tollgate_request_duration_seconds_count", labels("GET", "/toys")))
                .isEqualTo(1);
    }
}
