package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.CallerSigner;
import dev.tollgate.dataplane.testing.Folders;
import dev.tollgate.dataplane.testing.LocalGateway;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AWS_IAM methods in local mode called with SigV4, signed by the AWS SDK for Java v2's signer (and
 * by curl's {@code --aws-sigv4}) as a client moving off AWS signs: the access key lives in a Secret
 * of the folder, labelled with its id; what does not verify is refused with AWS's status, body and
 * error type, a replayed signature included; the backend sees the caller in {@code
 * $context.identity}.
 */
class SigV4CallersIT {
    private static final String KEY_ID = "AKIDTOLLGATEIT";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String USER = "system:serviceaccount:default:ci";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String YAML = String.join(
            "\n",
            "apiVersion: apigateway.tollgate.dev/v1alpha1",
            "kind: RestApi",
            "metadata: {name: orders}",
            "spec:",
            "  resources:",
            "    - path: /orders",
            "      methods:",
            "        - httpMethod: GET",
            "          authorizationType: AWS_IAM",
            "          integration:",
            "            integrationRef: echo",
            "            requestParameters:",
            "              integration.request.header.x-access-key: context.identity.accessKey",
            "              integration.request.header.x-caller: context.identity.caller",
            "              integration.request.header.x-user: context.identity.user",
            "              integration.request.header.x-user-arn: context.identity.userArn",
            "        - httpMethod: POST",
            "          authorizationType: AWS_IAM",
            "          integration:",
            "            integrationRef: echo",
            "            requestTemplates:",
            "              application/json: '{\"order\": $input.json(''$''), \"by\": \"$context.identity.caller\"}'",
            "---",
            "apiVersion: apigateway.tollgate.dev/v1alpha1",
            "kind: Integration",
            "metadata: {name: echo}",
            "spec: {type: HTTP, httpMethod: POST, service: {name: echo-backend, port: 80}}",
            "---",
            "apiVersion: apigateway.tollgate.dev/v1alpha1",
            "kind: Stage",
            "metadata: {name: prod}",
            "spec: {restApiRef: orders}",
            "---",
            "apiVersion: v1",
            "kind: Secret",
            "metadata:",
            "  name: ci-access-key",
            "  labels: {apigateway.tollgate.dev/access-key-id: " + KEY_ID + "}",
            "stringData:",
            "  secretAccessKey: " + SECRET,
            "  username: " + USER,
            "  groups: ci, deployers",
            "");

    private static Path folder;
    private static LocalGateway local;

    @BeforeAll
    static void start() throws Exception {
        folder = Files.createTempDirectory("tollgate-sigv4-it");
        Folders.write(folder, "orders.yaml", YAML);
        local = LocalGateway.on(folder)
                .echoAs("echo-backend")
                .flags("--default-api", "orders")
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (local != null) {
            local.close();
        }
        Folders.delete(folder);
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + local.port() + path);
    }

    private static Map<String, List<String>> sign(
            String method, String path, String body, String keyId, String secret, Clock clock) {
        return CallerSigner.sign(method, uri(path), body, keyId, secret, clock);
    }

    private static HttpResponse<String> send(String method, String path, String body, Map<String, List<String>> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> signedCall(String method, String path, String body) throws Exception {
        return send(method, path, body, sign(method, path, body, KEY_ID, SECRET, Clock.systemUTC()));
    }

    private static void assertAwsError(HttpResponse<String> r, int status, String type, String message)
            throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue(type);
        assertThat(r.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(JSON.readTree(r.body()).path("message").asText()).isEqualTo(message);
    }

    @Test
    void aRequestSignedByTheAwsSdkReachesTheBackendWithTheCallersIdentityInContext() throws Exception {
        HttpResponse<String> r = signedCall("GET", "/prod/orders?status=open&from=a%20b", null);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode headers = JSON.readTree(r.body()).path("headers");
        assertThat(headers.path("x-access-key").get(0).asText()).isEqualTo(KEY_ID);
        assertThat(headers.path("x-caller").get(0).asText()).isEqualTo(USER);
        assertThat(headers.path("x-user").get(0).asText()).isEqualTo(USER);
        assertThat(headers.path("x-user-arn").get(0).asText()).isEqualTo("arn:aws:iam::default:user/" + USER);
        // The caller's credential is for the gateway only: the backend never sees it.
        assertThat(headers.has("authorization")).isFalse();
    }

    @Test
    void aSignedBodyReachesTheBackendThroughTheRequestTemplateWithTheCaller() throws Exception {
        HttpResponse<String> r = signedCall("POST", "/prod/orders", "{\"item\":\"book\",\"qty\":2}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode sent = JSON.readTree(JSON.readTree(r.body()).path("body").asText());
        assertThat(sent.path("order").path("item").asText()).isEqualTo("book");
        assertThat(sent.path("by").asText()).isEqualTo(USER);
    }

    @Test
    void aBodyAlteredAfterSigningIsRefusedWithInvalidSignature() throws Exception {
        Map<String, List<String>> headers =
                sign("POST", "/prod/orders", "{\"qty\":1}", KEY_ID, SECRET, Clock.systemUTC());

        HttpResponse<String> r = send("POST", "/prod/orders", "{\"qty\":1000}", headers);

        assertAwsError(
                r,
                403,
                "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS"
                        + " Secret Access Key and signing method. Consult the service documentation for details.");
    }

    @Test
    void aSignatureMadeWithTheWrongSecretIsRefusedWithInvalidSignature() throws Exception {
        Map<String, List<String>> headers =
                sign("GET", "/prod/orders", null, KEY_ID, "not-the-secret", Clock.systemUTC());

        HttpResponse<String> r = send("GET", "/prod/orders", null, headers);

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidSignatureException");
        assertThat(r.body()).startsWith("{\"message\":\"The request signature we calculated does not match");
    }

    @Test
    void anUnknownAccessKeyIdIsRefusedAsAnInvalidSecurityToken() throws Exception {
        Map<String, List<String>> headers = sign("GET", "/prod/orders", null, "AKIDNOBODY", SECRET, Clock.systemUTC());

        HttpResponse<String> r = send("GET", "/prod/orders", null, headers);

        assertAwsError(r, 403, "UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    @Test
    void aSignatureOlderThanFiveMinutesIsRefusedAsExpired() throws Exception {
        Clock tenMinutesAgo = Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC);
        Map<String, List<String>> headers = sign("GET", "/prod/orders", null, KEY_ID, SECRET, tenMinutesAgo);

        HttpResponse<String> r = send("GET", "/prod/orders", null, headers);

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidSignatureException");
        assertThat(JSON.readTree(r.body()).path("message").asText())
                .startsWith("Signature expired: ")
                .contains(" is now earlier than ")
                .endsWith(" - 5 min.)");
    }

    @Test
    void aReplayedSignatureIsRefusedThoughItsFirstUseWasAccepted() throws Exception {
        Map<String, List<String>> headers = sign("GET", "/prod/orders", null, KEY_ID, SECRET, Clock.systemUTC());

        HttpResponse<String> first = send("GET", "/prod/orders", null, headers);
        HttpResponse<String> replay = send("GET", "/prod/orders", null, headers);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertAwsError(
                replay,
                403,
                "InvalidSignatureException",
                "Signature already used: this request was accepted before. Sign each request anew.");
    }

    @Test
    void aHeaderThatIsNotSigV4NorBearerAndNoHeaderAtAllAnswerMissingAuthenticationToken() throws Exception {
        HttpResponse<String> none = send("GET", "/prod/orders", null, Map.of());
        HttpResponse<String> basic = send("GET", "/prod/orders", null, Map.of("Authorization", List.of("Basic YTpi")));

        assertAwsError(none, 403, "MissingAuthenticationTokenException", "Missing Authentication Token");
        assertAwsError(basic, 403, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }

    @Test
    void anAuthorizationHeaderMissingItsSignatureIsRefusedAsIncomplete() throws Exception {
        Map<String, List<String>> headers = sign("GET", "/prod/orders", null, KEY_ID, SECRET, Clock.systemUTC());
        String authorization = headers.get("Authorization").get(0);
        String cut = authorization.substring(0, authorization.indexOf(", Signature="));

        HttpResponse<String> r = send(
                "GET",
                "/prod/orders",
                null,
                Map.of("Authorization", List.of(cut), "X-Amz-Date", headers.get("X-Amz-Date")));

        assertAwsError(r, 403, "IncompleteSignatureException", "Authorization header requires 'Signature' parameter.");
    }

    @Test
    void aKeyAddedToTheFolderIsAcceptedWithoutARestartAndARemovedOneIsRefused() throws Exception {
        String second = String.join(
                "\n",
                "apiVersion: v1",
                "kind: Secret",
                "metadata:",
                "  name: second-key",
                "  labels: {apigateway.tollgate.dev/access-key-id: AKIDSECOND}",
                "stringData: {secretAccessKey: second-secret, username: second-user}",
                "");
        Folders.write(folder, "second-key.yaml", second);
        try {
            HttpResponse<String> accepted = Await.value(
                    () -> send(
                            "GET",
                            "/prod/orders",
                            null,
                            sign("GET", "/prod/orders", null, "AKIDSECOND", "second-secret", Clock.systemUTC())),
                    resp -> resp.statusCode() == 200);
            assertThat(JSON.readTree(accepted.body())
                            .path("headers")
                            .path("x-caller")
                            .get(0)
                            .asText())
                    .isEqualTo("second-user");
        } finally {
            Files.delete(folder.resolve("second-key.yaml"));
        }
        HttpResponse<String> refused = Await.value(
                () -> send(
                        "GET",
                        "/prod/orders",
                        null,
                        sign("GET", "/prod/orders", null, "AKIDSECOND", "second-secret", Clock.systemUTC())),
                // Probes signed within the same second carry one signature: the second one is a replay.
                resp -> resp.headers().firstValue("x-amzn-ErrorType").orElse("").equals("UnrecognizedClientException"));
        assertThat(refused.statusCode()).isEqualTo(403);
    }

    @Test
    void curlWithAwsSigV4IsAccepted() throws Exception {
        assumeTrue(curlSignsSigV4(), "curl with --aws-sigv4 (7.75 or later) is not installed; skipped");
        List<String> command = new ArrayList<>(List.of(
                "curl",
                "-sS",
                "--max-time",
                "30",
                "--aws-sigv4",
                "aws:amz:eu-west-1:execute-api",
                "--user",
                KEY_ID + ":" + SECRET,
                "-H",
                "Content-Type: application/json",
                "--data",
                "{\"item\":\"pen\"}",
                uri("/prod/orders").toString()));
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(curl.waitFor(60, TimeUnit.SECONDS)).isTrue();
            JsonNode sent = JSON.readTree(JSON.readTree(out).path("body").asText());
            assertThat(sent.path("order").path("item").asText()).as(out).isEqualTo("pen");
            assertThat(sent.path("by").asText()).isEqualTo(USER);
        } finally {
            curl.destroyForcibly();
        }
    }

    private static boolean curlSignsSigV4() {
        try {
            Process p = new ProcessBuilder("curl", "--help", "all")
                    .redirectErrorStream(true)
                    .start();
            try {
                String help = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor(30, TimeUnit.SECONDS);
                return help.contains("--aws-sigv4");
            } finally {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
