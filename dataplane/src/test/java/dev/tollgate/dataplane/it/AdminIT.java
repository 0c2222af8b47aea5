package dev.tollgate.dataplane.it;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.mock;
import static dev.tollgate.dataplane.testing.TestConfigs.proxy;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static dev.tollgate.dataplane.testing.TestConfigs.url;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.server.AdminAccess;
import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.RawHttp;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
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
    void readyzAnswers503AndTrafficIsNotListenedToUntilAConfigIsServed() throws Exception {
        assertThat(admin("/readyz").status()).isEqualTo(503);
        assertThat(gateway.gateway().listening()).isFalse();
        serve();
        assertThat(admin("/readyz").status()).isEqualTo(200);
        assertThat(gateway.get(HOST, "/prod/pets").status()).isEqualTo(200);
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
                .contains("tollgate_requests_total{api=\"petstore\",canary=\"false\",method=\"\",namespace=\"default\","
                        + "resource=\"\",stage=\"prod\",status=\"200\"} 1.0")
                .contains(
                        "tollgate_requests_total{api=\"petstore\",canary=\"false\",method=\"GET\",namespace=\"default\","
                                + "resource=\"/pets/{id}\",stage=\"prod\",status=\"200\"} 1.0")
                .contains("tollgate_requests_total{api=\"petstore\",canary=\"false\",method=\"\",namespace=\"default\","
                        + "resource=\"\",stage=\"prod\",status=\"403\"} 1.0")
                .contains(
                        "tollgate_requests_total{api=\"unknown\",canary=\"false\",method=\"unknown\",namespace=\"unknown\","
                                + "resource=\"unknown\",stage=\"unknown\",status=\"403\"} 1.0")
                .contains("tollgate_request_duration_seconds_count{api=\"petstore\",canary=\"false\",method=\"GET\","
                        + "namespace=\"default\",resource=\"/pets/{id}\",stage=\"prod\"} 1")
                .contains(
                        "tollgate_integration_duration_seconds_count{api=\"petstore\",canary=\"false\",method=\"GET\","
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

    @Test
    void adminListenerHoldsItsOwnConnectionCapAndStaysAnswerable() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 64; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", gateway.adminPort()), 5000);
                held.add(s);
            }
            try (Socket extra = new Socket()) {
                extra.connect(new InetSocketAddress("127.0.0.1", gateway.adminPort()), 5000);
                extra.setSoTimeout((int) Await.DEADLINE.toMillis());
                assertThat(extra.getInputStream().read()).isEqualTo(-1);
            }
            held.remove(0).close();
            // A probe gets through again once a slot is free.
            Await.until("/healthz answers", () -> {
                try {
                    return admin("/healthz").status() == 200;
                } catch (Exception e) {
                    return false;
                }
            });
            assertThat(gateway.gateway().metrics().scrape())
                    .contains("tollgate_connections_rejected_total{reason=\"admin-max-connections\"}");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    private RawHttp.Response admin(String path, String authorization) throws Exception {
        return RawHttp.exchange(
                gateway.adminPort(),
                "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                        + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                        + "Connection: close\r\n\r\n");
    }

    @Test
    void fromThePodNetworkStateEndpointsNeedTheAdminTokenButProbesAndMetricsDoNot() throws Exception {
        serve();
        // Cluster mode as a caller on the pod network sees it: loopback is not trusted here.
        gateway.gateway().adminAccess(new AdminAccess(false, () -> "admin-token-1"));
        for (String path : List.of("/config", "/usage?plan=gold", "/nope")) {
            RawHttp.Response denied = admin(path, null);
            assertThat(denied.status()).as(path).isEqualTo(403);
            assertThat(denied.body()).doesNotContain("petstore");
            assertThat(admin(path, "Bearer admin-token-2").status()).as(path).isEqualTo(403);
            assertThat(admin(path, "Basic admin-token-1").status()).as(path).isEqualTo(403);
        }
        RawHttp.Response allowed = admin("/config", "Bearer admin-token-1");
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.body()).contains("\"name\" : \"petstore\"");
        for (String path : List.of("/healthz", "/readyz", "/metrics")) {
            assertThat(admin(path, null).status()).as(path).isEqualTo(200);
        }
    }

    @Test
    void withoutAConfiguredTokenOnlyLoopbackCallersReadState() throws Exception {
        serve();
        gateway.gateway().adminAccess(new AdminAccess(false, () -> null));
        assertThat(admin("/config", "Bearer ").status()).isEqualTo(403);
        assertThat(admin("/config", null).status()).isEqualTo(403);
        gateway.gateway().adminAccess(AdminAccess.LOOPBACK_ONLY);
        assertThat(admin("/config", null).status()).isEqualTo(200);
    }
}
