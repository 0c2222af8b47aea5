package dev.tollgate.dataplane.it;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.proxy;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static dev.tollgate.dataplane.testing.TestConfigs.url;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.RawHttp;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Shutdown drains: an in-flight request finishes, with {@code Connection: close}. */
class GracefulShutdownIT {
    @RegisterExtension
    final GatewayExtension gateway = new GatewayExtension();

    private static final String HOST = "api.default.execute-api.localhost";

    @Test
    void inFlightSlowRequestFinishesDuringShutdown() throws Exception {
        gateway.serve(config(rest(
                "api", stage("prod", route("GET", "/slow", proxy(url(gateway.echoPort()), "/delay/1500", 10_000))))));
        int port = gateway.port();
        int adminPort = gateway.adminPort();
        // A thread per task: on two cores the JDK's async pool may run one task at a time, and the
        // close must run while the slow request waits.
        Executor threads = task -> new Thread(task, "graceful-shutdown-it").start();
        CompletableFuture<RawHttp.Response> slow = CompletableFuture.supplyAsync(
                () -> {
                    try (RawHttp http = new RawHttp(port)) {
                        return http.send("GET /prod/slow HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                threads);
        Await.until("the slow request is in flight", () -> gateway.gateway().inFlight() > 0);
        assertThat(gateway.gateway().inFlight()).isEqualTo(1);
        CompletableFuture<Void> closing =
                CompletableFuture.runAsync(() -> gateway.gateway().close(), threads);
        Await.until("the gateway turns not ready", () -> !gateway.gateway().ready());
        assertThat(RawHttp.get(adminPort, "localhost", "/readyz").status()).isEqualTo(503);
        RawHttp.Response r = slow.get(20, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("connection")).isEqualTo("close");
        closing.get(20, TimeUnit.SECONDS);
    }
}
