package dev.tollgate.dataplane.it;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.mock;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.ir.StageConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One access-log line per request, in the stage's format, written by the gateway's log writer. */
class AccessLogIT {
    /** ByteArrayOutputStream's writes are synchronized: safe to read while the writer appends. */
    private static final ByteArrayOutputStream SINK = new ByteArrayOutputStream();

    @RegisterExtension
    static final GatewayExtension GATEWAY = new GatewayExtension().options(o -> o.withAccessLog(SINK));

    private static final String HOST = "api.default.execute-api.localhost";

    @BeforeAll
    static void serve() {
        StageConfig prod = new StageConfig(
                "prod",
                new TreeMap<>(),
                "$context.requestId $context.httpMethod $context.resourcePath $context.path $context.status"
                        + " $context.stage [$context.error.message]",
                List.of(route("GET", "/pets/{id}", mock("{\"ok\":true}"))),
                null);
        GATEWAY.serve(config(rest("api", prod)));
    }

    private static List<String> lines() {
        return List.of(SINK.toString(StandardCharsets.UTF_8).split("\n"));
    }

    private static String lineFor(String requestId) throws InterruptedException {
        // The writer runs on its own thread; wait (bounded) for the line rather than assume a time.
        for (int i = 0; i < 500; i++) {
            for (String line : lines()) {
                if (line.startsWith(requestId + " ")) {
                    return line;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no access-log line for " + requestId + " in " + lines());
    }

    @Test
    void servedRequestIsLoggedInTheStageFormat() throws Exception {
        RawHttp.Response r = GATEWAY.get(HOST, "/prod/pets/7");
        assertThat(r.status()).isEqualTo(200);
        String id = r.header("x-amzn-RequestId");
        assertThat(lineFor(id)).isEqualTo(id + " GET /pets/{id} /prod/pets/7 200 prod [-]");
    }

    @Test
    void unknownResourceIsLoggedWithItsError() throws Exception {
        RawHttp.Response r = GATEWAY.get(HOST, "/prod/nothing");
        assertThat(r.status()).isEqualTo(403);
        String id = r.header("x-amzn-RequestId");
        assertThat(lineFor(id)).startsWith(id + " GET ").endsWith(" 403 prod [Missing Authentication Token]");
    }
}
