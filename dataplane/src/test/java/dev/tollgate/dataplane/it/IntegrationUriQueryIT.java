package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.dataplane.echo.EchoServer;
import dev.tollgate.dataplane.testing.Folders;
import dev.tollgate.dataplane.testing.LocalGateway;
import dev.tollgate.dataplane.testing.RawHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Integration URIs with a query string, as AWS allows them: the URI's query is sent with the mapped
 * query parameters (a mapping of the same name replaces the URI's value), and a proxy adds the
 * client's query string to it. What the echo backend received is checked.
 */
class IntegrationUriQueryIT {
    private static final String HOST = "search.default.execute-api.localhost";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EchoServer backend;
    private static LocalGateway local;
    private static Path folder;

    @BeforeAll
    static void start() throws Exception {
        backend = EchoServer.start("127.0.0.1", 0);
        String yaml = String.join(
                "\n",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: RestApi",
                "metadata: {name: search}",
                "spec:",
                "  resources:",
                "    - path: /find",
                "      methods:",
                "        - httpMethod: GET",
                "          integration:",
                "            integrationRef: mapped",
                "            path: /v1/search?format=json&source=gateway&key=${stageVariables.apiKey}&note=a%20b",
                "            requestParameters:",
                "              integration.request.querystring.q: method.request.querystring.term",
                "              integration.request.querystring.format: \"'xml'\"",
                "    - path: /proxy/{proxy+}",
                "      methods:",
                "        - httpMethod: ANY",
                "          integration: {integrationRef: proxied}",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: Integration",
                "metadata: {name: mapped}",
                "spec: {type: HTTP, url: 'http://127.0.0.1:" + backend.port() + "'}",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: Integration",
                "metadata: {name: proxied}",
                "spec: {type: HTTP_PROXY, url: 'http://127.0.0.1:" + backend.port() + "/base?tenant=t-1'}",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: Stage",
                "metadata: {name: prod}",
                "spec: {restApiRef: search, variables: {apiKey: k-42}}",
                "");
        folder = Files.createTempDirectory("tollgate-uri-query-it");
        Folders.write(folder, "search.yaml", yaml);
        local = LocalGateway.on(folder).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (local != null) {
            local.close();
        }
        if (backend != null) {
            backend.close();
        }
        Folders.delete(folder);
    }

    @Test
    void theUriQueryIsSentWithTheMappedParametersAndAMappingReplacesItsValue() throws Exception {
        RawHttp.Response r = RawHttp.get(local.port(), HOST, "/prod/find?term=shoes&other=no");
        assertThat(r.status()).isEqualTo(200);
        JsonNode echo = JSON.readTree(r.body());
        assertThat(echo.path("path").asText()).isEqualTo("/v1/search");
        JsonNode query = echo.path("query");
        assertThat(query.path("q").toString()).isEqualTo("[\"shoes\"]");
        assertThat(query.path("format").toString()).isEqualTo("[\"xml\"]");
        assertThat(query.path("source").toString()).isEqualTo("[\"gateway\"]");
        assertThat(query.path("key").toString()).isEqualTo("[\"k-42\"]");
        assertThat(query.path("note").toString()).isEqualTo("[\"a b\"]");
        assertThat(query.has("other")).isFalse();
        assertThat(query.has("term")).isFalse();
    }

    @Test
    void aProxySendsTheClientQueryStringWithTheUriQuery() throws Exception {
        RawHttp.Response r = RawHttp.get(local.port(), HOST, "/prod/proxy/items/7?color=red");
        assertThat(r.status()).isEqualTo(200);
        JsonNode echo = JSON.readTree(r.body());
        assertThat(echo.path("path").asText()).isEqualTo("/base/proxy/items/7");
        assertThat(echo.path("query").path("color").toString()).isEqualTo("[\"red\"]");
        assertThat(echo.path("query").path("tenant").toString()).isEqualTo("[\"t-1\"]");
    }
}
