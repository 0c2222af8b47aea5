package dev.tollgate.dataplane.runtime;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.mock;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.runtime.StepOrder.Slot;
import dev.tollgate.dataplane.steps.integration.IntegrationStepFactory;
import dev.tollgate.dataplane.testing.ScriptedUpstream;
import dev.tollgate.dataplane.testing.StepHarness;
import dev.tollgate.dataplane.upstream.UpstreamException;
import dev.tollgate.ir.ApiConfig;
import dev.tollgate.ir.CanaryConfig;
import dev.tollgate.ir.ContextVariable;
import dev.tollgate.ir.DeploymentConfig;
import dev.tollgate.ir.GatewayResponseConfig;
import dev.tollgate.ir.ProtocolType;
import dev.tollgate.ir.StageConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A pinned stage answers with its deployment's gateway responses, not the API's; a canary takes its
 * share of requests with its own routes and is told apart in {@code $context} (its metric series:
 * DeploymentsIT).
 */
class PinnedAndCanaryStagesTest {
    private static final String HOST = "shop.default.execute-api.localhost";
    private static final String ID1 = "1".repeat(64);
    private static final String ID2 = "2".repeat(64);

    private StepHarness harness;

    @AfterEach
    void stop() {
        harness.close();
    }

    private static GatewayResponseConfig notFound(String text) {
        return new GatewayResponseConfig(
                "MISSING_AUTHENTICATION_TOKEN",
                404,
                new TreeMap<>(),
                new TreeMap<>(Map.of("application/json", "{\"said\":\"" + text + "\"}")));
    }

    private void serve(double canaryPercent) {
        DeploymentConfig stable =
                new DeploymentConfig("stable", ID1, false, List.of(notFound("deployment")), null, null);
        DeploymentConfig next = new DeploymentConfig("next01", ID2, false, List.of(), null, null);
        CanaryConfig canary = new CanaryConfig(
                canaryPercent,
                next,
                new TreeMap<>(Map.of("v", "2")),
                List.of(route("GET", "/v", mock("{\"v\":2}")), route("GET", "/new", mock("{\"new\":true}"))),
                null);
        StageConfig prod = new StageConfig(
                "prod",
                new TreeMap<>(Map.of("v", "1")),
                null,
                List.of(route("GET", "/v", mock("{\"v\":1}"))),
                null,
                null,
                stable,
                canary);
        ApiConfig api = new ApiConfig("shop", ProtocolType.REST, true, List.of(prod), List.of(notFound("api")), null);
        harness = new StepHarness()
                .with(
                        Slot.INTEGRATION,
                        new IntegrationStepFactory(ScriptedUpstream.failing(UpstreamException.Kind.CONNECT_FAILED)))
                .serve(config(api));
    }

    @Test
    void aPinnedStageAnswersWithItsDeploymentsGatewayResponses() throws Exception {
        serve(0);
        StepHarness.Answer answer = harness.get(HOST, "/prod/nothing");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body()).isEqualTo("{\"said\":\"deployment\"}");
        assertThat(answer.exchange().value(ContextVariable.DEPLOYMENT_ID)).isEqualTo("stable");
        assertThat(answer.exchange().value(ContextVariable.IS_CANARY_REQUEST)).isEqualTo("false");
    }

    @Test
    void aCanaryAtZeroPercentServesNoRequest() throws Exception {
        serve(0);
        for (int i = 0; i < 200; i++) {
            assertThat(harness.get(HOST, "/prod/v").body()).isEqualTo("{\"v\":1}");
        }
    }

    @Test
    void aCanaryAtAHundredPercentServesEveryRequestWithItsOwnRoutesAndResponses() throws Exception {
        serve(100);
        for (int i = 0; i < 50; i++) {
            StepHarness.Answer answer = harness.get(HOST, "/prod/v");
            assertThat(answer.body()).isEqualTo("{\"v\":2}");
            assertThat(answer.exchange().value(ContextVariable.IS_CANARY_REQUEST))
                    .isEqualTo("true");
            assertThat(answer.exchange().value(ContextVariable.DEPLOYMENT_ID)).isEqualTo("next01");
            assertThat(answer.exchange().value(ContextVariable.STAGE)).isEqualTo("prod");
        }
        assertThat(harness.get(HOST, "/prod/new").body()).isEqualTo("{\"new\":true}");
        StepHarness.Answer missing = harness.get(HOST, "/prod/nothing");
        assertThat(missing.status())
                .as("the canary's deployment customises no response")
                .isEqualTo(403);
    }
}
