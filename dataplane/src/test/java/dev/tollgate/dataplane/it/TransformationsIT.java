package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.dataplane.testing.Folders;
import dev.tollgate.dataplane.testing.LocalGateway;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Request and response transformation end to end, in local mode against the echo backend on real
 * sockets: what the backend received and what the client got (status, headers, exact bodies) for
 * mapping templates, passthrough behaviours, integration responses, gateway responses mapped from
 * the request, binary payloads, compression, a cached POST and a hostile template. The API is
 * {@code src/test/resources/transformations/shop.yaml}.
 */
class TransformationsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalGateway local;
    private static Path folder;
    private static HttpClient client;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        folder = Files.createTempDirectory("tollgate-transformations-it");
        try (InputStream in = TransformationsIT.class.getResourceAsStream("/transformations/shop.yaml")) {
            Folders.write(folder, "shop.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        local = LocalGateway.on(folder)
                .echoAs("echo")
                .flags("--default-api", "shop")
                .start();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        base = "http://127.0.0.1:" + local.port() + "/prod";
    }

    @AfterAll
    static void stop() throws Exception {
        if (local != null) {
            local.close();
        }
        if (folder != null) {
            Folders.delete(folder);
        }
    }

    private static HttpResponse<byte[]> send(String method, String path, byte[] body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static String header(HttpResponse<byte[]> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void requestTemplateMapsBodyHeadersQueryAndBodyParameterForTheBackend() throws Exception {
        HttpResponse<byte[]> r = send(
                "POST",
                "/orders",
                utf8("{\"customer\":\"Ann\",\"items\":[{\"sku\":\"sku-1\"},{\"sku\":\"sku-2\"}]}"),
                "Content-Type",
                "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode echo = JSON.readTree(r.body());
        assertThat(echo.get("method").asText()).isEqualTo("POST");
        assertThat(echo.get("path").asText()).isEqualTo("/orders");
        assertThat(echo.get("query").get("source").get(0).asText()).isEqualTo("template");
        assertThat(echo.get("headers").get("x-customer").get(0).asText()).isEqualTo("Ann");
        assertThat(echo.get("headers").get("x-first-item").get(0).asText()).isEqualTo("sku-1");
        assertThat(echo.get("headers").get("content-type").get(0).asText()).isEqualTo("application/json");
        String resourceId =
                JSON.readTree(echo.get("body").asText()).get("resource").asText();
        assertThat(resourceId).matches("[0-9a-z]{6}");
        assertThat(echo.get("body").asText())
                .isEqualTo("{\"customer\": \"Ann\", \"items\": [{\"sku\":\"sku-1\"},{\"sku\":\"sku-2\"}], \"count\": 2,"
                        + " \"stage\": \"prod\", \"region\": \"eu-west-1\", \"resource\": \"" + resourceId + "\"}\n");
    }

    @Test
    void passthroughNeverRefusesAContentTypeWithoutTemplate() throws Exception {
        HttpResponse<byte[]> r = send("POST", "/orders", utf8("a=b"), "Content-Type", "text/plain");
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(text(r)).isEqualTo("{\"message\":\"Unsupported Media Type\"}");
        assertThat(header(r, "x-amzn-ErrorType")).isEqualTo("UnsupportedMediaTypeException");
    }

    @Test
    void passthroughWhenNoMatchPassesTheBodyAndWhenNoTemplatesRefusesIt() throws Exception {
        HttpResponse<byte[]> loose = send("POST", "/loose", utf8("plain words"), "Content-Type", "text/plain");
        assertThat(loose.statusCode()).isEqualTo(200);
        JsonNode echo = JSON.readTree(loose.body());
        assertThat(echo.get("body").asText()).isEqualTo("plain words");
        assertThat(echo.get("headers").get("content-type").get(0).asText()).isEqualTo("text/plain");
        HttpResponse<byte[]> mapped = send("POST", "/loose", utf8("{}"), "Content-Type", "application/json");
        assertThat(JSON.readTree(mapped.body()).get("body").asText()).isEqualTo("{\"mapped\": true}");
        HttpResponse<byte[]> strict = send("POST", "/strict", utf8("plain"), "Content-Type", "text/plain");
        assertThat(strict.statusCode()).isEqualTo(415);
        assertThat(text(strict)).isEqualTo("{\"message\":\"Unsupported Media Type\"}");
    }

    @Test
    void integrationResponseMapsHeadersFromBodyStageAndContextAndRendersByAccept() throws Exception {
        HttpResponse<byte[]> json = send(
                "POST",
                "/receipt",
                utf8("{\"customer\":\"Bo\"}"),
                "Content-Type",
                "application/json",
                "Accept",
                "application/json");
        assertThat(json.statusCode()).isEqualTo(201);
        assertThat(text(json)).isEqualTo("{\"accepted\": \"Bo\", \"method\": \"POST\"}\n");
        assertThat(header(json, "Content-Type")).isEqualTo("application/json");
        assertThat(header(json, "X-Echo-Path")).isEqualTo("/receipt");
        assertThat(header(json, "X-Region")).isEqualTo("eu-west-1");
        assertThat(header(json, "X-Request")).isEqualTo(header(json, "x-amzn-RequestId"));
        // AWS remaps a method response Date header.
        assertThat(header(json, "x-amzn-Remapped-Date")).isEqualTo("not yours");
        HttpResponse<byte[]> xml = send(
                "POST",
                "/receipt",
                utf8("{\"customer\":\"Bo\"}"),
                "Content-Type",
                "application/json",
                "Accept",
                "application/xml");
        assertThat(text(xml)).isEqualTo("<accepted>Bo</accepted>");
        assertThat(header(xml, "Content-Type")).isEqualTo("application/xml");
    }

    @Test
    void selectionPatternsMatchTheWholeBackendStatus() throws Exception {
        HttpResponse<byte[]> ok = send("GET", "/status/204", null);
        assertThat(ok.statusCode()).isEqualTo(200);
        HttpResponse<byte[]> notFound = send("GET", "/status/404", null);
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(text(notFound)).isEqualTo("{\"message\": \"no such thing\", \"backend\": 404}");
        // No pattern matches 500 and there is no default response: AWS's configuration error.
        HttpResponse<byte[]> unmatched = send("GET", "/status/500", null);
        assertThat(unmatched.statusCode()).isEqualTo(500);
        assertThat(text(unmatched)).isEqualTo("{\"message\":\"Internal server error\"}");
    }

    @Test
    void mockStatusComesFromTheRenderedTemplateAndTheResponseOverridesIt() throws Exception {
        HttpResponse<byte[]> tea = send("GET", "/teapot?brew=tea", null);
        assertThat(tea.statusCode()).isEqualTo(418);
        assertThat(text(tea)).isEqualTo("{\"message\": \"I'm a teapot\"}");
        HttpResponse<byte[]> coffee = send("GET", "/teapot?brew=coffee", null);
        assertThat(coffee.statusCode()).isEqualTo(202);
        assertThat(header(coffee, "X-Brewing")).isEqualTo("coffee");
        assertThat(text(coffee)).isEqualTo("{\"brewing\": \"coffee\"}");
    }

    @Test
    void gatewayResponseMapsHeadersFromTheRequestAndRendersTheErrorContext() throws Exception {
        HttpResponse<byte[]> r = send("GET", "/nowhere", null, "X-Trace", "trace-7");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(header(r, "X-Trace")).isEqualTo("trace-7");
        assertThat(header(r, "X-Region")).isEqualTo("eu-west-1");
        assertThat(header(r, "X-Request")).isEqualTo(header(r, "x-amzn-RequestId"));
        assertThat(header(r, "X-Fixed")).isEqualTo("yes");
        assertThat(header(r, "x-amzn-ErrorType")).isEqualTo("MissingAuthenticationTokenException");
        assertThat(text(r))
                .isEqualTo("{\"error\": \"Missing Authentication Token\", \"type\": \"MISSING_AUTHENTICATION_TOKEN\","
                        + " \"path\": \"/prod/nowhere\", \"detail\": \"\"}");
    }

    @Test
    void binaryResponsesConvertByAcceptAndContentHandling() throws Exception {
        HttpResponse<byte[]> binary = send("GET", "/picture/8", null, "Accept", "image/png");
        assertThat(binary.statusCode()).isEqualTo(200);
        assertThat(text(binary)).isEqualTo("abcdefgh");
        assertThat(header(binary, "Content-Type")).isEqualTo("application/octet-stream");
        HttpResponse<byte[]> asText = send("GET", "/picture/8", null, "Accept", "application/json");
        assertThat(text(asText)).isEqualTo("YWJjZGVmZ2g=");
        HttpResponse<byte[]> converted = send("GET", "/picture-text/8", null, "Accept", "image/png");
        assertThat(text(converted)).isEqualTo("YWJjZGVmZ2g=");
    }

    @Test
    void convertToBinaryDecodesABase64RequestForTheBackend() throws Exception {
        String encoded = Base64.getEncoder().encodeToString(utf8("hello binary"));
        HttpResponse<byte[]> r = send("POST", "/upload", utf8(encoded), "Content-Type", "text/plain");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("body").asText()).isEqualTo("hello binary");
    }

    @Test
    void largeResponsesAreCompressedByTheAcceptedEncoding() throws Exception {
        HttpResponse<byte[]> plain = send("GET", "/big", null);
        String expected = text(plain);
        assertThat(expected).startsWith("[\"item-1\",").endsWith("\"item-300\"]");
        assertThat(header(plain, "Content-Encoding")).isNull();
        HttpResponse<byte[]> gzip = send("GET", "/big", null, "Accept-Encoding", "gzip, deflate;q=0.5");
        assertThat(header(gzip, "Content-Encoding")).isEqualTo("gzip");
        assertThat(new String(
                        new GZIPInputStream(new ByteArrayInputStream(gzip.body())).readAllBytes(),
                        StandardCharsets.UTF_8))
                .isEqualTo(expected);
        HttpResponse<byte[]> deflate = send("GET", "/big", null, "Accept-Encoding", "gzip;q=0.2, deflate");
        assertThat(header(deflate, "Content-Encoding")).isEqualTo("deflate");
        assertThat(new String(
                        new InflaterInputStream(new ByteArrayInputStream(deflate.body())).readAllBytes(),
                        StandardCharsets.UTF_8))
                .isEqualTo(expected);
        HttpResponse<byte[]> refused = send("GET", "/big", null, "Accept-Encoding", "gzip;q=0");
        assertThat(header(refused, "Content-Encoding")).isNull();
        HttpResponse<byte[]> small = send("GET", "/teapot?brew=tea", null, "Accept-Encoding", "gzip");
        assertThat(header(small, "Content-Encoding")).isNull();
    }

    @Test
    void aCompressedRequestBodyIsDecodedForTheTemplate() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(zipped)) {
            z.write(utf8("{\"name\":\"Rex\"}"));
        }
        HttpResponse<byte[]> r = send(
                "POST", "/names", zipped.toByteArray(), "Content-Type", "application/json", "Content-Encoding", "gzip");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode echo = JSON.readTree(r.body());
        assertThat(echo.get("body").asText()).isEqualTo("{\"name\": \"Rex\"}");
        assertThat(echo.get("headers").has("content-encoding")).isFalse();
    }

    @Test
    void aPostWhoseCachingIsOnIsAnsweredFromTheCacheForTheSameBody() throws Exception {
        HttpResponse<byte[]> first = send("POST", "/quotes", utf8("{\"q\":1}"), "Content-Type", "application/json");
        HttpResponse<byte[]> again = send("POST", "/quotes", utf8("{\"q\":1}"), "Content-Type", "application/json");
        HttpResponse<byte[]> other = send("POST", "/quotes", utf8("{\"q\":2}"), "Content-Type", "application/json");
        String firstId = JSON.readTree(first.body())
                .get("headers")
                .get("x-amzn-requestid")
                .get(0)
                .asText();
        assertThat(firstId).isEqualTo(header(first, "x-amzn-RequestId"));
        // The second answer is the first one, replayed: it names the first request's id.
        assertThat(JSON.readTree(again.body())
                        .get("headers")
                        .get("x-amzn-requestid")
                        .get(0)
                        .asText())
                .isEqualTo(firstId);
        assertThat(JSON.readTree(other.body())
                        .get("headers")
                        .get("x-amzn-requestid")
                        .get(0)
                        .asText())
                .isEqualTo(header(other, "x-amzn-RequestId"));
    }

    @Test
    void aProxiedAnswerHasTheHeadersAwsRemaps() throws Exception {
        HttpResponse<byte[]> r = send("GET", "/proxy/anything", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "x-amzn-Remapped-Content-Length")).isEqualTo(Integer.toString(r.body().length));
        assertThat(JSON.readTree(r.body()).get("path").asText()).isEqualTo("/anything");
    }

    @Test
    void aHostileTemplateAnswers500AndOtherRequestsAreServed() throws Exception {
        CompletableFuture<HttpResponse<byte[]>> hostile = client.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "/hostile")).build(), HttpResponse.BodyHandlers.ofByteArray());
        List<CompletableFuture<HttpResponse<byte[]>>> others = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            others.add(client.sendAsync(
                    HttpRequest.newBuilder(URI.create(base + "/teapot?brew=tea"))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        assertThat(hostile.get().statusCode()).isEqualTo(500);
        assertThat(new String(hostile.get().body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"message\":\"Internal server error\"}");
        for (CompletableFuture<HttpResponse<byte[]>> f : others) {
            assertThat(f.get().statusCode()).isEqualTo(418);
        }
        // The gateway keeps serving the route that failed, and answers it the same way again.
        assertThat(send("GET", "/hostile", null).statusCode()).isEqualTo(500);
        assertThat(send("GET", "/teapot?brew=coffee", null).statusCode()).isEqualTo(202);
    }
}
