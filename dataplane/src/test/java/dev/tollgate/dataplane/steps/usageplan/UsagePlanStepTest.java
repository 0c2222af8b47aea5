package dev.tollgate.dataplane.steps.usageplan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.limits.LimitMeters;
import dev.tollgate.dataplane.limits.LimitState;
import dev.tollgate.dataplane.runtime.StepOrder.Slot;
import dev.tollgate.dataplane.steps.apikey.ApiKeyStepFactory;
import dev.tollgate.dataplane.steps.throttle.ThrottleStepFactory;
import dev.tollgate.dataplane.testing.CompiledYaml;
import dev.tollgate.dataplane.testing.FailingState;
import dev.tollgate.dataplane.testing.LimitsYaml;
import dev.tollgate.dataplane.testing.MutableClock;
import dev.tollgate.dataplane.testing.StepHarness;
import dev.tollgate.ir.GatewayConfig;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The usage plan step behind the API key step: {@code gold}'s throttle, then its quota, per key;
 * the clock is moved by hand, so a quota period ends without waiting.
 */
class UsagePlanStepTest {
    private static final String HOST = "shop.default.execute-api.localhost";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-10T12:00:00Z"));
    private final LimitState limits = new LimitState(null, clock);
    private final StepHarness.Backend backend = new StepHarness.Backend("{\"items\":[]}");
    private final StepHarness harness = new StepHarness().with(Slot.API_KEY, new ApiKeyStepFactory());

    @AfterEach
    void stop() {
        harness.close();
        limits.close();
    }

    private GatewayConfig serve(String planSpec) {
        GatewayConfig config = CompiledYaml.compile(LimitsYaml.api(1, "", planSpec, LimitsYaml.ALICE, ""));
        harness.with(Slot.USAGE_PLAN, new UsagePlanStepFactory(limits))
                .with(Slot.INTEGRATION, backend)
                .serve(config);
        return config;
    }

    private StepHarness.Answer get() throws Exception {
        return harness.get(HOST, "/prod/items", "x-api-key", LimitsYaml.ALICE);
    }

    @Test
    void theKeysThrottleLetsItsBurstThroughThenAnswers429TooManyRequests() throws Exception {
        serve("  throttle: {rateLimit: 0.001, burstLimit: 2}");
        assertThat(get().status()).isEqualTo(200);
        assertThat(get().status()).isEqualTo(200);
        StepHarness.Answer refused = get();
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body()).isEqualTo("{\"message\":\"Too Many Requests\"}");
        assertThat(backend.calls()).isEqualTo(2);
        assertThat(harness.metrics().scrape()).contains("reason=\"plan\"");
    }

    @Test
    void theQuotaAnswers429LimitExceededUntilItsPeriodEnds() throws Exception {
        serve("  quota: {limit: 2, period: MONTH}");
        assertThat(get().status()).isEqualTo(200);
        assertThat(get().status()).isEqualTo(200);
        StepHarness.Answer exceeded = get();
        assertThat(exceeded.status()).isEqualTo(429);
        assertThat(exceeded.body()).isEqualTo("{\"message\":\"Limit Exceeded\"}");
        assertThat(exceeded.header("x-amzn-ErrorType")).isEqualTo("LimitExceededException");
        clock.set(Instant.parse("2026-04-01T00:00:00Z"));
        assertThat(get().status()).isEqualTo(200);
    }

    @Test
    void aThrottledRequestUsesNoQuota() throws Exception {
        GatewayConfig config = serve("  throttle: {rateLimit: 0.001, burstLimit: 1}\n  quota: {limit: 2, period: DAY}");
        assertThat(get().status()).isEqualTo(200);
        assertThat(get().body()).isEqualTo("{\"message\":\"Too Many Requests\"}");
        assertThat(get().body()).isEqualTo("{\"message\":\"Too Many Requests\"}");
        assertThat(aliceToday(config)).as("quota used").isEqualTo(1);
    }

    /** Alice's quota count of the test's day. */
    private long aliceToday(GatewayConfig config) {
        long dayStart = Instant.parse("2026-03-10T00:00:00Z").getEpochSecond();
        return limits.forConfig(config)
                .read(UsagePlanStep.quotaId("default", "gold", "alice", dayStart))
                .join();
    }

    @Test
    void checkingTheStageThrottleTooRefusesInTheOrderOfSeparateSteps() throws Exception {
        GatewayConfig config = CompiledYaml.compile(LimitsYaml.api(
                1,
                "  throttling: {rateLimit: 0.001, burstLimit: 3}",
                "  throttle: {rateLimit: 0.001, burstLimit: 5}\n  quota: {limit: 4, period: DAY}",
                LimitsYaml.ALICE,
                ""));
        // As the gateway wires them: the plan's step checks the stage throttle, the throttle step
        // leaves those methods to it (and keeps the others, /open here).
        harness.with(Slot.USAGE_PLAN, new UsagePlanStepFactory(limits).checkingStageThrottles())
                .with(Slot.STAGE_THROTTLE, new ThrottleStepFactory(limits).except(UsagePlanStepFactory::appliesTo))
                .with(Slot.INTEGRATION, backend)
                .serve(config);
        String tooMany = "{\"message\":\"Too Many Requests\"}";
        for (int i = 0; i < 3; i++) {
            assertThat(get().status()).isEqualTo(200);
        }
        // Stage bucket (3) empty, then the quota (4) used up, then the plan's bucket (5) empty.
        assertThat(get().body()).isEqualTo(tooMany);
        assertThat(get().body()).isEqualTo("{\"message\":\"Limit Exceeded\"}");
        assertThat(get().body()).isEqualTo(tooMany);
        assertThat(backend.calls()).isEqualTo(3);
        assertThat(aliceToday(config))
                .as("counted for every request the plan's throttle let through")
                .isEqualTo(5);
        assertThat(harness.metrics().scrape())
                .contains("reason=\"stage\"")
                .contains("reason=\"quota\"")
                .contains("reason=\"plan\"");
        // A method no plan limits keeps its own throttle step.
        for (int i = 0; i < 3; i++) {
            assertThat(harness.get(HOST, "/prod/open").status()).isEqualTo(200);
        }
        assertThat(harness.get(HOST, "/prod/open").body()).isEqualTo(tooMany);
    }

    @Test
    void anUnreachableStoreAnswers503WhenFailingClosedAndPassesWhenFailingOpen() throws Exception {
        for (boolean failOpen : new boolean[] {false, true}) {
            try (StepHarness h = new StepHarness()) {
                h.with(Slot.API_KEY, new ApiKeyStepFactory())
                        .with(
                                Slot.USAGE_PLAN,
                                ctx -> new UsagePlanStep(
                                        ctx.config().namespace(),
                                        ctx.routeId(),
                                        new FailingState(),
                                        failOpen,
                                        clock,
                                        new LimitMeters(ctx.services().metrics().registry(), ctx.meterTags())))
                        .with(Slot.INTEGRATION, backend)
                        .serve(CompiledYaml.compile(
                                LimitsYaml.api(1, "", "  quota: {limit: 2, period: DAY}", LimitsYaml.ALICE, "")));
                StepHarness.Answer answer = h.get(HOST, "/prod/items", "x-api-key", LimitsYaml.ALICE);
                if (failOpen) {
                    assertThat(answer.status()).isEqualTo(200);
                } else {
                    assertThat(answer.status()).isEqualTo(503);
                    assertThat(answer.body()).isEqualTo("{\"message\":\"Service Unavailable\"}");
                }
            }
        }
    }
}
