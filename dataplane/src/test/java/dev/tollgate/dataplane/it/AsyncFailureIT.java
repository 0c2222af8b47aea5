package dev.tollgate.dataplane.it;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.mock;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.LogCapture;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.ir.KubernetesAuthorizerConfig;
import dev.tollgate.ir.RouteAuthorizationConfig;
import dev.tollgate.ir.RouteConfig;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A fault after an asynchronous hop, over a real socket: the Kubernetes review of an AWS_IAM route
 * answers on another thread with no decision at all (a broken reviewer), so the step's
 * continuation throws back on the event loop. The client gets AWS's 500, the fault is logged once
 * with the request id, and the connection goes on serving.
 */
class AsyncFailureIT {
    @RegisterExtension
    static final GatewayExtension GATEWAY = new GatewayExtension();

    private static final String HOST = "orders.default.execute-api.localhost";
    private static final ExecutorService REVIEWER = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void serve() {
        RouteAuthorizationConfig iam =
                new RouteAuthorizationConfig(new KubernetesAuthorizerConfig("AWS_IAM", 0), List.of());
        GATEWAY.serve(config(rest(
                "orders",
                stage(
                        "prod",
                        new RouteConfig("GET", "/orders", false, mock("{\"orders\":[]}"), iam),
                        route("GET", "/open", mock("{\"open\":true}"))))));
        GATEWAY.gateway()
                .authorizers()
                .kubernetes((token, namespace, api, stage) -> CompletableFuture.supplyAsync(() -> null, REVIEWER));
    }

    @AfterAll
    static void stop() {
        REVIEWER.shutdownNow();
    }

    @Test
    void exceptionAfterAnAsyncHopAnswers500AndTheConnectionKeepsServing() throws Exception {
        try (LogCapture logs = LogCapture.start();
                RawHttp http = new RawHttp(GATEWAY.port())) {
            RawHttp.Response failed = http.send(
                    "GET /prod/orders HTTP/1.1\r\nHost: " + HOST + "\r\nAuthorization: Bearer some-token\r\n\r\n");
            assertThat(failed.status()).isEqualTo(500);
            assertThat(failed.body()).isEqualTo("{\"message\":\"Internal server error\"}");
            assertThat(failed.header("x-amzn-ErrorType")).isEqualTo("InternalServerErrorException");
            String id = failed.header("x-amzn-RequestId");
            assertThat(id).isNotBlank();
            assertThat(logs.events())
                    .filteredOn(e -> e.getLevel() == Level.ERROR
                            && e.getFormattedMessage().contains(id))
                    .hasSize(1);

            RawHttp.Response next = http.send("GET /prod/open HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n");
            assertThat(next.status()).isEqualTo(200);
            assertThat(next.body()).isEqualTo("{\"open\":true}");
        }
    }
}
