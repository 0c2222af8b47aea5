package dev.tollgate.dataplane.steps.policy;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.mock;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.runtime.StepOrder.Slot;
import dev.tollgate.dataplane.testing.Exchanges;
import dev.tollgate.dataplane.testing.StepHarness;
import dev.tollgate.ir.ApiConfig;
import dev.tollgate.ir.PolicyStatementConfig;
import dev.tollgate.ir.ProtocolType;
import dev.tollgate.ir.ResourcePolicyConfig;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A resource policy on built requests from {@link Exchanges#CLIENT_IP} (10.0.0.1). */
class ResourcePolicyStepTest {
    private static final String HOST = "walled.default.execute-api.localhost";

    private final StepHarness.Backend backend = new StepHarness.Backend("{\"ok\":true}");
    private StepHarness harness;

    @AfterEach
    void stop() {
        harness.close();
    }

    private void serve(PolicyStatementConfig... statements) {
        harness = new StepHarness()
                .with(Slot.RESOURCE_POLICY, new ResourcePolicyStepFactory())
                .with(Slot.INTEGRATION, backend)
                .serve(config(new ApiConfig(
                        "walled",
                        ProtocolType.REST,
                        true,
                        List.of(stage(
                                "prod",
                                route("GET", "/pets", mock("{}")),
                                route("GET", "/admin/{proxy+}", mock("{}")))),
                        List.of(),
                        null,
                        new ResourcePolicyConfig(List.of(statements)))));
    }

    @Test
    void callerInAnAllowedRangePasses() throws Exception {
        serve(new PolicyStatementConfig(true, List.of("*"), List.of("10.0.0.0/8")));
        assertThat(harness.get(HOST, "/prod/pets").status()).isEqualTo(200);
        assertThat(backend.calls()).isEqualTo(1);
    }

    @Test
    void callerNoStatementAllowsAnswers403NamingTheResource() throws Exception {
        serve(new PolicyStatementConfig(true, List.of("*"), List.of("192.168.0.0/16")));
        StepHarness.Answer answer = harness.get(HOST, "/prod/pets");
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body())
                .isEqualTo("{\"message\":\"User: anonymous is not authorized to perform: execute-api:Invoke on"
                        + " resource: arn:aws:execute-api:default::walled/prod/GET/pets\"}");
        assertThat(answer.header("x-amzn-ErrorType")).isEqualTo("AccessDeniedException");
        assertThat(backend.calls()).isZero();
    }

    @Test
    void explicitDenyWinsOverAnAllow() throws Exception {
        serve(
                new PolicyStatementConfig(true, List.of("*"), List.of()),
                new PolicyStatementConfig(false, List.of("prod/GET/admin/*"), List.of("10.0.0.1/32")));
        assertThat(harness.get(HOST, "/prod/pets").status()).isEqualTo(200);
        StepHarness.Answer denied = harness.get(HOST, "/prod/admin/users/7");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body()).endsWith("prod/GET/admin/users/7 with an explicit deny\"}");
    }
}
