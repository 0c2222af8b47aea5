package dev.tollgate.dataplane.it;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.FreePorts;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.LambdaInvokeServer;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.ir.ApiConfig;
import dev.tollgate.ir.IntegrationResponseConfig;
import dev.tollgate.ir.LambdaIntegrationConfig;
import dev.tollgate.ir.PassthroughBehavior;
import dev.tollgate.ir.PayloadConfig;
import dev.tollgate.ir.ProtocolType;
import dev.tollgate.ir.RouteConfig;
import dev.tollgate.ir.StageConfig;
import dev.tollgate.ir.UrlUpstreamConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * LAMBDA_PROXY (payload 1.0 and 2.0) and LAMBDA integrations end to end: the gateway on real
 * sockets invoking real handler code through a Lambda invoke API server on 127.0.0.1.
 */
class LambdaProxyIT {
    @RegisterExtension
    static final GatewayExtension GATEWAY = new GatewayExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REST = "fns.default.execute-api.localhost";
    private static final String HTTP = "hfns.default.execute-api.localhost";
    private static final CountDownLatch HOG = new CountDownLatch(1);
    private static LambdaInvokeServer functions;

    @BeforeAll
    static void start() throws Exception {
        functions = new LambdaInvokeServer()
                .function("echo", event -> Map.of("statusCode", 200, "body", JSON.writeValueAsString(event)))
                .function("shapes", LambdaProxyIT::shapes)
                .function("infer", event -> switch (event.path("rawPath").asText()) {
                    case "/v2/infer/string" -> "just text";
                    case "/v2/infer/cookies" ->
                        Map.of("statusCode", 200, "cookies", List.of("a=1; Path=/", "b=2"), "body", "ok");
                    case "/v2/infer/error" -> throw new IllegalStateException("boom");
                    default -> Map.of("hello", "world");
                })
                .function("slow", event -> {
                    Thread.sleep(2000);
                    return Map.of("statusCode", 200, "body", "late");
                })
                .function("serial", event -> {
                    Thread.sleep(20);
                    return Map.of("statusCode", 200, "body", "one at a time");
                })
                .function("hog", event -> {
                    HOG.await(20, TimeUnit.SECONDS);
                    return Map.of("statusCode", 200, "body", "held");
                })
                .function("custom", event -> {
                    String name = event.path("name").asText();
                    if (name.equals("ghost")) {
                        throw new Exception("NotFound: no user " + name);
                    }
                    if (name.equals("crash")) {
                        throw new Exception("something else");
                    }
                    return Map.of(
                            "greeting",
                            "hi " + name,
                            "stage",
                            event.path("stage").asText());
                });
        UrlUpstreamConfig at = new UrlUpstreamConfig("http", "127.0.0.1", functions.port());
        UrlUpstreamConfig nowhere = new UrlUpstreamConfig("http", "127.0.0.1", FreePorts.refusing());
        List<IntegrationResponseConfig> responses = List.of(
                new IntegrationResponseConfig(
                        null,
                        200,
                        List.of(),
                        new TreeMap<>(Map.of(
                                "application/json",
                                "{\"said\": \"$input.path('$.greeting')\", \"stage\": \"$input.path('$.stage')\"}"))),
                new IntegrationResponseConfig(
                        "NotFound:.*",
                        404,
                        List.of(),
                        new TreeMap<>(Map.of("application/json", "{\"error\": \"$input.path('$.errorMessage')\"}"))));
        LambdaIntegrationConfig custom = new LambdaIntegrationConfig(
                "custom",
                false,
                "custom",
                null,
                at,
                5000,
                "1.0",
                4,
                new TreeMap<>(Map.of(
                        "application/json", "{\"name\": \"$input.path('$.name')\", \"stage\": \"$context.stage\"}")),
                PassthroughBehavior.WHEN_NO_TEMPLATES,
                responses);
        StageConfig prod = new StageConfig(
                "prod",
                new TreeMap<>(Map.of("env", "test")),
                null,
                List.of(
                        new RouteConfig("ANY", "/echo/{id}", false, fn("echo", at, "1.0", 8)),
                        new RouteConfig("GET", "/files/{proxy+}", false, fn("echo", at, "1.0", 8)),
                        new RouteConfig("GET", "/shapes/{shape}", false, fn("shapes", at, "1.0", 8)),
                        new RouteConfig("GET", "/slow", false, lambda("slow", at, "1.0", 1, 300)),
                        new RouteConfig("GET", "/serial", false, fn("serial", at, "1.0", 1)),
                        new RouteConfig("GET", "/hog", false, lambda("hog", at, "1.0", 1, 20000)),
                        new RouteConfig("GET", "/hog-briefly", false, lambda("hog", at, "1.0", 1, 200)),
                        new RouteConfig("GET", "/gone", false, fn("gone", nowhere, "1.0", 1)),
                        new RouteConfig("POST", "/custom", false, custom)),
                null);
        ApiConfig rest = new ApiConfig(
                "fns",
                ProtocolType.REST,
                true,
                List.of(prod),
                List.of(),
                null,
                null,
                null,
                new PayloadConfig(List.of("application/octet-stream", "image/png"), null));
        StageConfig v2 = new StageConfig(
                StageConfig.DEFAULT_STAGE,
                new TreeMap<>(),
                null,
                List.of(
                        new RouteConfig("ANY", "/v2/items/{id}", false, fn("echo", at, "2.0", 8)),
                        new RouteConfig("GET", "/v2/infer/{what}", false, fn("infer", at, "2.0", 8)),
                        new RouteConfig("GET", "/v1fmt", false, fn("echo", at, "1.0", 8))),
                null);
        ApiConfig http = new ApiConfig("hfns", ProtocolType.HTTP, true, List.of(v2));
        GATEWAY.serve(config(rest, http));
    }

    @AfterAll
    static void stop() {
        HOG.countDown();
        functions.close();
    }

    private static LambdaIntegrationConfig fn(String name, UrlUpstreamConfig at, String version, int concurrency) {
        return lambda(name, at, version, concurrency, 5000);
    }

    private static LambdaIntegrationConfig lambda(
            String name, UrlUpstreamConfig at, String version, int concurrency, int timeout) {
        return new LambdaIntegrationConfig(
                name, true, name, null, at, timeout, version, concurrency, null, null, List.of());
    }

    private static Object shapes(JsonNode event) {
        return switch (event.path("pathParameters").path("shape").asText()) {
            case "multi" ->
                Map.of(
                        "statusCode",
                        201,
                        "headers",
                        Map.of("X-One", "a", "Content-Type", "text/plain"),
                        "multiValueHeaders",
                        Map.of("X-Many", List.of("1", "2")),
                        "body",
                        "made",
                        "isBase64Encoded",
                        false);
            case "binary" ->
                Map.of(
                        "statusCode",
                        200,
                        "headers",
                        Map.of("Content-Type", "application/octet-stream"),
                        "body",
                        Base64.getEncoder().encodeToString("bin\u0001ary".getBytes(StandardCharsets.US_ASCII)),
                        "isBase64Encoded",
                        true);
            case "nobody" -> Map.of("statusCode", 204);
            case "malformed" -> new LambdaInvokeServer.Raw("this is not JSON");
            case "nostatus" -> Map.of("body", "x");
            case "extra" -> Map.of("statusCode", 200, "body", "x", "unexpected", 1);
            case "bodyobject" -> Map.of("statusCode", 200, "body", Map.of("a", 1));
            case "badheader" -> Map.of("statusCode", 200, "headers", Map.of("X-Bad", "a\r\nInjected: yes"));
            case "emulatorshape" -> new LambdaInvokeServer.Raw("{\"errorMessage\":\"oops\",\"errorType\":\"Error\"}");
            default -> throw new IllegalArgumentException("no shape");
        };
    }

    private static RawHttp.Response call(String host, String method, String target, String headers, String body)
            throws Exception {
        return RawHttp.request(GATEWAY.port(), host, method, target, headers, body);
    }

    private static JsonNode eventOf(RawHttp.Response response) throws Exception {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void restProxyEventCarriesEveryVersion1FieldAsAwsBuildsIt() throws Exception {
        JsonNode e = eventOf(call(
                REST,
                "POST",
                "/prod/echo/a%20b?color=red&color=blue&size=9",
                "X-Multi: one\r\nX-Multi: two\r\nContent-Type: application/json\r\nUser-Agent: tests/1\r\n",
                "{\"hello\":1}"));
        assertThat(e.path("resource").asText()).isEqualTo("/echo/{id}");
        assertThat(e.path("path").asText()).isEqualTo("/echo/a b");
        assertThat(e.path("httpMethod").asText()).isEqualTo("POST");
        assertThat(e.path("headers").path("X-Multi").asText()).isEqualTo("two");
        assertThat(e.path("multiValueHeaders").path("X-Multi").toString()).isEqualTo("[\"one\",\"two\"]");
        assertThat(e.path("headers").path("Host").asText()).isEqualTo(REST);
        assertThat(e.path("queryStringParameters").toString()).isEqualTo("{\"color\":\"blue\",\"size\":\"9\"}");
        assertThat(e.path("multiValueQueryStringParameters").toString())
                .isEqualTo("{\"color\":[\"red\",\"blue\"],\"size\":[\"9\"]}");
        assertThat(e.path("pathParameters").toString()).isEqualTo("{\"id\":\"a b\"}");
        assertThat(e.path("stageVariables").toString()).isEqualTo("{\"env\":\"test\"}");
        assertThat(e.path("body").asText()).isEqualTo("{\"hello\":1}");
        assertThat(e.path("isBase64Encoded").asBoolean()).isFalse();
        assertThat(e.has("version")).isFalse();
        JsonNode c = e.path("requestContext");
        assertThat(c.path("accountId").isNull()).isTrue();
        assertThat(c.path("apiId").asText()).isEqualTo("fns");
        assertThat(c.path("domainName").asText()).isEqualTo(REST);
        assertThat(c.path("domainPrefix").asText()).isEqualTo("fns");
        assertThat(c.path("httpMethod").asText()).isEqualTo("POST");
        assertThat(c.path("path").asText()).isEqualTo("/prod/echo/a%20b");
        assertThat(c.path("protocol").asText()).isEqualTo("HTTP/1.1");
        assertThat(c.path("requestId").asText()).isNotEmpty();
        assertThat(c.path("extendedRequestId").asText())
                .isEqualTo(c.path("requestId").asText());
        assertThat(c.path("requestTime").asText()).matches("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000");
        assertThat(c.path("requestTimeEpoch").isIntegralNumber()).isTrue();
        assertThat(c.path("resourcePath").asText()).isEqualTo("/echo/{id}");
        assertThat(c.path("stage").asText()).isEqualTo("prod");
        JsonNode identity = c.path("identity");
        assertThat(identity.path("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(identity.path("userAgent").asText()).isEqualTo("tests/1");
        for (String nullField : List.of(
                "accessKey",
                "accountId",
                "caller",
                "cognitoAuthenticationProvider",
                "cognitoAuthenticationType",
                "cognitoIdentityId",
                "cognitoIdentityPoolId",
                "principalOrgId",
                "user",
                "userArn")) {
            assertThat(identity.has(nullField)).as(nullField).isTrue();
            assertThat(identity.path(nullField).isNull()).as(nullField).isTrue();
        }
    }

    @Test
    void restProxyEventWithoutQueryOrBodyHasNullsAndKeepsTheTrailingSlashAndGreedyPath() throws Exception {
        JsonNode e = eventOf(call(REST, "GET", "/prod/files/a/b/", "", ""));
        assertThat(e.path("queryStringParameters").isNull()).isTrue();
        assertThat(e.path("multiValueQueryStringParameters").isNull()).isTrue();
        assertThat(e.path("body").isNull()).isTrue();
        assertThat(e.path("isBase64Encoded").asBoolean()).isFalse();
        assertThat(e.path("path").asText()).isEqualTo("/files/a/b/");
        assertThat(e.path("resource").asText()).isEqualTo("/files/{proxy+}");
        assertThat(e.path("pathParameters").path("proxy").asText()).isEqualTo("a/b");
    }

    @Test
    void restProxyEventBase64EncodesABinaryMediaTypeBody() throws Exception {
        JsonNode e = eventOf(
                call(REST, "PUT", "/prod/echo/1", "Content-Type: application/octet-stream\r\n", "bin\u0001ary"));
        assertThat(e.path("isBase64Encoded").asBoolean()).isTrue();
        assertThat(new String(Base64.getDecoder().decode(e.path("body").asText()), StandardCharsets.US_ASCII))
                .isEqualTo("bin\u0001ary");
    }

    @Test
    void restProxyResponseTakesStatusHeadersMultiValueHeadersAndBody() throws Exception {
        RawHttp.Response r = call(REST, "GET", "/prod/shapes/multi", "", "");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.body()).isEqualTo("made");
        assertThat(r.header("X-One")).isEqualTo("a");
        assertThat(r.header("Content-Type")).isEqualTo("text/plain");
        assertThat(r.headers().get("x-many")).containsExactly("1", "2");
        assertThat(r.header("x-amzn-RequestId")).isNotEmpty();
        RawHttp.Response empty = call(REST, "GET", "/prod/shapes/nobody", "", "");
        assertThat(empty.status()).isEqualTo(204);
    }

    @Test
    void restProxyBinaryAnswerIsDecodedForAClientAcceptingItAndBase64Otherwise() throws Exception {
        RawHttp.Response binary = call(REST, "GET", "/prod/shapes/binary", "Accept: application/octet-stream\r\n", "");
        assertThat(binary.status()).isEqualTo(200);
        assertThat(binary.body()).isEqualTo("bin\u0001ary");
        RawHttp.Response text = call(REST, "GET", "/prod/shapes/binary", "Accept: application/json\r\n", "");
        assertThat(text.body())
                .isEqualTo(Base64.getEncoder().encodeToString("bin\u0001ary".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void malformedProxyAnswersAndFunctionErrorsAre502InternalServerError() throws Exception {
        for (String shape :
                List.of("malformed", "nostatus", "extra", "bodyobject", "badheader", "emulatorshape", "x")) {
            RawHttp.Response r = call(REST, "GET", "/prod/shapes/" + shape, "", "");
            assertThat(r.status()).as(shape).isEqualTo(502);
            assertThat(r.body()).as(shape).isEqualTo("{\"message\":\"Internal server error\"}");
            assertThat(r.header("x-amzn-ErrorType")).as(shape).isEqualTo("InternalServerErrorException");
        }
    }

    @Test
    void anUnreachableFunctionIs502() throws Exception {
        RawHttp.Response r = call(REST, "GET", "/prod/gone", "", "");
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.body()).isEqualTo("{\"message\":\"Internal server error\"}");
    }

    @Test
    void aFunctionPastTheIntegrationTimeoutIs504() throws Exception {
        RawHttp.Response r = call(REST, "GET", "/prod/slow", "", "");
        assertThat(r.status()).isEqualTo(504);
        assertThat(r.body()).isEqualTo("{\"message\":\"Endpoint request timed out\"}");
    }

    @Test
    void parallelCallsNeverReachTheFunctionConcurrentlyBeyondItsBound() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<RawHttp.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                answers.add(pool.submit(() -> call(REST, "GET", "/prod/serial", "", "")));
            }
            int ok = 0;
            for (Future<RawHttp.Response> f : answers) {
                RawHttp.Response r = f.get(60, TimeUnit.SECONDS);
                // A call that waited past the queue's bound is refused as a throttled function.
                assertThat(r.status()).isIn(200, 500);
                ok += r.status() == 200 ? 1 : 0;
            }
            assertThat(ok).isPositive();
            assertThat(functions.refusedConcurrent()).isZero();
            assertThat(functions.calls("serial")).isEqualTo(ok);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCallThatFindsTheFunctionBusyPastItsWaitIsAnsweredAsThrottled() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<RawHttp.Response> holder = pool.submit(() -> call(REST, "GET", "/prod/hog", "", ""));
            Await.until("the hog runs", () -> functions.calls("hog") == 1);
            // Same function, same bound; this route waits at most its 200 ms timeout for a permit.
            RawHttp.Response throttled = call(REST, "GET", "/prod/hog-briefly", "", "");
            assertThat(throttled.status()).isEqualTo(500);
            assertThat(throttled.body()).isEqualTo("{\"message\":\"Internal server error\"}");
            HOG.countDown();
            assertThat(holder.get(30, TimeUnit.SECONDS).body()).isEqualTo("held");
            assertThat(functions.calls("hog")).isEqualTo(1);
            assertThat(functions.refusedConcurrent()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void httpApiVersion2EventJoinsHeadersSplitsCookiesAndKeepsTheRawQuery() throws Exception {
        JsonNode e = eventOf(call(
                HTTP,
                "POST",
                "/v2/items/7?b=2&a=1&a=3",
                "X-Multi: one\r\nX-Multi: two\r\nCookie: c1=v1; c2=v2\r\nContent-Type: text/plain\r\n",
                "hello"));
        assertThat(e.path("version").asText()).isEqualTo("2.0");
        assertThat(e.path("routeKey").asText()).isEqualTo("ANY /v2/items/{id}");
        assertThat(e.path("rawPath").asText()).isEqualTo("/v2/items/7");
        assertThat(e.path("rawQueryString").asText()).isEqualTo("b=2&a=1&a=3");
        assertThat(e.path("cookies").toString()).isEqualTo("[\"c1=v1\",\"c2=v2\"]");
        assertThat(e.path("headers").path("x-multi").asText()).isEqualTo("one,two");
        assertThat(e.path("headers").has("cookie")).isFalse();
        assertThat(e.path("headers").path("host").asText()).isEqualTo(HTTP);
        assertThat(e.path("queryStringParameters").toString()).isEqualTo("{\"b\":\"2\",\"a\":\"1,3\"}");
        assertThat(e.path("pathParameters").toString()).isEqualTo("{\"id\":\"7\"}");
        assertThat(e.has("stageVariables")).isFalse();
        assertThat(e.path("body").asText()).isEqualTo("hello");
        assertThat(e.path("isBase64Encoded").asBoolean()).isFalse();
        JsonNode c = e.path("requestContext");
        assertThat(c.path("apiId").asText()).isEqualTo("hfns");
        assertThat(c.path("http").path("method").asText()).isEqualTo("POST");
        assertThat(c.path("http").path("path").asText()).isEqualTo("/v2/items/7");
        assertThat(c.path("http").path("protocol").asText()).isEqualTo("HTTP/1.1");
        assertThat(c.path("http").path("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(c.path("routeKey").asText()).isEqualTo("ANY /v2/items/{id}");
        assertThat(c.path("stage").asText()).isEqualTo("$default");
        assertThat(c.path("time").asText()).isNotEmpty();
        assertThat(c.path("timeEpoch").isIntegralNumber()).isTrue();
    }

    @Test
    void httpApiVersion2EventOmitsAbsentPartsAndBase64EncodesBinary() throws Exception {
        JsonNode e = eventOf(call(HTTP, "PUT", "/v2/items/8", "Content-Type: image/png\r\n", "\u0001png"));
        assertThat(e.path("rawQueryString").asText()).isEmpty();
        assertThat(e.has("queryStringParameters")).isFalse();
        assertThat(e.has("cookies")).isFalse();
        assertThat(e.path("isBase64Encoded").asBoolean()).isTrue();
        assertThat(new String(Base64.getDecoder().decode(e.path("body").asText()), StandardCharsets.US_ASCII))
                .isEqualTo("\u0001png");
        JsonNode none = eventOf(call(HTTP, "GET", "/v2/items/9", "", ""));
        assertThat(none.has("body")).isFalse();
    }

    @Test
    void httpApiCanAskForTheVersion1Event() throws Exception {
        JsonNode e = eventOf(call(HTTP, "GET", "/v1fmt?x=1", "", ""));
        assertThat(e.path("version").asText()).isEqualTo("1.0");
        assertThat(e.path("resource").asText()).isEqualTo("/v1fmt");
        assertThat(e.path("multiValueQueryStringParameters").toString()).isEqualTo("{\"x\":[\"1\"]}");
        assertThat(e.path("requestContext").path("routeKey").asText()).isEqualTo("GET /v1fmt");
    }

    @Test
    void httpApiVersion2InfersA200JsonAnswerFromAValueWithoutStatusCode() throws Exception {
        RawHttp.Response object = call(HTTP, "GET", "/v2/infer/object", "", "");
        assertThat(object.status()).isEqualTo(200);
        assertThat(object.header("Content-Type")).isEqualTo("application/json");
        assertThat(JSON.readTree(object.body())).isEqualTo(JSON.readTree("{\"hello\":\"world\"}"));
        RawHttp.Response string = call(HTTP, "GET", "/v2/infer/string", "", "");
        assertThat(string.status()).isEqualTo(200);
        assertThat(string.body()).isEqualTo("\"just text\"");
    }

    @Test
    void httpApiVersion2CookiesBecomeSetCookieHeaders() throws Exception {
        RawHttp.Response r = call(HTTP, "GET", "/v2/infer/cookies", "", "");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().get("set-cookie")).containsExactly("a=1; Path=/", "b=2");
        assertThat(r.body()).isEqualTo("ok");
    }

    @Test
    void httpApiFunctionErrorIs500InHttpApiWording() throws Exception {
        RawHttp.Response r = call(HTTP, "GET", "/v2/infer/error", "", "");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
    }

    @Test
    void customLambdaBuildsThePayloadFromTheTemplateAndMapsTheSuccess() throws Exception {
        RawHttp.Response r =
                call(REST, "POST", "/prod/custom", "Content-Type: application/json\r\n", "{\"name\":\"ann\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree("{\"said\":\"hi ann\",\"stage\":\"prod\"}"));
        assertThat(functions.lastEvent("custom").toString()).isEqualTo("{\"name\":\"ann\",\"stage\":\"prod\"}");
    }

    @Test
    void customLambdaSelectsTheIntegrationResponseByTheErrorMessage() throws Exception {
        RawHttp.Response notFound =
                call(REST, "POST", "/prod/custom", "Content-Type: application/json\r\n", "{\"name\":\"ghost\"}");
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(JSON.readTree(notFound.body())).isEqualTo(JSON.readTree("{\"error\":\"NotFound: no user ghost\"}"));
        // An error no pattern selects takes the default response, as in AWS.
        RawHttp.Response other =
                call(REST, "POST", "/prod/custom", "Content-Type: application/json\r\n", "{\"name\":\"crash\"}");
        assertThat(other.status()).isEqualTo(200);
    }

    @Test
    void customLambdaRefusesAContentTypeWithoutTemplate() throws Exception {
        RawHttp.Response r = call(REST, "POST", "/prod/custom", "Content-Type: text/plain\r\n", "ann");
        assertThat(r.status()).isEqualTo(415);
    }
}
