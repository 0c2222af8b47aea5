package dev.tollgate.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.compiler.load.LoadResult;
import dev.tollgate.compiler.load.ResourceLoader;
import dev.tollgate.compiler.testing.TestInputs;
import dev.tollgate.ir.ApiConfig;
import dev.tollgate.ir.GatewayConfig;
import dev.tollgate.ir.HttpIntegrationConfig;
import dev.tollgate.ir.MockIntegrationConfig;
import dev.tollgate.ir.ProtocolType;
import dev.tollgate.ir.QuotaConfig;
import dev.tollgate.ir.QuotaPeriod;
import dev.tollgate.ir.RouteConfig;
import dev.tollgate.ir.ServiceUpstreamConfig;
import dev.tollgate.ir.StageConfig;
import dev.tollgate.ir.ThrottleConfig;
import org.junit.jupiter.api.Test;

/** The samples in config/samples load and compile with no ERROR, and serve what they describe. */
class SamplesCompileTest {

    @Test
    void everySampleLoadsAndCompilesWithoutErrors() {
        LoadResult loaded = ResourceLoader.load(TestInputs.samples());
        assertThat(loaded.findings()).isEmpty();
        assertThat(loaded.snapshots()).containsOnlyKeys("default");
        CompileResult result = new Compiler().compile(loaded.snapshots().get("default"));
        assertThat(result.findings()).noneMatch(Finding::isError);
        assertThat(result.hasErrors()).isFalse();
    }

    @Test
    void petstoreSampleServesEveryMethodOnTheProdStage() {
        GatewayConfig config = compileSamples();
        assertThat(config.apis())
                .extracting(ApiConfig::name)
                .containsExactly(
                        "chat", "chat-fn", "petstore", "petstore-admin", "petstore-mapped", "s3-proxy", "serverless");
        StageConfig prod = api(config, "petstore").stages().get(0);
        assertThat(prod.name()).isEqualTo("prod");
        assertThat(prod.routes())
                .extracting(r -> r.httpMethod() + " " + r.resourcePath())
                .containsExactly(
                        "GET /health",
                        "ANY /legacy/{proxy+}",
                        "GET /partner/pets",
                        "GET /pets",
                        "POST /pets",
                        "GET /pets/{petId}",
                        "GET /store/inventory");
        assertThat(config.domains()).singleElement().satisfies(d -> assertThat(d.domainName())
                .isEqualTo("api.petstore.localhost"));
    }

    @Test
    void adminSampleProtectsEveryRouteWithTheJwtAuthorizerAndServesCors() {
        ApiConfig admin = api(compileSamples(), "petstore-admin");
        assertThat(admin.cors()).isNotNull();
        assertThat(admin.gatewayResponses()).extracting(r -> r.type()).containsExactly("UNAUTHORIZED");
        assertThat(admin.stages().get(0).routes())
                .allSatisfy(r -> assertThat(r.authorization().authorizer())
                        .isInstanceOfSatisfying(dev.tollgate.ir.JwtAuthorizerConfig.class, jwt -> {
                            assertThat(jwt.issuer()).isEqualTo("https://issuer.petstore.localhost");
                            assertThat(jwt.audiences()).containsExactly("petstore");
                        }));
    }

    @Test
    void partnerPetsNeedAKeyOfThePartnersPlanWithItsThrottleAndQuota() {
        GatewayConfig config = compileSamples();
        RouteConfig partner = route(config, "/partner/pets");
        assertThat(partner.apiKeyRequired()).isTrue();
        assertThat(partner.plans()).singleElement().satisfies(p -> {
            assertThat(p.plan()).isEqualTo("partners");
            assertThat(p.throttle()).isEqualTo(new ThrottleConfig(1, 2));
            assertThat(p.quota()).isEqualTo(new QuotaConfig(1000, QuotaPeriod.DAY, 0));
        });
        assertThat(config.apiKeys()).singleElement().satisfies(k -> {
            assertThat(k.id()).isEqualTo("partner-acme");
            assertThat(k.plans()).containsExactly("partners");
            // SHA-256 of the sample's demo value (printf %s VALUE | sha256sum); the value is nowhere in the IR.
            assertThat(k.valueSha256()).isEqualTo("4622135072a0632d735f837f1565ca9484145b37c805e0870898b77efaba8ff8");
        });
        assertThat(IrJson.toJson(config)).doesNotContain("demo-partner-key");
    }

    @Test
    void legacyProxySubstitutesTheStageVariableAndFillsProxyFromTheGreedyParameter() {
        RouteConfig legacy = route(compileSamples(), "/legacy/{proxy+}");
        HttpIntegrationConfig http = (HttpIntegrationConfig) legacy.integration();
        assertThat(http.proxy()).isTrue();
        assertThat(http.pathTemplate()).isEqualTo("/v1/{proxy}");
        assertThat(http.upstream()).isEqualTo(new ServiceUpstreamConfig("http", "default", "pets-backend", 80, "http"));
        assertThat(http.timeoutMillis()).isEqualTo(10_000);
        assertThat(http.requestParameters()).singleElement().satisfies(m -> assertThat(m.name())
                .isEqualTo("proxy"));
    }

    @Test
    void healthMockAnswersTwoHundredWithItsLiteralBody() {
        MockIntegrationConfig mock =
                (MockIntegrationConfig) route(compileSamples(), "/health").integration();
        assertThat(mock.statusCode()).isEqualTo(200);
        assertThat(mock.responses().get(0).responseTemplates())
                .containsEntry("application/json", "{\"status\": \"ok\"}");
    }

    private static GatewayConfig compileSamples() {
        return new Compiler()
                .compile(ResourceLoader.load(TestInputs.samples()).snapshots().get("default"))
                .config();
    }

    private static ApiConfig api(GatewayConfig config, String name) {
        return config.apis().stream()
                .filter(a -> a.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void chatSampleIsAWebSocketApiWithItsRoutesByKey() {
        ApiConfig chat = api(compileSamples(), "chat");
        assertThat(chat.protocolType()).isEqualTo(ProtocolType.WEBSOCKET);
        assertThat(chat.routeSelectionExpression()).isEqualTo("$request.body.action");
        assertThat(chat.stages().get(0).routes())
                .extracting(r -> r.webSocket().routeKey() + (r.webSocket().twoWay() ? " two-way" : ""))
                .containsExactlyInAnyOrder(
                        "$connect", "$disconnect", "$default two-way", "echo two-way", "whoami two-way");
    }

    private static RouteConfig route(GatewayConfig config, String path) {
        return api(config, "petstore").stages().get(0).routes().stream()
                .filter(r -> r.resourcePath().equals(path))
                .findFirst()
                .orElseThrow();
    }
}
