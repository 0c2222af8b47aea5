package dev.tollgate.dataplane.steps.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.limits.LimitMeters;
import dev.tollgate.dataplane.limits.LimitState;
import dev.tollgate.dataplane.runtime.StepOrder.Slot;
import dev.tollgate.dataplane.steps.apikey.ApiKeyStepFactory;
import dev.tollgate.dataplane.testing.CompiledYaml;
import dev.tollgate.dataplane.testing.FailingState;
import dev.tollgate.dataplane.testing.LimitsYaml;
import dev.tollgate.dataplane.testing.StepHarness;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The stage cache on {@code GET /open} (cache key: none) and {@code GET /items} (cache key: the
 * {@code type} query parameter, API key required), in front of a backend that counts its calls.
 */
class CacheStepTest {
    private static final String HOST = "shop.default.execute-api.localhost";
    private static final String STAGE =
            """
              cache: {enabled: true, size: "0.5", ttlInSeconds: 300}
              methodSettings:
                - resourcePath: /open
                  httpMethod: GET
                  caching:
                    enabled: true
                    requireAuthorizationForCacheControl: true
                    unauthorizedCacheControlHeaderStrategy: FAIL_WITH_403
                - resourcePath: /items
                  httpMethod: GET
                  caching: {enabled: true}
            """;

    private final LimitState limits = new LimitState(null, Clock.systemUTC());
    private final StepHarness.Backend backend = new StepHarness.Backend("{\"fresh\":true}");
    private final StepHarness harness = new StepHarness().with(Slot.API_KEY, new ApiKeyStepFactory());

    @AfterEach
    void stop() {
        harness.close();
        limits.close();
    }

    private void serve() {
        harness.with(Slot.CACHE, new CacheStepFactory(limits))
                .with(Slot.INTEGRATION, backend)
                .serve(CompiledYaml.compile(LimitsYaml.api(1, STAGE, "", LimitsYaml.ALICE, "")));
    }

    private StepHarness.Answer send(String method, String path, String... headers) throws Exception {
        return harness.send(method, HOST, path, headers);
    }

    @Test
    void aGetIsAnsweredFromTheCacheAfterTheFirstMiss() throws Exception {
        serve();
        assertThat(send("GET", "/prod/open").body()).isEqualTo("{\"fresh\":true}");
        StepHarness.Answer hit = send("GET", "/prod/open");
        assertThat(hit.status()).isEqualTo(200);
        assertThat(hit.body()).isEqualTo("{\"fresh\":true}");
        assertThat(hit.header("x-amzn-RequestId")).isEqualTo(hit.exchange().requestId());
        assertThat(backend.calls()).isEqualTo(1);
    }

    @Test
    void aDifferentKeyParameterMissesAndOtherQueryParametersShareTheEntry() throws Exception {
        serve();
        send("GET", "/prod/items?type=a", "x-api-key", LimitsYaml.ALICE);
        send("GET", "/prod/items?type=a&page=2", "x-api-key", LimitsYaml.ALICE);
        assertThat(backend.calls()).isEqualTo(1);
        send("GET", "/prod/items?type=b", "x-api-key", LimitsYaml.ALICE);
        assertThat(backend.calls()).isEqualTo(2);
    }

    @Test
    void onlyGetsAreCached() throws Exception {
        serve();
        send("POST", "/prod/items", "x-api-key", LimitsYaml.ALICE);
        send("POST", "/prod/items", "x-api-key", LimitsYaml.ALICE);
        assertThat(backend.calls()).isEqualTo(2);
    }

    @Test
    void unauthorizedInvalidationAnswers403UnderFailWith403() throws Exception {
        serve();
        StepHarness.Answer refused = send("GET", "/prod/open", "Cache-Control", "max-age=0");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        assertThat(backend.calls()).isZero();
    }

    @Test
    void anUnreachableStoreIsBypassedAndTheBackendAnswers() throws Exception {
        harness.with(Slot.CACHE, ctx -> {
                    LimitMeters meters =
                            new LimitMeters(ctx.services().metrics().registry(), ctx.meterTags());
                    return new CacheStep(
                            "cache",
                            1,
                            ctx.routeId(),
                            ctx.route().cache(),
                            new FailingState(),
                            meters.cacheHits(),
                            meters.cacheMisses(),
                            new CacheStep.Caller(false, false));
                })
                .with(Slot.INTEGRATION, backend)
                .serve(CompiledYaml.compile(LimitsYaml.api(1, STAGE, "", LimitsYaml.ALICE, "")));
        assertThat(send("GET", "/prod/open").status()).isEqualTo(200);
        assertThat(send("GET", "/prod/open").status()).isEqualTo(200);
        assertThat(backend.calls()).isEqualTo(2);
    }
}
