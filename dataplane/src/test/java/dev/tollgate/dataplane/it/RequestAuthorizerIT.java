package dev.tollgate.dataplane.it;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.mock;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static dev.tollgate.dataplane.testing.TestConfigs.whoami;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.LogCapture;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.ir.RequestAuthorizerConfig;
import dev.tollgate.ir.RouteAuthorizationConfig;
import dev.tollgate.ir.RouteConfig;
import dev.tollgate.ir.UrlUpstreamConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** TOKEN and REQUEST authorizers against a real authorizer service on 127.0.0.1. */
class RequestAuthorizerIT {
    @RegisterExtension
    static final GatewayExtension GATEWAY = new GatewayExtension();

    private static final String HOST = "guarded.default.execute-api.localhost";
    private static final String ARN = "arn:aws:execute-api:default::guarded/";
    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    private static final AtomicReference<String> LAST_EVENT = new AtomicReference<>();
    private static final Pattern TOKEN = Pattern.compile("\"authorizationToken\":\"([^\"]*)\"");
    private static final Pattern QUERY_TOKEN = Pattern.compile("\"queryStringParameters\":\\{\"token\":\"([^\"]*)\"");
    private static HttpServer service;

    private static String policy(String principal, String effect, String resource) {
        return "{\"principalId\":\"" + principal + "\",\"policyDocument\":{\"Version\":\"2012-10-17\",\"Statement\":"
                + "[{\"Action\":\"execute-api:Invoke\",\"Effect\":\"" + effect + "\",\"Resource\":\"" + resource
                + "\"}]},\"context\":{\"user\":\"" + principal + "\",\"admin\":false}}";
    }

    private static void answer(HttpExchange ex) throws IOException {
        String event = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        LAST_EVENT.set(event);
        Matcher m = TOKEN.matcher(event);
        Matcher q = QUERY_TOKEN.matcher(event);
        String token = m.find() ? m.group(1) : q.find() ? "query-" + q.group(1) : "none";
        CALLS.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
        int status = 200;
        String body;
        switch (token) {
            case "allow", "query-allow", "expiring" -> body = policy("alice", "Allow", ARN + "prod/*");
            case "allow-get" -> body = policy("bob", "Allow", ARN + "prod/GET/*");
            case "deny" -> body = policy("mallory", "Deny", ARN + "*");
            case "unauthorized" -> {
                status = 401;
                body = "{\"message\":\"Unauthorized\"}";
            }
            case "error" -> {
                status = 500;
                body = "{}";
            }
            case "garbage" -> body = "not json";
            case "slow" -> {
                try {
                    Thread.sleep(1500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                body = policy("slow", "Allow", "*");
            }
            default -> body = policy("nobody", "Allow", ARN + "other/*");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @BeforeAll
    static void start() throws Exception {
        service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        service.setExecutor(Executors.newFixedThreadPool(4));
        service.createContext("/authorize", RequestAuthorizerIT::answer);
        service.start();
        UrlUpstreamConfig upstream =
                new UrlUpstreamConfig("http", "127.0.0.1", service.getAddress().getPort());
        RequestAuthorizerConfig token = new RequestAuthorizerConfig(
                "token", "TOKEN", upstream, "/authorize", 500, List.of("header.authorization"), "[a-z-]+", 300);
        RequestAuthorizerConfig request = new RequestAuthorizerConfig(
                "request",
                "REQUEST",
                upstream,
                "/authorize",
                500,
                List.of("querystring.token", "header.x-tenant"),
                null,
                0);
        RequestAuthorizerConfig shortLived = new RequestAuthorizerConfig(
                "short", "TOKEN", upstream, "/authorize", 500, List.of("header.authorization"), "[a-z-]+", 1);
        RouteAuthorizationConfig byToken = new RouteAuthorizationConfig(token, List.of());
        GATEWAY.serve(config(rest(
                "guarded",
                stage(
                        "prod",
                        new RouteConfig("GET", "/pets", false, mock("{\"pets\":[]}"), byToken),
                        new RouteConfig("POST", "/pets", false, mock("{\"created\":true}"), byToken),
                        new RouteConfig(
                                "GET",
                                "/short",
                                false,
                                mock("{\"short\":true}"),
                                new RouteAuthorizationConfig(shortLived, List.of())),
                        whoami(GATEWAY.echoPort(), byToken, "user"),
                        new RouteConfig(
                                "GET",
                                "/tenant/{id}",
                                false,
                                mock("{\"tenant\":true}"),
                                new RouteAuthorizationConfig(request, List.of()))))));
    }

    @AfterAll
    static void stop() {
        service.stop(0);
    }

    private static RawHttp.Response call(String method, String path, String token) throws Exception {
        return GATEWAY.raw(method + " /prod" + path + " HTTP/1.1\r\nHost: " + HOST + "\r\n"
                + (token == null ? "" : "Authorization: " + token + "\r\n") + "\r\n");
    }

    private static int calls(String token) {
        return CALLS.getOrDefault(token, new AtomicInteger()).get();
    }

    @Test
    void allowPassesAndIsCachedForItsTtl() throws Exception {
        assertThat(call("GET", "/pets", "allow").status()).isEqualTo(200);
        assertThat(call("GET", "/pets", "allow").status()).isEqualTo(200);
        assertThat(call("POST", "/pets", "allow").status()).isEqualTo(200);
        assertThat(calls("allow")).isEqualTo(1);
        assertThat(LAST_EVENT.get()).contains("\"type\":\"TOKEN\"").contains("\"methodArn\":\"" + ARN);
        // The other half: past its TTL (1 s on /short) the answer is not reused, the authorizer is
        // asked again.
        assertThat(call("GET", "/short", "expiring").status()).isEqualTo(200);
        assertThat(calls("expiring")).isEqualTo(1);
        int asked = Await.value(
                () -> {
                    assertThat(call("GET", "/short", "expiring").status()).isEqualTo(200);
                    return calls("expiring");
                },
                n -> n >= 2);
        assertThat(asked).as("authorizer calls once the first answer expired").isEqualTo(2);
    }

    @Test
    void cachedPolicyIsCheckedAgainstEachNewMethodArn() throws Exception {
        assertThat(call("GET", "/pets", "allow-get").status()).isEqualTo(200);
        RawHttp.Response r = call("POST", "/pets", "allow-get");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"message\":\"User is not authorized to access this resource\"}");
        assertThat(calls("allow-get")).isEqualTo(1);
    }

    @Test
    void authorizerContextIsPassedOnToTheBackend() throws Exception {
        RawHttp.Response r = call("GET", "/whoami", "allow");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("\"x-user\":[\"alice\"]").contains("\"x-principal\":[\"alice\"]");
    }

    @Test
    void explicitDenyAnswers403WithAwsBody() throws Exception {
        RawHttp.Response r = call("GET", "/pets", "deny");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body())
                .isEqualTo("{\"message\":\"User is not authorized to access this resource with an explicit deny\"}");
        assertThat(r.header("x-amzn-ErrorType")).isEqualTo("AccessDeniedException");
    }

    @Test
    void missingOrInvalidIdentityAnswers401WithoutCallingTheAuthorizer() throws Exception {
        int before = CALLS.values().stream().mapToInt(AtomicInteger::get).sum();
        RawHttp.Response missing = call("GET", "/pets", null);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
        assertThat(call("GET", "/pets", "NOT_VALID!").status()).isEqualTo(401);
        assertThat(CALLS.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(before);
    }

    @Test
    void tokensNeverReachLogsMetricsOrConfig() throws Exception {
        try (LogCapture logs = LogCapture.start()) {
            // "garbage" and "slow" make the step log (naming the API); no line may carry the token.
            assertThat(call("GET", "/pets", "garbage").status()).isEqualTo(500);
            assertThat(call("GET", "/pets", "slow").status()).isEqualTo(500);
            assertThat(call("GET", "/pets", "deny").status()).isEqualTo(403);
            logs.assertSomeEventMentions(
                    "default/RestApi/guarded: authorizer token answered 200 without a valid policy");
            logs.assertSomeEventMentions("default/RestApi/guarded: authorizer token failed");
            logs.assertNoneContains("garbage", "slow", "deny\"");
        }
        assertThat(RawHttp.get(GATEWAY.adminPort(), "localhost", "/metrics").body())
                .doesNotContain("garbage");
        assertThat(RawHttp.get(GATEWAY.adminPort(), "localhost", "/config").body())
                .doesNotContain("garbage");
    }

    @Test
    void authorizerSaying401Answers401() throws Exception {
        assertThat(call("GET", "/pets", "unauthorized").status()).isEqualTo(401);
    }

    @Test
    void authorizerErrorOrGarbageAnswers500ConfigurationError() throws Exception {
        RawHttp.Response error = call("GET", "/pets", "error");
        assertThat(error.status()).isEqualTo(500);
        assertThat(error.header("x-amzn-ErrorType")).isEqualTo("AuthorizerConfigurationException");
        assertThat(call("GET", "/pets", "garbage").status()).isEqualTo(500);
    }

    @Test
    void slowAuthorizerAnswers500AuthorizerFailure() throws Exception {
        RawHttp.Response r = call("GET", "/pets", "slow");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.header("x-amzn-ErrorType")).isEqualTo("AuthorizerFailureException");
    }

    @Test
    void requestAuthorizerNeedsEverySourceAndSeesTheRequest() throws Exception {
        RawHttp.Response missing = GATEWAY.raw("GET /prod/tenant/7?token=allow HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(calls("query-allow")).isZero();
        for (int i = 0; i < 2; i++) {
            RawHttp.Response ok = GATEWAY.raw(
                    "GET /prod/tenant/7?token=allow HTTP/1.1\r\nHost: " + HOST + "\r\nX-Tenant: acme\r\n\r\n");
            assertThat(ok.status()).isEqualTo(200);
        }
        // TTL 0: no cache, every request asks.
        assertThat(calls("query-allow")).isEqualTo(2);
        assertThat(LAST_EVENT.get())
                .contains("\"type\":\"REQUEST\"")
                .contains("\"X-Tenant\":\"acme\"")
                .contains("\"pathParameters\":{\"id\":\"7\"}")
                .contains("\"methodArn\":\"" + ARN + "prod/GET/tenant/7\"");
    }
}
