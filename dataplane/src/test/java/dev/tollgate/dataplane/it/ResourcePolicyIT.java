package dev.tollgate.dataplane.it;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.mock;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.ir.ApiConfig;
import dev.tollgate.ir.JwtAuthorizerConfig;
import dev.tollgate.ir.PolicyStatementConfig;
import dev.tollgate.ir.ProtocolType;
import dev.tollgate.ir.ResourcePolicyConfig;
import dev.tollgate.ir.RouteAuthorizationConfig;
import dev.tollgate.ir.RouteConfig;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Resource policies by source address; the tests' client is always 127.0.0.1. */
class ResourcePolicyIT {
    @RegisterExtension
    static final GatewayExtension GATEWAY = new GatewayExtension();

    private static ApiConfig api(String name, ResourcePolicyConfig policy, RouteConfig... routes) {
        return new ApiConfig(name, ProtocolType.REST, true, List.of(stage("prod", routes)), List.of(), null, policy);
    }

    @BeforeAll
    static void serve() {
        JwtAuthorizerConfig jwt = new JwtAuthorizerConfig(
                "jwt", "https://issuer", List.of("a"), "http://127.0.0.1:1/jwks", "authorization", 0, true);
        GATEWAY.serve(config(
                api(
                        "loopback",
                        new ResourcePolicyConfig(List.of(
                                new PolicyStatementConfig(true, List.of("prod/*"), List.of("127.0.0.0/8")),
                                new PolicyStatementConfig(false, List.of("*/DELETE/pets/*"), List.of("127.0.0.1/32")))),
                        route("GET", "/pets/{id}", mock("{\"pet\":1}")),
                        route("DELETE", "/pets/{id}", mock("{}"))),
                api(
                        "office",
                        new ResourcePolicyConfig(List.of(
                                new PolicyStatementConfig(true, List.of("*"), List.of("10.0.0.0/8", "::1/128")))),
                        route("GET", "/pets", mock("{}")),
                        new RouteConfig(
                                "GET", "/secure", false, mock("{}"), new RouteAuthorizationConfig(jwt, List.of()))),
                api(
                        "denyall",
                        new ResourcePolicyConfig(List.of(
                                new PolicyStatementConfig(true, List.of("*"), List.of()),
                                new PolicyStatementConfig(false, List.of("*"), List.of("0.0.0.0/0")))),
                        route("GET", "/pets", mock("{}")))));
    }

    private static RawHttp.Response call(String api, String method, String path) throws Exception {
        return GATEWAY.raw(
                method + " " + path + " HTTP/1.1\r\nHost: " + api + ".default.execute-api.localhost\r\n\r\n");
    }

    @Test
    void allowedRangePasses() throws Exception {
        RawHttp.Response r = call("loopback", "GET", "/prod/pets/7");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"pet\":1}");
    }

    @Test
    void explicitDenyWinsOverAllowAndNamesTheMethodArn() throws Exception {
        RawHttp.Response r = call("loopback", "DELETE", "/prod/pets/7");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("x-amzn-ErrorType")).isEqualTo("AccessDeniedException");
        assertThat(r.body())
                .isEqualTo(
                        "{\"message\":\"User: anonymous is not authorized to perform: execute-api:Invoke on resource: "
                                + "arn:aws:execute-api:default::loopback/prod/DELETE/pets/7 with an explicit deny\"}");
    }

    @Test
    void addressOutsideEveryAllowIsImplicitlyDenied() throws Exception {
        RawHttp.Response r = call("office", "GET", "/prod/pets");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body())
                .isEqualTo(
                        "{\"message\":\"User: anonymous is not authorized to perform: execute-api:Invoke on resource: "
                                + "arn:aws:execute-api:default::office/prod/GET/pets\"}");
    }

    @Test
    void policyIsCheckedBeforeTheAuthorizer() throws Exception {
        // The authorizer's key set is unreachable (it would answer 500); the policy answers first.
        RawHttp.Response r = call("office", "GET", "/prod/secure");
        assertThat(r.status()).isEqualTo(403);
    }

    @Test
    void denyForEveryAddressRefusesEvenWithAnAllowForAll() throws Exception {
        assertThat(call("denyall", "GET", "/prod/pets").status()).isEqualTo(403);
    }

    @Test
    void forgedForwardedForDoesNotChangeTheCallersAddress() throws Exception {
        RawHttp.Response r = GATEWAY.raw("GET /prod/pets HTTP/1.1\r\nHost: office.default.execute-api.localhost\r\n"
                + "X-Forwarded-For: 10.0.0.1\r\nX-Real-IP: 10.0.0.1\r\nForwarded: for=10.0.0.1\r\n\r\n");
        assertThat(r.status()).isEqualTo(403);
    }
}
