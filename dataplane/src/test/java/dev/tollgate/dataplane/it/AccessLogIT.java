package dev.tollgate.dataplane.it;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.mock;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.server.TelemetryOptions;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.ir.StageConfig;
import dev.tollgate.ir.StageTelemetryConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One access-log line per request of a stage that sets an access log, in the stage's format,
 * written by the gateway's log writer; none for a stage that sets none, unless the development log
 * is on.
 */
class AccessLogIT {
    /** ByteArrayOutputStream's writes are synchronized: safe to read while the writer appends. */
    private static final ByteArrayOutputStream SINK = new ByteArrayOutputStream();

    @RegisterExtension
    static final GatewayExtension GATEWAY = new GatewayExtension().options(o -> o.withAccessLog(SINK));

    private static final String HOST = "api.default.execute-api.localhost";

    @BeforeAll
    static void serve() {
        GATEWAY.serve(config(rest("api", PROD, QUIET)));
    }

    /** A stage that sets an access log to the standard output, in its own format. */
    private static final StageConfig PROD = new StageConfig(
            "prod",
            new TreeMap<>(),
            "$context.requestId $context.httpMethod $context.resourcePath $context.path $context.status"
                    + " $context.stage [$context.error.message]",
            List.of(route("GET", "/pets/{id}", mock("{\"ok\":true}"))),
            null,
            null,
            null,
            null,
            null,
            new StageTelemetryConfig(false, true, null, null));

    /** A stage that sets no access log. */
    private static final StageConfig QUIET = new StageConfig(
            "quiet", new TreeMap<>(), null, List.of(route("GET", "/pets/{id}", mock("{\"ok\":true}"))), null);

    private static List<String> lines(ByteArrayOutputStream sink) {
        return List.of(sink.toString(StandardCharsets.UTF_8).split("\n"));
    }

    private static String lineFor(String requestId) throws InterruptedException {
        return lineFor(SINK, requestId + " ");
    }

    private static String lineFor(ByteArrayOutputStream sink, String start) throws InterruptedException {
        // The writer runs on its own thread; wait (bounded) for the line rather than assume a time.
        for (int i = 0; i < 500; i++) {
            for (String line : lines(sink)) {
                if (line.startsWith(start)) {
                    return line;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no access-log line starting " + start + " in " + lines(sink));
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

    @Test
    void aStageThatSetsNoAccessLogLogsNothing() throws Exception {
        RawHttp.Response quiet = GATEWAY.get(HOST, "/quiet/pets/7");
        assertThat(quiet.status()).isEqualTo(200);
        RawHttp.Response logged = GATEWAY.get(HOST, "/prod/pets/8");
        // One writer, lines in the order requests ended: the later request's line is in, so the
        // earlier one's would be.
        lineFor(logged.header("x-amzn-RequestId"));
        assertThat(SINK.toString(StandardCharsets.UTF_8)).doesNotContain("/quiet/pets/7");
    }

    @Test
    void theDevelopmentAccessLogPrintsEveryRequestInClf() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GatewayExtension.Standalone s = GatewayExtension.standalone(
                o -> o.withAccessLog(out).withTelemetry(TelemetryOptions.DEFAULTS.withDevAccessLog(true)))) {
            GatewayExtension g = s.extension();
            g.serve(config(rest("api", PROD, QUIET)));
            RawHttp.Response quiet = g.get(HOST, "/quiet/pets/7");
            assertThat(quiet.status()).isEqualTo(200);
            String id = quiet.header("x-amzn-RequestId");
            assertThat(lineFor(out, "127.0.0.1 - - ["))
                    .matches("127\\.0\\.0\\.1 - - \\[[^]]+] \"GET /quiet/pets/7 HTTP/1\\.1\" 200 11 " + id + " \\d+");
            // A stage that sets its own access log keeps its format.
            String prodId = g.get(HOST, "/prod/pets/8").header("x-amzn-RequestId");
            assertThat(lineFor(out, prodId + " ")).isEqualTo(prodId + " GET /pets/{id} /prod/pets/8 200 prod [-]");
        }
    }
}
