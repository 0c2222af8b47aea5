package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.dataplane.testing.Folders;
import dev.tollgate.dataplane.testing.FreePorts;
import dev.tollgate.dataplane.testing.LocalGateway;
import dev.tollgate.dataplane.testing.RawHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP APIs as AWS serves them: the {@code $default} stage at the root of the endpoint (no stage
 * segment) next to named stages, AWS's route precedence (the routing guide's example), and AWS's
 * HTTP API error bodies, in front of the echo backend.
 */
class HttpApiDefaultStageIT {
    private static final String SHOP = "shop.default.execute-api.localhost";
    private static final String PLAIN = "plain.default.execute-api.localhost";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalGateway local;
    private static Path folder;

    private static String mock(String body) {
        return "{integrationRef: mock, responses: [{statusCode: 200, responseTemplates: {application/json: '" + body
                + "'}}]}";
    }

    @BeforeAll
    static void start() throws Exception {
        int closed = FreePorts.refusing();
        String yaml = String.join(
                "\n",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: RestApi",
                "metadata: {name: shop}",
                "spec:",
                "  protocolType: HTTP",
                "  routes:",
                "    - {routeKey: GET /pets/dog/1, integration: " + mock("{\"route\": \"exact\"}") + "}",
                "    - {routeKey: 'GET /pets/dog/{id}', integration: {integrationRef: echo}}",
                "    - {routeKey: 'GET /pets/{proxy+}', integration: " + mock("{\"route\": \"pets-greedy\"}") + "}",
                "    - {routeKey: 'ANY /{proxy+}', integration: " + mock("{\"route\": \"any-greedy\"}") + "}",
                "    - {routeKey: GET /down, integration: {integrationRef: down}}",
                "    - {routeKey: $default, integration: {integrationRef: echo}}",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: RestApi",
                "metadata: {name: plain}",
                "spec:",
                "  protocolType: HTTP",
                "  routes:",
                "    - {routeKey: GET /hello, integration: " + mock("{\"hello\": true}") + "}",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: Integration",
                "metadata: {name: mock}",
                "spec: {type: MOCK}",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: Integration",
                "metadata: {name: echo}",
                "spec: {type: HTTP_PROXY, service: {name: echo-backend, port: 80}}",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: Integration",
                "metadata: {name: down}",
                "spec: {type: HTTP_PROXY, url: 'http://127.0.0.1:" + closed + "', timeoutMillis: 2000}",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: Stage",
                "metadata: {name: shop-default}",
                "spec: {restApiRef: shop, stageName: $default}",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: Stage",
                "metadata: {name: shop-beta}",
                "spec: {restApiRef: shop, stageName: beta}",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: Stage",
                "metadata: {name: plain-v1}",
                "spec: {restApiRef: plain, stageName: v1}",
                "");
        folder = Files.createTempDirectory("tollgate-http-api-it");
        Folders.write(folder, "apis.yaml", yaml);
        local = LocalGateway.on(folder).echoAs("echo-backend").start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (local != null) {
            local.close();
        }
        Folders.delete(folder);
    }

    private static RawHttp.Response send(String host, String method, String path) throws Exception {
        return RawHttp.request(local.port(), host, method, path, "", "");
    }

    @Test
    void theDefaultStageIsServedAtTheRootWithAwsRoutePrecedence() throws Exception {
        assertThat(send(SHOP, "GET", "/pets/dog/1").body()).isEqualTo("{\"route\": \"exact\"}");
        RawHttp.Response param = send(SHOP, "GET", "/pets/dog/2?x=1");
        assertThat(param.status()).isEqualTo(200);
        assertThat(JSON.readTree(param.body()).path("path").asText()).isEqualTo("/pets/dog/2");
        assertThat(send(SHOP, "GET", "/pets/cat/1").body()).isEqualTo("{\"route\": \"pets-greedy\"}");
        // No DELETE on the pets routes: ANY /{proxy+} takes it.
        assertThat(send(SHOP, "DELETE", "/pets/dog/1").body()).isEqualTo("{\"route\": \"any-greedy\"}");
    }

    @Test
    void theDefaultRouteOfTheDefaultStageGetsTheWholePath() throws Exception {
        RawHttp.Response r = send(SHOP, "GET", "/");
        assertThat(r.status()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("path").asText()).isEqualTo("/");
    }

    @Test
    void aNamedStageIsServedUnderItsNameBesideTheDefaultStage() throws Exception {
        assertThat(send(SHOP, "GET", "/beta/pets/dog/1").body()).isEqualTo("{\"route\": \"exact\"}");
        RawHttp.Response r = send(SHOP, "GET", "/beta/pets/dog/9");
        assertThat(JSON.readTree(r.body()).path("path").asText()).isEqualTo("/pets/dog/9");
    }

    @Test
    void anHttpApiAnswersAnUnknownStageOrRouteWithAws404() throws Exception {
        assertThat(send(PLAIN, "GET", "/v1/hello").body()).isEqualTo("{\"hello\": true}");
        for (String path : new String[] {"/v1/nothing", "/v2/hello", "/"}) {
            RawHttp.Response r = send(PLAIN, "GET", path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).isEqualTo("{\"message\":\"Not Found\"}");
        }
    }

    @Test
    void aFailedIntegrationOfAnHttpApiAnswers500InternalServerError() throws Exception {
        RawHttp.Response r = send(SHOP, "GET", "/down");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
    }
}
