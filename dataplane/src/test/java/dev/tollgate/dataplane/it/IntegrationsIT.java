package dev.tollgate.dataplane.it;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.proxy;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static dev.tollgate.dataplane.testing.TestConfigs.url;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.dataplane.runtime.HostPort;
import dev.tollgate.dataplane.runtime.ServiceResolver;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.ir.HttpIntegrationConfig;
import dev.tollgate.ir.IntegrationResponseConfig;
import dev.tollgate.ir.MockIntegrationConfig;
import dev.tollgate.ir.ParameterMapping;
import dev.tollgate.ir.ParameterSource;
import dev.tollgate.ir.PassthroughBehavior;
import dev.tollgate.ir.ServiceUpstreamConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** HTTP_PROXY, HTTP and MOCK integrations against a real echo backend on 127.0.0.1. */
class IntegrationsIT {
    @RegisterExtension
    static final GatewayExtension GATEWAY = new GatewayExtension()
            .options(o -> o.withResolver(ServiceResolver.local(
                    Map.of("pets.default", new HostPort("127.0.0.1", IntegrationsIT.GATEWAY.echoPort())))));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOST = "api.default.execute-api.localhost";

    private static ParameterMapping map(ParameterMapping.Target target, String name, ParameterSource source) {
        return new ParameterMapping(target, name, source);
    }

    private static ParameterSource.Request req(ParameterSource.Location location, String name) {
        return new ParameterSource.Request(location, name);
    }

    private static TreeMap<String, String> templates(String... typeAndBody) {
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < typeAndBody.length; i += 2) {
            m.put(typeAndBody[i], typeAndBody[i + 1]);
        }
        return m;
    }

    @BeforeAll
    static void serve() {
        int echo = GATEWAY.echoPort();
        HttpIntegrationConfig byPetId = proxy(
                url(echo),
                "/pets/{petId}",
                List.of(map(ParameterMapping.Target.PATH, "petId", req(ParameterSource.Location.PATH, "petId"))));
        HttpIntegrationConfig greedy = proxy(url(echo), "/v1/{proxy}", List.of());
        HttpIntegrationConfig service =
                proxy(new ServiceUpstreamConfig("http", "default", "pets", 80), "/pets", List.of());
        HttpIntegrationConfig mapped = new HttpIntegrationConfig(
                "inventory",
                false,
                "POST",
                url(echo),
                "/status/{code}",
                5000,
                List.of(
                        map(ParameterMapping.Target.PATH, "code", req(ParameterSource.Location.QUERYSTRING, "code")),
                        map(ParameterMapping.Target.HEADER, "x-region", new ParameterSource.Literal("eu-west-1")),
                        map(ParameterMapping.Target.HEADER, "x-user", req(ParameterSource.Location.HEADER, "X-User")),
                        map(ParameterMapping.Target.QUERYSTRING, "format", new ParameterSource.Literal("json"))),
                templates("application/json", "{\"mapped\":true}"),
                PassthroughBehavior.WHEN_NO_TEMPLATES,
                List.of(
                        new IntegrationResponseConfig(
                                "2\\d{2}",
                                200,
                                List.of(
                                        map(
                                                ParameterMapping.Target.HEADER,
                                                "x-backend-type",
                                                new ParameterSource.IntegrationResponseHeader("Content-Type")),
                                        map(
                                                ParameterMapping.Target.HEADER,
                                                "x-fixed",
                                                new ParameterSource.Literal("yes"))),
                                null),
                        new IntegrationResponseConfig(
                                "4\\d{2}", 400, List.of(), templates("application/json", "{\"message\":\"rejected\"}")),
                        new IntegrationResponseConfig(
                                null, 502, List.of(), templates("application/json", "{\"message\":\"unavailable\"}"))));
        MockIntegrationConfig mock = new MockIntegrationConfig(
                201,
                List.of(
                        new IntegrationResponseConfig(
                                "2\\d{2}",
                                201,
                                List.of(map(
                                        ParameterMapping.Target.HEADER,
                                        "Cache-Control",
                                        new ParameterSource.Literal("no-store"))),
                                templates("application/json", "{\"ok\":true}", "text/plain", "ok")),
                        new IntegrationResponseConfig(null, 500, List.of(), templates("application/json", "{}"))));
        MockIntegrationConfig bare = new MockIntegrationConfig(200, List.of());
        HttpIntegrationConfig queryToHeader = proxy(
                url(echo),
                "/echo",
                List.of(map(ParameterMapping.Target.HEADER, "x-q", req(ParameterSource.Location.QUERYSTRING, "q"))));
        GATEWAY.serve(config(rest(
                "api",
                stage(
                        "prod",
                        route("ANY", "/pets/{petId}", byPetId),
                        route("ANY", "/legacy/{proxy+}", greedy),
                        route("GET", "/service", service),
                        route("POST", "/inventory", mapped),
                        route("GET", "/mock", mock),
                        route("GET", "/bare", bare),
                        route("GET", "/query-to-header", queryToHeader)))));
    }

    private static JsonNode echoOf(RawHttp.Response r) throws Exception {
        assertThat(r.status()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void proxyFillsPathParameterAndPassesMethodQueryAndBody() throws Exception {
        RawHttp.Response r = GATEWAY.raw("PUT /prod/pets/a%20b?x=1&x=2&y=%26 HTTP/1.1\r\nHost: " + HOST
                + "\r\nContent-Type: text/plain\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbody");
        JsonNode echo = echoOf(r);
        assertThat(echo.get("method").asText()).isEqualTo("PUT");
        assertThat(echo.get("path").asText()).isEqualTo("/pets/a%20b");
        assertThat(echo.get("query").get("x").toString()).isEqualTo("[\"1\",\"2\"]");
        assertThat(echo.get("query").get("y").get(0).asText()).isEqualTo("&");
        assertThat(echo.get("body").asText()).isEqualTo("body");
        assertThat(echo.get("headers").get("content-type").get(0).asText()).isEqualTo("text/plain");
    }

    @Test
    void proxyGreedyPathKeepsSegmentsAndEncodesSemicolonsAndBackslashes() throws Exception {
        JsonNode echo = echoOf(GATEWAY.get(HOST, "/prod/legacy/pets/a;b/c%5Cd"));
        assertThat(echo.get("path").asText()).isEqualTo("/v1/pets/a%3Bb/c%5Cd");
    }

    @Test
    void encodedSlashInAGreedyPathMatchesNoRouteByDefault() throws Exception {
        RawHttp.Response r = GATEWAY.get(HOST, "/prod/legacy/pets/a%2Fb/1");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
    }

    @Test
    void proxyStripsHopByHopHeadersAndAddsForwardedHeaders() throws Exception {
        RawHttp.Response r = GATEWAY.raw("PATCH /prod/pets/1 HTTP/1.1\r\nHost: " + HOST + "\r\n"
                + "Connection: close, X-Secret-Hop\r\nX-Secret-Hop: 1\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\n"
                + "Proxy-Authorization: Basic abc\r\nUpgrade: websocket\r\nX-Forwarded-For: 192.0.2.1\r\n"
                + "X-Kept: yes\r\n\r\n");
        JsonNode headers = echoOf(r).get("headers");
        assertThat(headers.has("x-secret-hop")).isFalse();
        assertThat(headers.has("keep-alive")).isFalse();
        assertThat(headers.has("te")).isFalse();
        assertThat(headers.has("proxy-authorization")).isFalse();
        assertThat(headers.has("upgrade")).isFalse();
        assertThat(headers.get("x-kept").get(0).asText()).isEqualTo("yes");
        assertThat(headers.get("host").get(0).asText()).isEqualTo("127.0.0.1:" + GATEWAY.echoPort());
        assertThat(headers.get("x-forwarded-for").get(0).asText()).isEqualTo("192.0.2.1, 127.0.0.1");
        assertThat(headers.get("x-forwarded-proto").get(0).asText()).isEqualTo("http");
        assertThat(headers.get("x-forwarded-host").get(0).asText()).isEqualTo(HOST);
        assertThat(headers.get("x-amzn-requestid").get(0).asText()).isEqualTo(r.header("x-amzn-RequestId"));
    }

    @Test
    void proxyReturnsBackendStatusAndBody() throws Exception {
        RawHttp.Response r = GATEWAY.get(HOST, "/prod/pets/99");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("{\"message\":\"pet not found\"}");
    }

    @Test
    void proxyToServiceGoesWhereTheResolverSays() throws Exception {
        RawHttp.Response r = GATEWAY.get(HOST, "/prod/service");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("\"type\":\"dog\"");
    }

    @Test
    void httpIntegrationSendsOnlyMappedValuesAndTheTemplateBody() throws Exception {
        RawHttp.Response r = GATEWAY.raw("POST /prod/inventory?code=200&other=x HTTP/1.1\r\nHost: " + HOST
                + "\r\nX-User: alice\r\nX-Not-Mapped: 1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                + "Connection: close\r\n\r\n{}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("x-fixed")).isEqualTo("yes");
        assertThat(r.header("x-backend-type")).startsWith("application/json");
        JsonNode echo = JSON.readTree(r.body());
        assertThat(echo.get("method").asText()).isEqualTo("POST");
        assertThat(echo.get("path").asText()).isEqualTo("/status/200");
        assertThat(echo.get("query").toString()).isEqualTo("{\"format\":[\"json\"]}");
        assertThat(echo.get("body").asText()).isEqualTo("{\"mapped\":true}");
        JsonNode headers = echo.get("headers");
        assertThat(headers.get("x-region").get(0).asText()).isEqualTo("eu-west-1");
        assertThat(headers.get("x-user").get(0).asText()).isEqualTo("alice");
        assertThat(headers.has("x-not-mapped")).isFalse();
    }

    @Test
    void httpIntegrationResponseSelectedByBackendStatus() throws Exception {
        String req = "POST /prod/inventory?code=%s HTTP/1.1\r\nHost: " + HOST
                + "\r\nContent-Type: application/json\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        RawHttp.Response rejected = GATEWAY.raw(String.format(req, "404"));
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.body()).isEqualTo("{\"message\":\"rejected\"}");
        RawHttp.Response failed = GATEWAY.raw(String.format(req, "503"));
        assertThat(failed.status()).isEqualTo(502);
        assertThat(failed.body()).isEqualTo("{\"message\":\"unavailable\"}");
    }

    @Test
    void httpIntegrationRefusesUnmappedContentTypeWith415() throws Exception {
        RawHttp.Response r = GATEWAY.raw("POST /prod/inventory?code=200 HTTP/1.1\r\nHost: " + HOST
                + "\r\nContent-Type: text/xml\r\nContent-Length: 3\r\nConnection: close\r\n\r\n<a>");
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.body()).isEqualTo("{\"message\":\"Unsupported Media Type\"}");
    }

    @Test
    void mockAnswersSelectedResponseWithHeadersAndJsonByDefault() throws Exception {
        RawHttp.Response r = GATEWAY.get(HOST, "/prod/mock");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.body()).isEqualTo("{\"ok\":true}");
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThat(r.header("cache-control")).isEqualTo("no-store");
        assertThat(r.header("x-amzn-RequestId")).isNotBlank();
    }

    @Test
    void mockPicksTheTemplateForTheAcceptHeader() throws Exception {
        RawHttp.Response r = GATEWAY.raw("GET /prod/mock HTTP/1.1\r\nHost: " + HOST
                + "\r\nAccept: text/plain;q=0.9, application/xml\r\nConnection: close\r\n\r\n");
        assertThat(r.body()).isEqualTo("ok");
        assertThat(r.header("content-type")).isEqualTo("text/plain");
    }

    @Test
    void mockWithoutResponsesAnswers200Empty() throws Exception {
        RawHttp.Response r = GATEWAY.get(HOST, "/prod/bare");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void mappedQueryValueReachesTheBackendAsAHeader() throws Exception {
        JsonNode echo = echoOf(GATEWAY.get(HOST, "/prod/query-to-header?q=plain%20value"));
        assertThat(echo.get("headers").get("x-q").get(0).asText()).isEqualTo("plain value");
    }

    @Test
    void mappedQueryValueWithCrLfAnswers400AndNeverSplitsTheBackendRequest() throws Exception {
        RawHttp.Response r = GATEWAY.get(HOST, "/prod/query-to-header?q=a%0d%0aX-Injected:%20yes");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"message\":\"Bad Request\"}");
    }
}
