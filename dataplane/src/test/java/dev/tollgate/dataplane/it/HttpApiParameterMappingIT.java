package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.dataplane.testing.Folders;
import dev.tollgate.dataplane.testing.LocalGateway;
import dev.tollgate.dataplane.testing.RawHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An HTTP API's parameter mappings as AWS's API Gateway v2 applies them, through local mode in
 * front of the echo backend: what the backend received (headers, query string, path) and what the
 * client got back (headers and status changed per backend status).
 */
class HttpApiParameterMappingIT {
    private static final String SHOP = "shop.default.execute-api.localhost";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalGateway local;
    private static Path folder;

    @BeforeAll
    static void start() throws Exception {
        String yaml = String.join(
                "\n",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: RestApi",
                "metadata: {name: shop}",
                "spec:",
                "  protocolType: HTTP",
                "  routes:",
                "    - routeKey: POST /pets/{petId}",
                "      integration:",
                "        integrationRef: echo",
                "        requestParameters:",
                "          append:header.x-trace: $request.header.x-client",
                "          overwrite:header.x-pet: ${request.path.petId}-${request.body.kind}",
                "          overwrite:header.x-route: $context.routeKey",
                "          remove:header.x-secret: ''",
                "          append:querystring.tag: $request.querystring.t",
                "          overwrite:querystring.tier: $stageVariables.tier",
                "          remove:querystring.debug: ''",
                "          overwrite:path: /v2/pets/$request.path.petId",
                "        responseParameters:",
                "          '200':",
                "            append:header.x-request: $context.requestId",
                "            overwrite:header.x-method: $response.body.method",
                "            remove:header.content-type: ''",
                "    - routeKey: GET /gone",
                "      integration:",
                "        integrationRef: echo",
                "        requestParameters:",
                "          overwrite:path: /status/404",
                "          overwrite:header.x-missing: $request.header.x-not-sent",
                "        responseParameters:",
                "          '404':",
                "            overwrite:statuscode: '410'",
                "            overwrite:header.x-backend-type: $response.header.content-type",
                "    - routeKey: $default",
                "      integration:",
                "        integrationRef: echo",
                "        requestParameters:",
                "          overwrite:header.x-path: $request.path",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: Integration",
                "metadata: {name: echo}",
                "spec: {type: HTTP_PROXY, service: {name: echo-backend, port: 80}}",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: Stage",
                "metadata: {name: shop-prod}",
                "spec: {restApiRef: shop, stageName: prod, variables: {tier: gold}}",
                "");
        folder = Files.createTempDirectory("tollgate-http-api-mapping-it");
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

    @Test
    void requestMappingsAppendOverwriteAndRemoveHeadersQueryStringsAndThePath() throws Exception {
        RawHttp.Response r = RawHttp.request(
                local.port(),
                SHOP,
                "POST",
                "/prod/pets/7?t=a&t=b&debug=1&keep=1",
                "x-client: c1\r\nx-trace: existing\r\nx-secret: s\r\nContent-Type: application/json\r\n",
                "{\"kind\": \"cat\"}");
        assertThat(r.status()).isEqualTo(200);
        JsonNode seen = JSON.readTree(r.body());
        assertThat(seen.path("path").asText()).isEqualTo("/v2/pets/7");
        JsonNode headers = seen.path("headers");
        assertThat(headers.path("x-trace").toString()).isEqualTo("[\"existing,c1\"]");
        assertThat(headers.path("x-pet").toString()).isEqualTo("[\"7-cat\"]");
        assertThat(headers.path("x-route").toString()).isEqualTo("[\"POST /pets/{petId}\"]");
        assertThat(headers.has("x-secret")).isFalse();
        JsonNode query = seen.path("query");
        // AWS joins the repeated query string's values with commas.
        assertThat(query.path("tag").toString()).isEqualTo("[\"a,b\"]");
        assertThat(query.path("t").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(query.path("tier").toString()).isEqualTo("[\"gold\"]");
        assertThat(query.path("keep").toString()).isEqualTo("[\"1\"]");
        assertThat(query.has("debug")).isFalse();
        assertThat(seen.path("body").asText()).isEqualTo("{\"kind\": \"cat\"}");
    }

    @Test
    void responseMappingsForTheBackendStatusChangeTheAnswersHeaders() throws Exception {
        RawHttp.Response r =
                RawHttp.request(local.port(), SHOP, "POST", "/prod/pets/1", "Content-Type: application/json\r\n", "{}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("x-request")).isNotBlank().isEqualTo(r.header("x-amzn-RequestId"));
        assertThat(r.header("x-method")).isEqualTo("POST");
        assertThat(r.header("content-type")).isNull();
    }

    @Test
    void aResponseMappingOverwritesTheStatusOfTheMatchingBackendStatus() throws Exception {
        RawHttp.Response r = RawHttp.get(local.port(), SHOP, "/prod/gone");
        assertThat(r.status()).isEqualTo(410);
        assertThat(r.header("x-backend-type")).isEqualTo("application/json");
        JsonNode seen = JSON.readTree(r.body());
        assertThat(seen.path("path").asText()).isEqualTo("/status/404");
        // A mapping whose only variable has no value sends nothing.
        assertThat(seen.path("headers").has("x-missing")).isFalse();
    }

    @Test
    void requestPathIsThePathWithinTheStage() throws Exception {
        RawHttp.Response r = RawHttp.get(local.port(), SHOP, "/prod/a/b%20c");
        assertThat(r.status()).isEqualTo(200);
        JsonNode seen = JSON.readTree(r.body());
        assertThat(seen.path("headers").path("x-path").toString()).isEqualTo("[\"/a/b c\"]");
        assertThat(r.header("x-method")).isNull();
    }
}
