package dev.tollgate.dataplane.it;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.mock;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.server.GatewayServer;
import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.ir.TrafficLimitsConfig;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A traffic listener holds at most its connection cap: one more is closed at once (counted),
 * the connections it holds keep being served, and once some close, new ones are taken again.
 */
class ConnectionCapIT {
    private static final String GET = "GET /prod/hello HTTP/1.1\r\nHost: api.default.execute-api.localhost\r\n\r\n";

    @Test
    void connectionPastTheCapIsRefusedTheOthersKeepWorkingAndTheListenerRecovers() throws Exception {
        try (GatewayExtension.Standalone started = GatewayExtension.standalone(
                o -> o.withLimits(new TrafficLimitsConfig(null, null, null, null, null, 3, null, null)))) {
            started.extension().serve(config(rest("api", stage("prod", route("GET", "/hello", mock("{}"))))));
            GatewayServer gateway = started.extension().gateway();
            List<RawHttp> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    RawHttp http = new RawHttp(gateway.port());
                    held.add(http);
                    assertThat(http.send(GET).status()).isEqualTo(200);
                }
                try (Socket extra = new Socket()) {
                    extra.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5000);
                    extra.setSoTimeout((int) Await.DEADLINE.toMillis());
                    InputStream in = extra.getInputStream();
                    // Accepted by the kernel, closed by the gateway before any byte.
                    assertThat(in.read()).isEqualTo(-1);
                }
                assertThat(gateway.metrics().scrape())
                        .contains("tollgate_connections_rejected_total{reason=\"max-connections\"} 1.0");
                for (RawHttp http : held) {
                    assertThat(http.send(GET).status()).isEqualTo(200);
                }
                held.remove(0).close();
                Await.until(
                        "the listener counts the closed connection out",
                        () -> gateway.metrics().scrape().contains("tollgate_connections_open 2.0"));
                try (RawHttp again = new RawHttp(gateway.port())) {
                    assertThat(again.send(GET).status()).isEqualTo(200);
                }
            } finally {
                for (RawHttp http : held) {
                    http.close();
                }
            }
        }
    }
}
