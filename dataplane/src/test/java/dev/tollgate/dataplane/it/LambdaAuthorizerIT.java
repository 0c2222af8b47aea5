package dev.tollgate.dataplane.it;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.LambdaInvokeServer;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.ir.ApiConfig;
import dev.tollgate.ir.LambdaIntegrationConfig;
import dev.tollgate.ir.ProtocolType;
import dev.tollgate.ir.RequestAuthorizerConfig;
import dev.tollgate.ir.RouteAuthorizationConfig;
import dev.tollgate.ir.RouteConfig;
import dev.tollgate.ir.StageConfig;
import dev.tollgate.ir.UrlUpstreamConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Lambda authorizers invoked on the Lambda invoke API: REST TOKEN and REQUEST authorizers answering
 * policy documents (allow, deny, Unauthorized, failure, cached, expired), and HTTP API authorizers
 * with payload 2.0 simple responses.
 */
class LambdaAuthorizerIT {
    @RegisterExtension
    static final GatewayExtension GATEWAY = new GatewayExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REST = "locked.default.execute-api.localhost";
    private static final String HTTP = "hlocked.default.execute-api.localhost";
    private static LambdaInvokeServer functions;

    /** The shared one-statement policy with this test's authorizer context. */
    private static Map<String, Object> policy(String principal, String effect, String resource) {
        Map<String, Object> answer = new HashMap<>(LambdaInvokeServer.policy(principal, effect, resource));
        answer.put("context", Map.of("tier", "gold", "admin", false));
        return answer;
    }

    private static Object token(JsonNode event) throws Exception {
        String token = event.path("authorizationToken").asText();
        String arn = event.path("methodArn").asText();
        return switch (token) {
            case "allow", "short", "cache-me" -> policy("alice", "Allow", arn);
            case "deny" -> policy("mallory", "Deny", arn);
            case "unauthorized" -> throw new Exception("Unauthorized");
            case "garbage" -> Map.of("not", "a policy");
            default -> throw new Exception("authorizer crashed");
        };
    }

    @BeforeAll
    static void start() throws Exception {
        functions = new LambdaInvokeServer()
                .function("echo", event -> Map.of("statusCode", 200, "body", JSON.writeValueAsString(event)))
                .function("token-auth", LambdaAuthorizerIT::token)
                .function("short-auth", LambdaAuthorizerIT::token)
                .function("request-auth", event -> {
                    boolean ok = "open"
                            .equals(event.path("queryStringParameters")
                                    .path("key")
                                    .asText());
                    return policy(
                            "req",
                            ok ? "Allow" : "Deny",
                            event.path("methodArn").asText());
                })
                .function(
                        "simple-auth",
                        event -> Map.of(
                                "isAuthorized",
                                "letmein"
                                        .equals(event.path("headers")
                                                .path("authorization")
                                                .asText()),
                                "context",
                                Map.of("user", "u1")));
        UrlUpstreamConfig at = new UrlUpstreamConfig("http", "127.0.0.1", functions.port());
        LambdaIntegrationConfig echo =
                new LambdaIntegrationConfig("echo", true, "echo", null, at, 5000, "1.0", 8, null, null, List.of());
        LambdaIntegrationConfig echo2 =
                new LambdaIntegrationConfig("echo", true, "echo", null, at, 5000, "2.0", 8, null, null, List.of());
        RequestAuthorizerConfig token =
                lambdaAuthorizer("token", "TOKEN", at, "token-auth", "header.authorization", 300);
        RequestAuthorizerConfig shortLived =
                lambdaAuthorizer("short", "TOKEN", at, "short-auth", "header.authorization", 1);
        RequestAuthorizerConfig request =
                lambdaAuthorizer("request", "REQUEST", at, "request-auth", "querystring.key", 0);
        RequestAuthorizerConfig simple = new RequestAuthorizerConfig(
                "simple",
                "REQUEST",
                at,
                LambdaIntegrationConfig.invokePath("simple-auth", null),
                5000,
                List.of("header.authorization"),
                null,
                0,
                true,
                "2.0",
                true,
                0);
        StageConfig prod = new StageConfig(
                "prod",
                new TreeMap<>(),
                null,
                List.of(
                        new RouteConfig("GET", "/me", false, echo, new RouteAuthorizationConfig(token, List.of())),
                        new RouteConfig(
                                "GET", "/short", false, echo, new RouteAuthorizationConfig(shortLived, List.of())),
                        new RouteConfig(
                                "GET", "/tenant", false, echo, new RouteAuthorizationConfig(request, List.of()))),
                null);
        StageConfig def = new StageConfig(
                StageConfig.DEFAULT_STAGE,
                new TreeMap<>(),
                null,
                List.of(new RouteConfig(
                        "GET", "/guarded", false, echo2, new RouteAuthorizationConfig(simple, List.of()))),
                null);
        GATEWAY.serve(config(
                new ApiConfig("locked", ProtocolType.REST, true, List.of(prod)),
                new ApiConfig("hlocked", ProtocolType.HTTP, true, List.of(def))));
    }

    private static RequestAuthorizerConfig lambdaAuthorizer(
            String name, String kind, UrlUpstreamConfig at, String function, String source, int ttl) {
        return new RequestAuthorizerConfig(
                name,
                kind,
                at,
                LambdaIntegrationConfig.invokePath(function, null),
                5000,
                List.of(source),
                null,
                ttl,
                true,
                null,
                false,
                0);
    }

    @AfterAll
    static void stop() {
        functions.close();
    }

    private static RawHttp.Response get(String host, String target, String headers) throws Exception {
        return RawHttp.request(GATEWAY.port(), host, "GET", target, headers, "");
    }

    @Test
    void anAllowPolicyLetsTheCallThroughWithThePrincipalAndContextInTheEvent() throws Exception {
        RawHttp.Response r = get(REST, "/prod/me", "Authorization: allow\r\n");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode authorizer = JSON.readTree(r.body()).path("requestContext").path("authorizer");
        assertThat(authorizer.path("principalId").asText()).isEqualTo("alice");
        assertThat(authorizer.path("tier").asText()).isEqualTo("gold");
        assertThat(authorizer.path("admin").asText()).isEqualTo("false");
        JsonNode event = functions.lastEvent("token-auth");
        assertThat(event.path("type").asText()).isEqualTo("TOKEN");
        assertThat(event.path("authorizationToken").asText()).isEqualTo("allow");
        assertThat(event.path("methodArn").asText()).endsWith("locked/prod/GET/me");
    }

    @Test
    void anAnswerIsCachedPerTokenForItsTtlAndAFailureIsNot() throws Exception {
        int before = functions.calls("token-auth");
        for (int i = 0; i < 3; i++) {
            assertThat(get(REST, "/prod/me", "Authorization: cache-me\r\n").status())
                    .isEqualTo(200);
        }
        assertThat(functions.calls("token-auth")).isEqualTo(before + 1);
        for (int i = 0; i < 2; i++) {
            assertThat(get(REST, "/prod/me", "Authorization: fails-twice\r\n").status())
                    .isEqualTo(500);
        }
        assertThat(functions.calls("token-auth")).isEqualTo(before + 3);
    }

    @Test
    void aDenyIs403AndUnauthorizedIs401AndAFailureIs500() throws Exception {
        RawHttp.Response deny = get(REST, "/prod/me", "Authorization: deny\r\n");
        assertThat(deny.status()).isEqualTo(403);
        assertThat(deny.body())
                .isEqualTo("{\"message\":\"User is not authorized to access this resource with an explicit deny\"}");
        RawHttp.Response unauthorized = get(REST, "/prod/me", "Authorization: unauthorized\r\n");
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
        RawHttp.Response crashed = get(REST, "/prod/me", "Authorization: crash\r\n");
        assertThat(crashed.status()).isEqualTo(500);
        assertThat(crashed.header("x-amzn-ErrorType")).isEqualTo("AuthorizerFailureException");
        RawHttp.Response garbage = get(REST, "/prod/me", "Authorization: garbage\r\n");
        assertThat(garbage.status()).isEqualTo(500);
        assertThat(garbage.header("x-amzn-ErrorType")).isEqualTo("AuthorizerConfigurationException");
        assertThat(get(REST, "/prod/me", "").status()).isEqualTo(401);
    }

    @Test
    void aCachedAnswerExpiresAfterItsTtl() throws Exception {
        assertThat(get(REST, "/prod/short", "Authorization: short\r\n").status())
                .isEqualTo(200);
        int first = functions.calls("short-auth");
        Await.until("the 1 s answer expires and the function is asked again", () -> {
            try {
                get(REST, "/prod/short", "Authorization: short\r\n");
            } catch (Exception e) {
                return false;
            }
            return functions.calls("short-auth") > first;
        });
    }

    @Test
    void aRequestAuthorizerGetsTheVersion1RequestEvent() throws Exception {
        assertThat(get(REST, "/prod/tenant?key=open", "X-Tenant: t1\r\n").status())
                .isEqualTo(200);
        JsonNode event = functions.lastEvent("request-auth");
        assertThat(event.path("type").asText()).isEqualTo("REQUEST");
        assertThat(event.path("methodArn").asText()).endsWith("locked/prod/GET/tenant");
        assertThat(event.path("resource").asText()).isEqualTo("/tenant");
        assertThat(event.path("path").asText()).isEqualTo("/tenant");
        assertThat(event.path("headers").path("X-Tenant").asText()).isEqualTo("t1");
        assertThat(event.path("multiValueQueryStringParameters").toString()).isEqualTo("{\"key\":[\"open\"]}");
        assertThat(event.path("requestContext").path("stage").asText()).isEqualTo("prod");
        assertThat(event.has("body")).isFalse();
        assertThat(get(REST, "/prod/tenant?key=shut", "").status()).isEqualTo(403);
    }

    @Test
    void anHttpApiSimpleResponseAuthorizesAndPassesItsContext() throws Exception {
        RawHttp.Response ok = get(HTTP, "/guarded", "Authorization: letmein\r\n");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(JSON.readTree(ok.body())
                        .path("requestContext")
                        .path("authorizer")
                        .path("lambda")
                        .path("user")
                        .asText())
                .isEqualTo("u1");
        JsonNode event = functions.lastEvent("simple-auth");
        assertThat(event.path("version").asText()).isEqualTo("2.0");
        assertThat(event.path("type").asText()).isEqualTo("REQUEST");
        assertThat(event.path("routeArn").asText()).endsWith("hlocked/$default/GET/guarded");
        assertThat(event.path("identitySource").toString()).isEqualTo("[\"letmein\"]");
        assertThat(event.path("routeKey").asText()).isEqualTo("GET /guarded");
        RawHttp.Response no = get(HTTP, "/guarded", "Authorization: nope\r\n");
        assertThat(no.status()).isEqualTo(403);
        assertThat(no.body()).isEqualTo("{\"message\":\"Forbidden\"}");
    }
}
