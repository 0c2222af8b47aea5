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
import dev.tollgate.dataplane.testing.RawHttp;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin endpoints and the metrics they expose. */
class AdminIT {
    @RegisterExtension
    final GatewayExtension gateway = new GatewayExtension();

    private static final String HOST = "petstore.default.execute-api.localhost";

    private RawHttp.Response admin(String path) throws Exception {
        return RawHttp.get(gateway.adminPort(), "localhost", path);
    }

    private void serve() {
        gateway.serve(config(rest(
                "petstore",
                stage(
                        "prod",
                        route("GET", "/pets", mock("[]")),
                        route("GET", "/pets/{id}", proxy(url(gateway.echoPort()), "/pets/{id}", List.of()))
                                .withMetricsEnabled(true)))));
    }

    @Test
    void healthzAnswers200AsSoonAsTheProcessRuns() throws Exception {
        assertThat(admin("/healthz").status()).isEqualTo(200);
    }

    @Test
    void readyzAnswers503UntilAConfigIsServed() throws Exception {
        assertThat(admin("/readyz").status()).isEqualTo(503);
        assertThat(gateway.get(HOST, "/prod/pets").status()).isEqualTo(503);
        serve();
        assertThat(admin("/readyz").status()).isEqualTo(200);
    }

    @Test
    void metricsCountDetailedRoutesByRouteTheRestByStageWithoutRawPaths() throws Exception {
        serve();
        gateway.get(HOST, "/prod/pets");
        gateway.get(HOST, "/prod/pets/2");
        gateway.get(HOST, "/prod/secret-unknown-path");
        gateway.get("unknown.example", "/x/y");
        RawHttp.Response r = admin("/metrics");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body())
                .contains("tollgate_requests_total{api=\"petstore\",method=\"\",namespace=\"default\","
                        + "resource=\"\",stage=\"prod\",status=\"200\"} 1.0")
                .contains("tollgate_requests_total{api=\"petstore\",method=\"GET\",namespace=\"default\","
                        + "resource=\"/pets/{id}\",stage=\"prod\",status=\"200\"} 1.0")
                .contains("tollgate_requests_total{api=\"petstore\",method=\"\",namespace=\"default\","
                        + "resource=\"\",stage=\"prod\",status=\"403\"} 1.0")
                .contains("tollgate_requests_total{api=\"unknown\",method=\"unknown\",namespace=\"unknown\","
                        + "resource=\"unknown\",stage=\"unknown\",status=\"403\"} 1.0")
                .contains("tollgate_request_duration_seconds_count{api=\"petstore\",method=\"GET\","
                        + "namespace=\"default\",resource=\"/pets/{id}\",stage=\"prod\"} 1")
                .contains("tollgate_integration_duration_seconds_count{api=\"petstore\",method=\"GET\","
                        + "namespace=\"default\",resource=\"/pets/{id}\",stage=\"prod\"} 1")
                .contains("tollgate_config_reloads_total")
                .doesNotContain("secret-unknown-path")
                .doesNotContain("unknown.example");
    }

    @Test
    void configSummarisesWhatIsServed() throws Exception {
        serve();
        RawHttp.Response r = admin("/config");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThat(r.body())
                .contains("\"namespace\" : \"default\"")
                .contains("\"configId\" : \"test-default\"")
                .contains("\"name\" : \"petstore\"")
                .contains("\"routes\" : 2");
    }

    @Test
    void unknownAdminPathAnswers404() throws Exception {
        assertThat(admin("/nope").status()).isEqualTo(404);
    }
}
