package dev.tollgate.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.local.LocalMode;
import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.Folders;
import dev.tollgate.dataplane.testing.FreePorts;
import dev.tollgate.dataplane.testing.RawHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Local mode opens its traffic port only once the folder is compiled and served: a client that
 * keeps knocking from before the start gets refused connections, then the served config's
 * answers, never a 503; the admin port says not ready until then.
 */
class LocalModeReadinessIT {
    private static final String API =
            """
            apiVersion: apigateway.tollgate.dev/v1alpha1
            kind: RestApi
            metadata:
              name: ping
            spec:
              resources:
                - path: /ping
                  methods:
                    - httpMethod: GET
                      integration:
                        integrationRef: mock
                        requestTemplates:
                          application/json: '{"statusCode": 200}'
                        responses:
                          - statusCode: 200
                            responseTemplates:
                              application/json: '{"pong":true}'
            ---
            apiVersion: apigateway.tollgate.dev/v1alpha1
            kind: Stage
            metadata:
              name: ping-prod
            spec:
              restApiRef: ping
              stageName: prod
            ---
            apiVersion: apigateway.tollgate.dev/v1alpha1
            kind: Integration
            metadata:
              name: mock
            spec:
              type: MOCK
            """;

    private Path folder;

    @BeforeEach
    void folder() throws IOException {
        folder = Files.createTempDirectory("readiness");
        Folders.write(folder, "api.yaml", API);
    }

    @AfterEach
    void clean() throws IOException {
        Folders.delete(folder);
    }

    @Test
    void firstAnswerAfterStartIsTheServedConfigsNever503() throws Exception {
        int[] ports = FreePorts.free(2);
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread knocking = new Thread(
                () -> {
                    while (!stop.get()) {
                        try {
                            statuses.add(RawHttp.get(ports[0], "ping.default.execute-api.localhost", "/prod/ping")
                                    .status());
                        } catch (IOException refusedBeforeListening) {
                            Thread.onSpinWait();
                        }
                    }
                },
                "knocking");
        knocking.setDaemon(true);
        knocking.start();
        Main.LocalArgs args = Main.parseLocal(new String[] {
            "local",
            folder.toString(),
            "--port",
            Integer.toString(ports[0]),
            "--admin-port",
            Integer.toString(ports[1]),
            "--event-loops",
            "1"
        });
        try (LocalMode mode = Main.startLocal(args)) {
            assertThat(mode.server().ready()).isTrue();
            Await.until("the knocking client got answers", () -> statuses.size() >= 3);
        } finally {
            stop.set(true);
            knocking.join(10_000);
        }
        assertThat(statuses).isNotEmpty().allMatch(s -> s == 200);
    }
}
