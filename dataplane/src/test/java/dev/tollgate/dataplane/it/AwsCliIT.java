package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.controlapi.LocalControlApi;
import dev.tollgate.controlapi.http.ControlApiServer;
import dev.tollgate.dataplane.echo.EchoServer;
import dev.tollgate.dataplane.local.FolderCompiler;
import dev.tollgate.dataplane.local.LocalMode;
import dev.tollgate.dataplane.server.GatewayOptions;
import dev.tollgate.dataplane.testing.RawHttp;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product description's commands run through the real {@code aws} command (AWS CLI) against
 * local mode's control API, then the API they built is called through the gateway. Skipped, with
 * a message, where {@code aws} is not installed ({@code .ci/run} installs it).
 */
class AwsCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    @TempDir
    Path home;

    record Result(int exit, String out, String err) {}

    static String aws() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "aws");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    private Result run(String aws, int port, String... args) throws Exception {
        List<String> command = new ArrayList<>(
                List.of(aws, "--endpoint-url", "http://127.0.0.1:" + port, "--output", "json", "apigateway"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("AWS_MAX_ATTEMPTS", "1");
        env.put("HOME", home.toString());
        env.remove("AWS_PROFILE");
        env.remove("AWS_SESSION_TOKEN");
        Path out = home.resolve("out.txt");
        Path err = home.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("aws " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private JsonNode ok(String aws, int port, String... args) throws Exception {
        Result r = run(aws, port, args);
        assertThat(r.exit())
                .as("aws apigateway %s: %s", String.join(" ", args), r.err())
                .isZero();
        return r.out().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.out());
    }

    @Test
    void theProductDescriptionsAwsCliCommandsBuildAnApiTheGatewayServes() throws Exception {
        String aws = aws();
        assumeTrue(aws != null, "the aws command (AWS CLI) is not installed; .ci/run installs the awscli package");
        try (EchoServer backend = EchoServer.start("127.0.0.1", 0);
                LocalMode local = LocalMode.start(
                        folder,
                        new FolderCompiler(folder, List.of()),
                        GatewayOptions.defaults()
                                .withPorts(0, 0)
                                .withEventLoops(1)
                                .withDrain(Duration.ofSeconds(1)));
                ControlApiServer control = LocalControlApi.start(
                        folder,
                        "127.0.0.1",
                        0,
                        null,
                        List.of(),
                        local.server().adminPort(),
                        new PrintStream(System.out, true, StandardCharsets.UTF_8))) {
            int port = control.port();
            JsonNode api = ok(aws, port, "create-rest-api", "--name", "MyAPI");
            String id = api.path("id").asText();
            assertThat(api.path("name").asText()).isEqualTo("MyAPI");
            JsonNode resources = ok(aws, port, "get-resources", "--rest-api-id", id);
            String root = resources.path("items").get(0).path("id").asText();
            assertThat(resources.path("items").get(0).path("path").asText()).isEqualTo("/");
            String pets = ok(
                            aws,
                            port,
                            "create-resource",
                            "--rest-api-id",
                            id,
                            "--parent-id",
                            root,
                            "--path-part",
                            "pets")
                    .path("id")
                    .asText();
            ok(
                    aws,
                    port,
                    "put-method",
                    "--rest-api-id",
                    id,
                    "--resource-id",
                    pets,
                    "--http-method",
                    "GET",
                    "--authorization-type",
                    "NONE");
            ok(
                    aws,
                    port,
                    "put-integration",
                    "--rest-api-id",
                    id,
                    "--resource-id",
                    pets,
                    "--http-method",
                    "GET",
                    "--type",
                    "HTTP_PROXY",
                    "--integration-http-method",
                    "GET",
                    "--uri",
                    "http://127.0.0.1:" + backend.port() + "/pets");
            JsonNode deployment = ok(aws, port, "create-deployment", "--rest-api-id", id, "--stage-name", "prod");
            assertThat(deployment.path("id").asText()).matches("[a-z][a-z0-9]{5}");
            JsonNode stage = ok(
                    aws,
                    port,
                    "update-stage",
                    "--rest-api-id",
                    id,
                    "--stage-name",
                    "prod",
                    "--patch-operations",
                    "op=replace,path=/cacheClusterSize,value=0.5");
            assertThat(stage.path("cacheClusterSize").asText()).isEqualTo("0.5");
            JsonNode plan = ok(
                    aws,
                    port,
                    "create-usage-plan",
                    "--name",
                    "Partners",
                    "--api-stages",
                    "apiId=" + id + ",stage=prod");
            assertThat(plan.path("apiStages").get(0).path("apiId").asText()).isEqualTo(id);
            JsonNode domain = ok(aws, port, "create-domain-name", "--domain-name", "api.example.localhost");
            assertThat(domain.path("domainName").asText()).isEqualTo("api.example.localhost");

            String host = id + ".default.execute-api.localhost";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            RawHttp.Response r = RawHttp.get(local.server().port(), host, "/prod/pets");
            while (r.status() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                r = RawHttp.get(local.server().port(), host, "/prod/pets");
            }
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).contains("\"type\":\"dog\"");
        }
    }
}
