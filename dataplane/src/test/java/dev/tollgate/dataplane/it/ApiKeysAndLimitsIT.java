package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.runtime.ApiRef;
import dev.tollgate.dataplane.testing.CompiledYaml;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.LimitsYaml;
import dev.tollgate.dataplane.testing.MutableClock;
import dev.tollgate.dataplane.testing.RawHttp;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** API keys, usage-plan throttles and quotas, stage and method throttles, with local state. */
class ApiKeysAndLimitsIT {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-10T23:00:00Z"));

    @RegisterExtension
    final GatewayExtension gateway = new GatewayExtension()
            .options(o -> o.withDefaultApi(ApiRef.parse("shop")).withClock(clock));

    private void serve(String stage, String plan) {
        serve(stage, plan, LimitsYaml.ALICE);
    }

    private void serve(String stage, String plan, String aliceValue) {
        gateway.serve(CompiledYaml.compile(LimitsYaml.api(gateway.echoPort(), stage, plan, aliceValue, "")));
    }

    private RawHttp.Response get(String path, String key) throws IOException {
        return gateway.raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                + (key == null ? "" : "x-api-key: " + key + "\r\n") + "Connection: close\r\n\r\n");
    }

    @Test
    void keyRequiredMethodAnswers403ForbiddenWithoutAValidEnabledKey() throws IOException {
        serve("", "");
        RawHttp.Response none = get("/prod/items", null);
        assertThat(none.status()).isEqualTo(403);
        assertThat(none.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        assertThat(none.header("x-amzn-ErrorType")).isEqualTo("ForbiddenException");
        assertThat(get("/prod/items", "not-a-key-0123456789abcdef").status()).isEqualTo(403);
        assertThat(get("/prod/items", LimitsYaml.BOB).status())
                .as("disabled key")
                .isEqualTo(403);
        assertThat(get("/prod/items", LimitsYaml.ALICE + "x").status()).isEqualTo(403);
        RawHttp.Response ok = get("/prod/items", LimitsYaml.ALICE);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).contains("\"path\":\"/items\"");
        assertThat(get("/prod/open", null).status()).as("no key needed").isEqualTo(200);
    }

    @Test
    void aKeyInNoPlanOfTheStageIsRefused() throws IOException {
        // The plan covers the stage but lists no keys: alice's key is valid yet metered by no plan here.
        gateway.serve(CompiledYaml.compile(LimitsYaml.api(gateway.echoPort(), "", "", LimitsYaml.ALICE, "")
                .replace("apiKeys: [alice, bob]", "apiKeys: [bob]")));
        assertThat(get("/prod/items", LimitsYaml.ALICE).status()).isEqualTo(403);
    }

    @Test
    void keysRotateWithoutARestart() throws IOException {
        serve("", "");
        assertThat(get("/prod/items", LimitsYaml.ALICE).status()).isEqualTo(200);
        String rotated = "alice-rotated-key-abcdef0123456789";
        serve("", "", rotated);
        assertThat(get("/prod/items", LimitsYaml.ALICE).status()).isEqualTo(403);
        assertThat(get("/prod/items", rotated).status()).isEqualTo(200);
    }

    @Test
    void planThrottleAnswers429TooManyRequestsPastTheBurst() throws IOException {
        serve("", "  throttle: {rateLimit: 0.001, burstLimit: 3}");
        for (int i = 0; i < 3; i++) {
            assertThat(get("/prod/items", LimitsYaml.ALICE).status()).isEqualTo(200);
        }
        RawHttp.Response refused = get("/prod/items", LimitsYaml.ALICE);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body()).isEqualTo("{\"message\":\"Too Many Requests\"}");
        // The plan-wide bucket is per key across methods: POST shares it.
        RawHttp.Response post = gateway.raw("POST /prod/items HTTP/1.1\r\nHost: localhost\r\nx-api-key: "
                + LimitsYaml.ALICE + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertThat(post.status()).isEqualTo(429);
        assertThat(gateway.gateway().metrics().scrape())
                .contains("tollgate_throttled_total{api=\"shop\",method=\"\",namespace=\"default\",reason=\"plan\","
                        + "resource=\"\",stage=\"prod\"} 2.0");
    }

    @Test
    void aPlanMethodThrottleOverridesThePlanThrottleForThatMethodOnly() throws IOException {
        gateway.serve(CompiledYaml.compile(LimitsYaml.api(
                        gateway.echoPort(), "", "  throttle: {rateLimit: 0.001, burstLimit: 5}", LimitsYaml.ALICE, "")
                .replace(
                        "- {restApiRef: shop, stage: prod}",
                        "- restApiRef: shop\n      stage: prod\n      throttle:\n"
                                + "        /items/POST: {rateLimit: 0.001, burstLimit: 1}")));
        String post = "POST /prod/items HTTP/1.1\r\nHost: localhost\r\nx-api-key: " + LimitsYaml.ALICE
                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        assertThat(gateway.raw(post).status()).isEqualTo(200);
        assertThat(gateway.raw(post).status()).isEqualTo(429);
        for (int i = 0; i < 5; i++) {
            assertThat(get("/prod/items", LimitsYaml.ALICE).status()).isEqualTo(200);
        }
        assertThat(get("/prod/items", LimitsYaml.ALICE).status()).isEqualTo(429);
    }

    @Test
    void stageThrottleAndTheMostSpecificMethodSettingApplyToEveryCaller() throws IOException {
        serve(
                """
                  throttling: {rateLimit: 0.001, burstLimit: 2}
                  methodSettings:
                    - resourcePath: "*"
                      httpMethod: "*"
                      throttling: {rateLimit: 0.001, burstLimit: 3}
                    - resourcePath: /open
                      httpMethod: GET
                      throttling: {rateLimit: 0.001, burstLimit: 4}
                """,
                "");
        for (int i = 0; i < 4; i++) {
            assertThat(get("/prod/open", null).status()).isEqualTo(200);
        }
        assertThat(get("/prod/open", null).status()).isEqualTo(429);
        for (int i = 0; i < 3; i++) {
            assertThat(get("/prod/items", LimitsYaml.ALICE).status()).isEqualTo(200);
        }
        assertThat(get("/prod/items", LimitsYaml.ALICE).status()).isEqualTo(429);
    }

    @Test
    void quotaAnswers429LimitExceededUntilTheUtcPeriodRollsOver() throws IOException {
        serve("", "  quota: {limit: 3, period: DAY}");
        for (int i = 0; i < 3; i++) {
            assertThat(get("/prod/items", LimitsYaml.ALICE).status()).isEqualTo(200);
        }
        RawHttp.Response exceeded = get("/prod/items", LimitsYaml.ALICE);
        assertThat(exceeded.status()).isEqualTo(429);
        assertThat(exceeded.body()).isEqualTo("{\"message\":\"Limit Exceeded\"}");
        RawHttp.Response usage = RawHttp.get(gateway.adminPort(), "localhost", "/usage?plan=gold");
        assertThat(usage.status()).isEqualTo(200);
        assertThat(usage.body())
                .contains("\"periodStart\" : \"2026-03-10T00:00:00Z\"")
                .contains("\"alice\" : {\n      \"used\" : 3,\n      \"remaining\" : 0");
        // 23:00 + 1 h is the next UTC day.
        clock.advance(Duration.ofHours(1));
        assertThat(get("/prod/items", LimitsYaml.ALICE).status()).isEqualTo(200);
        assertThat(gateway.gateway().metrics().scrape())
                .contains("tollgate_usage_requests_total{key=\"alice\",namespace=\"default\",plan=\"gold\"} 4.0");
    }

    @Test
    void aReloadKeepsQuotasAndBucketsOfUnchangedPlans() throws IOException {
        serve("  throttling: {rateLimit: 0.001, burstLimit: 3}", "  quota: {limit: 2, period: MONTH}");
        assertThat(get("/prod/items", LimitsYaml.ALICE).status()).isEqualTo(200);
        assertThat(get("/prod/open", null).status()).isEqualTo(200);
        assertThat(get("/prod/open", null).status()).isEqualTo(200);
        // Another config (a new description) with the same limits.
        gateway.serve(CompiledYaml.compile(LimitsYaml.api(
                        gateway.echoPort(),
                        "  throttling: {rateLimit: 0.001, burstLimit: 3}",
                        "  quota: {limit: 2, period: MONTH}",
                        LimitsYaml.ALICE,
                        "")
                .replace(
                        "resources:\n",
                        "resources:\n    - path: /extra\n      methods:\n        - httpMethod: GET\n"
                                + "          integration: {integrationRef: echo}\n")));
        assertThat(get("/prod/extra", null).status()).isEqualTo(200);
        assertThat(get("/prod/items", LimitsYaml.ALICE).status()).isEqualTo(200);
        assertThat(get("/prod/items", LimitsYaml.ALICE).status())
                .as("quota kept")
                .isEqualTo(429);
        assertThat(get("/prod/open", null).status()).isEqualTo(200);
        assertThat(get("/prod/open", null).status()).as("bucket kept").isEqualTo(429);
    }
}
