package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.Folders;
import dev.tollgate.dataplane.testing.LocalGateway;
import dev.tollgate.dataplane.testing.RawHttp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloads under load: no failed request, new config served, invalid edits keep the last good one. */
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

    private static void awaitFailures(LocalGateway local, double count) throws Exception {
        var counter = local.server().metrics().registry().counter("tollgate.config.reloads", "result", "failure");
        assertThat(Await.value(counter::count, c -> c >= count)).isEqualTo(count);
    }

    @Test
    void reloadsUnderLoadWithoutFailedRequestsAndKeepsLastGoodConfigOnBadEdits() throws Exception {
        write(yaml("mock", 0));
        try (LocalGateway local =
                LocalGateway.on(folder).flags("--drain-seconds", "5").start()) {
            int port = local.server().port();
            assertThat(body(port)).isEqualTo("{\"v\": 0}");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger failures = new AtomicInteger();
            AtomicInteger served = new AtomicInteger();
            Set<String> seen = ConcurrentHashMap.newKeySet();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Thread t = new Thread(() -> {
                    try (RawHttp http = new RawHttp(port)) {
                        // Bounded: stops when told, or after 20000 requests per client.
                        for (int n = 0; n < 20_000 && !stop.get(); n++) {
                            RawHttp.Response r = http.send(REQUEST);
                            if (r.status() == 200) {
                                served.incrementAndGet();
                                seen.add(r.body());
                            } else {
                                failures.incrementAndGet();
                            }
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                });
                t.start();
                clients.add(t);
            }
            for (int v = 1; v <= 3; v++) {
                write(yaml("mock", v));
                awaitBody(port, "{\"v\": " + v + "}");
            }
            write("kind: RestApi\nmetadata: [unclosed\n  : :\n");
            awaitFailures(local, 1);
            assertThat(body(port)).isEqualTo("{\"v\": 3}");
            write(yaml("no-such-integration", 4));
            awaitFailures(local, 2);
            assertThat(body(port)).isEqualTo("{\"v\": 3}");
            write(yaml("mock", 5));
            awaitBody(port, "{\"v\": 5}");
            stop.set(true);
            for (Thread t : clients) {
                t.join(30_000);
            }
            assertThat(failures.get()).isZero();
            assertThat(served.get()).isPositive();
            assertThat(seen).contains("{\"v\": 5}");
            assertThat(local.server()
                            .metrics()
                            .registry()
                            .counter("tollgate.config.reloads", "result", "success")
                            .count())
                    .isGreaterThanOrEqualTo(4);
        }
    }
}
