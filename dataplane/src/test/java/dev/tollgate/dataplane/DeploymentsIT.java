package dev.tollgate.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.dataplane.local.TestInvokeCommand;
import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.Folders;
import dev.tollgate.dataplane.testing.LoadClients;
import dev.tollgate.dataplane.testing.LocalGateway;
import dev.tollgate.dataplane.testing.LogCapture;
import dev.tollgate.dataplane.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deployments end to end in local mode, driven by the {@code deploy}, {@code deployments} and
 * {@code test-invoke} commands as a user runs them, against a gateway on real sockets with an echo
 * backend: an edit changes nothing until deployed, rollback, a canary split with its own metric
 * series, promotion, test-invoke of an undeployed edit, a deleted deployment that is still pinned,
 * and no failed request throughout.
 */
class DeploymentsIT {
    private static final String HOST = "shop.default.execute-api.localhost";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    private LocalGateway local;

    /** The RestApi with {@code GET /v} answering {"v": N} (a MOCK) and {@code GET /echo/...} proxied to the echo backend. */
    private static String api(int version) {
        return String.join(
                "\n",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: RestApi",
                "metadata:",
                "  name: shop",
                "spec:",
                "  resources:",
                "    - path: /v",
                "      methods:",
                "        - httpMethod: GET",
                "          integration:",
                "            integrationRef: mock",
                "            requestTemplates:",
                "              application/json: '{\"statusCode\": 200}'",
                "            responses:",
                "              - statusCode: 200",
                "                responseTemplates:",
                "                  application/json: '{\"v\": " + version + "}'",
                "    - path: /echo/{proxy+}",
                "      methods:",
                "        - httpMethod: ANY",
                "          integration:",
                "            integrationRef: backend",
                "            path: /v" + version + "/{proxy}",
                "");
    }

    private static final String REST = String.join(
            "\n",
            "apiVersion: apigateway.tollgate.dev/v1alpha1",
            "kind: Integration",
            "metadata:",
            "  name: mock",
            "spec:",
            "  type: MOCK",
            "---",
            "apiVersion: apigateway.tollgate.dev/v1alpha1",
            "kind: Integration",
            "metadata:",
            "  name: backend",
            "spec:",
            "  type: HTTP_PROXY",
            "  service: {name: echo, port: 80}",
            "---",
            "# The stage the commands pin; this comment and the order of the document survive their edits.",
            "apiVersion: apigateway.tollgate.dev/v1alpha1",
            "kind: Stage",
            "metadata:",
            "  name: shop-prod",
            "spec:",
            "  restApiRef: shop",
            "  stageName: prod",
            "  variables:",
            "    team: pets",
            "");

    @BeforeEach
    void start() throws Exception {
        Folders.write(folder, "api.yaml", api(1));
        Folders.write(folder, "rest.yaml", REST);
        local = LocalGateway.on(folder).echoAs("echo").start();
    }

    @AfterEach
    void stop() {
        if (local != null) {
            local.close();
        }
    }

    /** Output of one command run in-process, as a user sees it. */
    private record Run(int code, String out, String err) {}

    private Run cli(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = args[0].equals("test-invoke") ? TestInvokeCommand.run(args, o, e) : Main.release(args, o, e);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String deploy(String... extra) throws Exception {
        List<String> args =
                new ArrayList<>(List.of("deploy", folder.toString(), "--rest-api", "shop", "--stage", "prod"));
        args.addAll(List.of(extra));
        Run run = cli(args.toArray(String[]::new));
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).as("only the deployment's name").matches("[a-z][a-z0-9]{5}\n");
        return run.out().trim();
    }

    private String body() throws Exception {
        return RawHttp.get(local.port(), HOST, "/prod/v").body();
    }

    private String awaitBody(String expected) throws Exception {
        return Await.value(this::body, expected::equals);
    }

    @Test
    void anEditServesNothingUntilDeployedAndRollbackRestoresTheOldDeployment() throws Exception {
        String first = deploy("--description", "first");
        assertThat(awaitBody("{\"v\": 1}")).isEqualTo("{\"v\": 1}");
        Await.until("prod pinned", () -> first.equals(served("prod")));

        Folders.write(folder, "api.yaml", api(2));
        // The edit is compiled (the reload counter moves) but prod stays on its deployment.
        double reloads = reloads();
        Await.until("the edit reloaded", () -> reloads() > reloads);
        assertThat(body()).isEqualTo("{\"v\": 1}");
        assertThat(RawHttp.get(local.port(), HOST, "/prod/echo/a").body()).contains("\"path\":\"/v1/a\"");

        long start = System.nanoTime();
        String second = deploy("--description", "second");
        assertThat(awaitBody("{\"v\": 2}")).isEqualTo("{\"v\": 2}");
        System.out.printf("deploy to serving in local mode: %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertThat(RawHttp.get(local.port(), HOST, "/prod/echo/a").body()).contains("\"path\":\"/v2/a\"");

        assertThat(cli("deploy", folder.toString(), "--rest-api", "shop", "--stage", "prod", "--deployment", first)
                        .out())
                .isEqualTo(first + "\n");
        assertThat(awaitBody("{\"v\": 1}")).isEqualTo("{\"v\": 1}");
        assertThat(RawHttp.get(local.port(), HOST, "/prod/echo/a").body()).contains("\"path\":\"/v1/a\"");
        Await.until(
                "previous deployment shown",
                () -> second.equals(config("prod").path("previousDeployment").asText()));

        Run history = cli("deployments", folder.toString(), "--rest-api", "shop");
        assertThat(history.out().lines().toList()).hasSize(2).satisfies(lines -> {
            assertThat(lines.get(0))
                    .startsWith(second + "  ")
                    .doesNotContain("prod")
                    .endsWith("second");
            assertThat(lines.get(1))
                    .startsWith(first + "  ")
                    .contains("  prod  ")
                    .endsWith("first");
        });
        String stage = Files.readString(folder.resolve("rest.yaml"));
        assertThat(stage)
                .contains("# The stage the commands pin; this comment")
                .contains("deploymentRef: " + first)
                .contains("kind: Integration");
    }

    @Test
    void aCanarySplitsWithinBinomialBoundsWithItsOwnMetricSeriesAndIsPromoted() throws Exception {
        deploy();
        Folders.write(folder, "api.yaml", api(2));
        String canary = deploy("--canary-percent", "25");
        Await.until(
                "canary served",
                () -> canary.equals(
                        config("prod").path("canary").path("deployment").asText()));
        double canaryBefore = requests("true");
        double stableBefore = requests("false");
        int n = 2000;
        int toCanary = 0;
        try (RawHttp http = new RawHttp(local.port())) {
            for (int i = 0; i < n; i++) {
                RawHttp.Response r = http.send("GET /prod/v HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n");
                assertThat(r.status()).isEqualTo(200);
                if (r.body().equals("{\"v\": 2}")) {
                    toCanary++;
                } else {
                    assertThat(r.body()).isEqualTo("{\"v\": 1}");
                }
            }
        }
        // Binomial(2000, 0.25): mean 500, standard deviation 19.4; 5 sigma either side.
        double sigma = Math.sqrt(n * 0.25 * 0.75);
        assertThat((double) toCanary).isBetween(500 - 5 * sigma, 500 + 5 * sigma);
        assertThat(requests("true") - canaryBefore).isEqualTo(toCanary);
        assertThat(requests("false") - stableBefore).isEqualTo(n - toCanary);

        assertThat(cli("deploy", folder.toString(), "--rest-api", "shop", "--stage", "prod", "--promote-canary")
                        .out())
                .isEqualTo(canary + "\n");
        Await.until(
                "promoted",
                () -> canary.equals(served("prod"))
                        && config("prod").path("canary").isMissingNode());
        for (int i = 0; i < 50; i++) {
            assertThat(body()).isEqualTo("{\"v\": 2}");
        }
    }

    @Test
    void testInvokeRunsAnUndeployedEditAgainstTheRealBackend() throws Exception {
        deploy();
        Folders.write(folder, "api.yaml", api(3));
        Run run = cli(
                "test-invoke",
                folder.toString(),
                "--rest-api",
                "shop",
                "--stage",
                "prod",
                "--method",
                "POST",
                "--path",
                "/echo/items/7",
                "--query",
                "color=red",
                "--header",
                "X-Test: yes",
                "--body",
                "{\"n\":1}",
                "--service",
                "echo=127.0.0.1:" + local.echoPort());
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode result = JSON.readTree(run.out());
        assertThat(result.path("status").isInt()).isTrue();
        assertThat(result.path("status").asInt()).isEqualTo(200);
        JsonNode echoed = JSON.readTree(result.path("body").asText());
        assertThat(echoed.path("path").asText()).isEqualTo("/v3/items/7");
        assertThat(echoed.path("method").asText()).isEqualTo("POST");
        assertThat(echoed.path("query").path("color").get(0).asText()).isEqualTo("red");
        assertThat(result.path("headers").path("content-type").asText()).startsWith("application/json");
        assertThat(result.path("multiValueHeaders").path("content-type").isArray())
                .isTrue();
        assertThat(result.path("latency").isNumber()).isTrue();
        assertThat(result.path("log").asText())
                .contains("HTTP Method: POST, Resource Path: /echo/{proxy+}")
                .contains("Method request query string: {color=[red]}")
                .contains("Endpoint request URI: http://127.0.0.1:" + local.echoPort() + "/v3/items/7?color=red")
                .contains("Endpoint request body after transformations: {\"n\":1}")
                .contains("Received response. Status: 200")
                .contains("Method completed with status: 200");
        // Nothing was deployed: the stage still serves the first definition.
        assertThat(RawHttp.get(local.port(), HOST, "/prod/echo/a").body()).contains("\"path\":\"/v1/a\"");

        // The same on the admin port, for the control API.
        String request =
                "{\"restApi\":\"shop\",\"stage\":\"prod\",\"httpMethod\":\"GET\",\"pathWithQueryString\":\"/v\"}";
        RawHttp.Response admin = RawHttp.exchange(
                local.adminPort(),
                "POST /test-invoke HTTP/1.1\r\nHost: admin\r\nContent-Type: application/json\r\nContent-Length: "
                        + request.length() + "\r\nConnection: close\r\n\r\n" + request);
        assertThat(admin.status()).isEqualTo(200);
        assertThat(JSON.readTree(admin.body()).path("body").asText()).isEqualTo("{\"v\": 3}");
        String unknown = "{\"restApi\":\"nope\",\"httpMethod\":\"GET\"}";
        RawHttp.Response missing = RawHttp.exchange(
                local.adminPort(),
                "POST /test-invoke HTTP/1.1\r\nHost: admin\r\nContent-Length: " + unknown.length()
                        + "\r\nConnection: close\r\n\r\n" + unknown);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).path("message").asText()).contains("no RestApi named nope");
    }

    @Test
    void deletingAPinnedDeploymentKeepsItServingWithAWarningAndTheCommandRefusesWithoutForce() throws Exception {
        String pinned = deploy();
        assertThat(awaitBody("{\"v\": 1}")).isEqualTo("{\"v\": 1}");
        Await.until("prod pinned", () -> pinned.equals(served("prod")));
        Folders.write(folder, "api.yaml", api(2));

        Run refused = cli("deployments", folder.toString(), "--rest-api", "shop", "--delete", pinned);
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("ApiDeployment " + pinned + " is in use by Stage shop-prod");
        assertThat(folder.resolve("apideployments/" + pinned + ".yaml")).exists();

        try (LogCapture logs = LogCapture.start()) {
            Run forced = cli("deployments", folder.toString(), "--rest-api", "shop", "--delete", pinned, "--force");
            assertThat(forced.code()).isZero();
            assertThat(forced.err()).contains("warning: ApiDeployment " + pinned + " is still in use");
            assertThat(folder.resolve("apideployments/" + pinned + ".yaml")).doesNotExist();
            Await.until(
                    "the deletion reloaded",
                    () -> config("prod").path("deploymentDeleted").asBoolean());
            logs.assertSomeEventMentions(
                    "ApiDeployment " + pinned + " was deleted but is still pinned; it keeps serving its last copy");
        }
        assertThat(body()).isEqualTo("{\"v\": 1}");
        assertThat(served("prod")).isEqualTo(pinned);
    }

    @Test
    void pruningDeletesOnlyOldDeploymentsNoStageServes() throws Exception {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            made.add(deploy());
        }
        String served = made.get(3);
        String rolledBackTo = made.get(0);
        cli("deploy", folder.toString(), "--rest-api", "shop", "--stage", "prod", "--deployment", rolledBackTo);
        Run pruned = cli("deployments", folder.toString(), "--rest-api", "shop", "--prune", "--keep", "1");
        assertThat(pruned.code()).isZero();
        assertThat(pruned.out().lines()).containsExactlyInAnyOrder(made.get(1), made.get(2));
        assertThat(cli("deployments", folder.toString(), "--rest-api", "shop")
                        .out()
                        .lines()
                        .map(l -> l.substring(0, l.indexOf(' '))))
                .containsExactly(served, rolledBackTo);
    }

    @Test
    void deploymentChangesUnderLoadFailNoRequest() throws Exception {
        String first = deploy();
        assertThat(awaitBody("{\"v\": 1}")).isEqualTo("{\"v\": 1}");
        LoadClients load =
                LoadClients.start(local.port(), "GET /prod/v HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n", 4, 50_000);
        Folders.write(folder, "api.yaml", api(2));
        String second = deploy();
        awaitBody("{\"v\": 2}");
        Folders.write(folder, "api.yaml", api(3));
        String third = deploy("--canary-percent", "50");
        Await.until("canary served", () -> load.seen().contains("{\"v\": 3}"));
        cli("deploy", folder.toString(), "--rest-api", "shop", "--stage", "prod", "--promote-canary");
        awaitBody("{\"v\": 3}");
        cli("deploy", folder.toString(), "--rest-api", "shop", "--stage", "prod", "--deployment", first);
        awaitBody("{\"v\": 1}");
        load.stop();
        assertThat(load.failures()).isZero();
        assertThat(load.served()).isPositive();
        assertThat(load.seen()).containsOnly("{\"v\": 1}", "{\"v\": 2}", "{\"v\": 3}");
        assertThat(List.of(first, second, third)).doesNotHaveDuplicates();
    }

    private double reloads() {
        return local.server()
                .metrics()
                .registry()
                .counter("tollgate.config.reloads", "result", "success")
                .count();
    }

    private JsonNode config(String stage) {
        try {
            JsonNode config = JSON.readTree(
                    RawHttp.get(local.adminPort(), "admin", "/config").body());
            for (JsonNode c : config.path("configs")) {
                for (JsonNode api : c.path("apis")) {
                    for (JsonNode s : api.path("stages")) {
                        if (s.path("name").asText().equals(stage)) {
                            return s;
                        }
                    }
                }
            }
            return JSON.missingNode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String served(String stage) {
        return config(stage).path("deployment").asText(null);
    }

    /** The 200s of the stage (or its canary): GET /v has no detailed metrics, so it counts in the stage's series. */
    private double requests(String canary) throws Exception {
        String metrics = RawHttp.get(local.adminPort(), "admin", "/metrics").body();
        Pattern line = Pattern.compile("tollgate_requests_total\\{api=\"shop\",canary=\"" + canary
                + "\",method=\"\",namespace=\"default\",resource=\"\",stage=\"prod\",status=\"200\"} (\\S+)");
        Matcher m = line.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
