package dev.tollgate.dataplane.steps.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.runtime.StepOrder.Slot;
import dev.tollgate.dataplane.testing.CompiledYaml;
import dev.tollgate.dataplane.testing.LimitsYaml;
import dev.tollgate.dataplane.testing.StepHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The API key step on the {@link LimitsYaml} API: {@code GET /items} needs a key, {@code GET /open} none. */
class ApiKeyStepTest {
    private static final String HOST = "shop.default.execute-api.localhost";

    private final StepHarness.Backend backend = new StepHarness.Backend("{\"items\":[]}");
    private final StepHarness harness =
            new StepHarness().with(Slot.API_KEY, new ApiKeyStepFactory()).with(Slot.INTEGRATION, backend);

    @AfterEach
    void stop() {
        harness.close();
    }

    private void serve(String yaml) {
        harness.serve(CompiledYaml.compile(yaml));
    }

    private StepHarness.Answer get(String path, String key) throws Exception {
        return harness.get(HOST, path, "x-api-key", key);
    }

    private static void assertForbidden(StepHarness.Answer answer) {
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        assertThat(answer.header("x-amzn-ErrorType")).isEqualTo("ForbiddenException");
    }

    @Test
    void missingUnknownOrDisabledKeyAnswers403ForbiddenWithoutReachingTheBackend() throws Exception {
        serve(LimitsYaml.api(1, "", "", LimitsYaml.ALICE, ""));
        assertForbidden(get("/prod/items", null));
        assertForbidden(get("/prod/items", ""));
        assertForbidden(get("/prod/items", "not-a-key-of-this-gateway"));
        assertForbidden(get("/prod/items", LimitsYaml.BOB));
        assertThat(backend.calls()).isZero();
    }

    @Test
    void enabledKeyInAPlanOfTheStagePassesAndIsRecordedWithThePlanThatMetersIt() throws Exception {
        serve(LimitsYaml.api(1, "", "", LimitsYaml.ALICE, ""));
        StepHarness.Answer answer = get("/prod/items", LimitsYaml.ALICE);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.exchange().apiKey().id()).isEqualTo("alice");
        assertThat(answer.exchange().plan().plan()).isEqualTo("gold");
        assertThat(backend.calls()).isEqualTo(1);
    }

    @Test
    void keyInNoPlanOfTheStageAnswers403() throws Exception {
        serve(LimitsYaml.api(1, "", "", LimitsYaml.ALICE, "").replace("apiKeys: [alice, bob]", "apiKeys: [bob]"));
        assertForbidden(get("/prod/items", LimitsYaml.ALICE));
    }

    @Test
    void methodWithoutKeyRequiredHasNoKeyCheck() throws Exception {
        serve(LimitsYaml.api(1, "", "", LimitsYaml.ALICE, ""));
        StepHarness.Answer answer = get("/prod/open", null);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.exchange().apiKey()).isNull();
    }
}
