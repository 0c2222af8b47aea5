package dev.tollgate.dataplane.steps.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.limits.LimitMeters;
import dev.tollgate.dataplane.limits.LimitState;
import dev.tollgate.dataplane.runtime.StepOrder.Slot;
import dev.tollgate.dataplane.testing.CompiledYaml;
import dev.tollgate.dataplane.testing.FailingState;
import dev.tollgate.dataplane.testing.LimitsYaml;
import dev.tollgate.dataplane.testing.StepHarness;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stage throttle: one bucket per method, shared by every caller, key or not. */
class ThrottleStepTest {
    private static final String HOST = "shop.default.execute-api.localhost";
    private static final String THROTTLE = "  throttling: {rateLimit: 0.001, burstLimit: 2}";

    private final LimitState limits = new LimitState(null, Clock.systemUTC());
    private final StepHarness.Backend backend = new StepHarness.Backend("{\"open\":true}");

    @AfterEach
    void stop() {
        limits.close();
    }

    @Test
    void aMethodLetsItsBurstThroughThenAnswers429AndOtherMethodsKeepTheirOwnBucket() throws Exception {
        try (StepHarness harness = new StepHarness()
                .with(Slot.STAGE_THROTTLE, new ThrottleStepFactory(limits))
                .with(Slot.INTEGRATION, backend)
                .serve(CompiledYaml.compile(LimitsYaml.api(1, THROTTLE, "", LimitsYaml.ALICE, "")))) {
            assertThat(harness.get(HOST, "/prod/open").status()).isEqualTo(200);
            assertThat(harness.get(HOST, "/prod/open").status()).isEqualTo(200);
            StepHarness.Answer refused = harness.get(HOST, "/prod/open");
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.body()).isEqualTo("{\"message\":\"Too Many Requests\"}");
            assertThat(refused.header("x-amzn-ErrorType")).isEqualTo("TooManyRequestsException");
            assertThat(backend.calls()).isEqualTo(2);
            assertThat(harness.metrics().scrape())
                    .contains("tollgate_throttled_total{api=\"shop\",method=\"\",namespace=\"default\","
                            + "reason=\"stage\",resource=\"\",stage=\"prod\"} 1.0");
        }
    }

    @Test
    void aBucketOutlivesTheRuntimeItWasBuiltWith() throws Exception {
        String yaml = LimitsYaml.api(1, THROTTLE, "", LimitsYaml.ALICE, "");
        try (StepHarness first = new StepHarness()
                .with(Slot.STAGE_THROTTLE, new ThrottleStepFactory(limits))
                .with(Slot.INTEGRATION, backend)
                .serve(CompiledYaml.compile(yaml))) {
            first.get(HOST, "/prod/open");
            first.get(HOST, "/prod/open");
        }
        try (StepHarness reloaded = new StepHarness()
                .with(Slot.STAGE_THROTTLE, new ThrottleStepFactory(limits))
                .with(Slot.INTEGRATION, backend)
                .serve(CompiledYaml.compile(yaml))) {
            assertThat(reloaded.get(HOST, "/prod/open").status()).isEqualTo(429);
        }
    }

    @Test
    void anUnreachableStoreAnswers503WhenFailingClosedAndPassesWhenFailingOpen() throws Exception {
        for (boolean failOpen : new boolean[] {false, true}) {
            try (StepHarness harness = new StepHarness()
                    .with(Slot.STAGE_THROTTLE, ctx -> {
                        LimitMeters meters =
                                new LimitMeters(ctx.services().metrics().registry(), ctx.meterTags());
                        return new ThrottleStep(
                                "bucket",
                                ctx.route().throttle(),
                                new FailingState(),
                                failOpen,
                                meters.throttled("stage"),
                                meters.throttled("unavailable"));
                    })
                    .with(Slot.INTEGRATION, backend)
                    .serve(CompiledYaml.compile(LimitsYaml.api(1, THROTTLE, "", LimitsYaml.ALICE, "")))) {
                StepHarness.Answer answer = harness.get(HOST, "/prod/open");
                assertThat(answer.status()).isEqualTo(failOpen ? 200 : 503);
            }
        }
    }
}
