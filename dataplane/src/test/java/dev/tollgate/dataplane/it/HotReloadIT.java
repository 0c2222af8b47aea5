package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.Folders;
import dev.tollgate.dataplane.testing.LoadClients;
import dev.tollgate.dataplane.testing.LocalGateway;
import dev.tollgate.dataplane.testing.RawHttp;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloads under load: no failed request and the new config served; a file that cannot be read keeps
 * serving as it last read, and a method with errors is left out while the rest keeps serving.
 */
class HotReloadIT {
    private static final String HOST = "hot.default.execute-api.localhost";
    private static final String REQUEST = "GET /prod/value HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n";

    @TempDir
    Path folder;

    private static String yaml(String integrationRef, int value) {
        return String.join(
                "\n",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: RestApi",
                "metadata:",
                "  name: hot",
                "spec:",
                "  resources:",
                "    - path: /value",
                "      methods:",
                "        - httpMethod: GET",
                "          integration:",
                "            integrationRef: " + integrationRef,
                "            requestTemplates:",
                "              application/json: '{\"statusCode\": 200}'",
                "            responses:",
                "              - statusCode: 200",
                "                responseTemplates:",
                "                  application/json: '{\"v\": " + value + "}'",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: Integration",
                "metadata:",
                "  name: mock",
                "spec:",
                "  type: MOCK",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: Stage",
                "metadata:",
                "  name: hot-prod",
                "spec:",
                "  restApiRef: hot",
                "  stageName: prod",
                "");
    }

    private void write(String text) throws Exception {
        Folders.write(folder, "api.yaml", text);
    }

    private static String body(int port) throws Exception {
        return RawHttp.exchange(port, REQUEST.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"))
                .body();
    }

    private static void awaitBody(int port, String expected) throws Exception {
        assertThat(Await.value(() -> body(port), expected::equals)).isEqualTo(expected);
    }

    private static double reloads(LocalGateway local) {
        return local.server()
                .metrics()
                .registry()
                .counter("tollgate.config.reloads", "result", "success")
                .count();
    }

    private static void awaitReloadsPast(LocalGateway local, double count) throws Exception {
        assertThat(Await.value(() -> reloads(local), c -> c > count)).isGreaterThan(count);
    }

    @Test
    void reloadsUnderLoadWithoutFailedRequestsAndDegradesPerResourceOnBadEdits() throws Exception {
        write(yaml("mock", 0));
        try (LocalGateway local =
                LocalGateway.on(folder).flags("--drain-seconds", "5").start()) {
            int port = local.server().port();
            assertThat(body(port)).isEqualTo("{\"v\": 0}");
            LoadClients load = LoadClients.start(port, REQUEST, 4, 20_000);
            for (int v = 1; v <= 3; v++) {
                write(yaml("mock", v));
                awaitBody(port, "{\"v\": " + v + "}");
            }
            double before = reloads(local);
            write("kind: RestApi\nmetadata: [unclosed\n  : :\n");
            awaitReloadsPast(local, before);
            assertThat(body(port)).isEqualTo("{\"v\": 3}");
            write(yaml("mock", 5));
            awaitBody(port, "{\"v\": 5}");
            load.stop();
            assertThat(load.failures()).isZero();
            assertThat(load.served()).isPositive();
            assertThat(load.seen()).contains("{\"v\": 5}");
            assertThat(reloads(local)).isGreaterThanOrEqualTo(5);
            // A method with errors is left out (AWS's answer for no method), the rest keeps serving.
            write(yaml("no-such-integration", 6));
            RawHttp.Response gone = Await.value(
                    () -> RawHttp.exchange(port, REQUEST.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n")),
                    r -> r.status() == 403);
            assertThat(gone.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
            write(yaml("mock", 7));
            awaitBody(port, "{\"v\": 7}");
        }
    }
}
