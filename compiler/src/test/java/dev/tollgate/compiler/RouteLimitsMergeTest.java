package dev.tollgate.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.ir.CacheConfig;
import dev.tollgate.ir.CacheInvalidation;
import dev.tollgate.ir.CacheKeyParameter;
import dev.tollgate.ir.MockIntegrationConfig;
import dev.tollgate.ir.ParameterSource;
import dev.tollgate.ir.PlanLimitsConfig;
import dev.tollgate.ir.QuotaConfig;
import dev.tollgate.ir.QuotaPeriod;
import dev.tollgate.ir.RouteConfig;
import dev.tollgate.ir.ThrottleConfig;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The pure merge of stage, method-setting, cache and usage-plan limits into one route, as AWS applies them. */
class RouteLimitsMergeTest {
    private static final ThrottleConfig STAGE = new ThrottleConfig(100, 200);
    private static final List<CacheKeyParameter> KEYS =
            List.of(new CacheKeyParameter(ParameterSource.Location.QUERYSTRING, "type"));

    private static RouteConfig route(String method, String path, boolean apiKeyRequired) {
        return new RouteConfig(method, path, apiKeyRequired, new MockIntegrationConfig(200, List.of()));
    }

    private static RouteLimitsMerge.MethodSettingLimits setting(
            String path, String method, ThrottleConfig throttle, Integer ttl) {
        return new RouteLimitsMerge.MethodSettingLimits(
                path, method, throttle, ttl == null ? null : new RouteLimitsMerge.CacheOverride(null, ttl, null, null));
    }

    private static RouteLimitsMerge.StageLimits stage(List<RouteLimitsMerge.MethodSettingLimits> settings) {
        return new RouteLimitsMerge.StageLimits(STAGE, settings, 512, 300);
    }

    @Test
    void detailedMetricsAreOffUnlessTheMostSpecificSettingTurnsThemOn() {
        RouteLimitsMerge.StageLimits stage = stage(List.of(
                new RouteLimitsMerge.MethodSettingLimits("*", "*", null, null, true),
                new RouteLimitsMerge.MethodSettingLimits("/pets", "POST", null, null, false)));
        assertThat(RouteLimitsMerge.merge(route("GET", "/pets", false), KEYS, stage, List.of())
                        .metricsEnabled())
                .isTrue();
        assertThat(RouteLimitsMerge.merge(route("POST", "/pets", false), KEYS, stage, List.of())
                        .metricsEnabled())
                .isFalse();
        assertThat(RouteLimitsMerge.merge(route("GET", "/pets", false), KEYS, stage(List.of()), List.of())
                        .metricsEnabled())
                .isFalse();
    }

    @Test
    void theMostSpecificMethodSettingWinsThrottleAndCachingEachOnTheirOwn() {
        RouteLimitsMerge.StageLimits stage = stage(List.of(
                setting("*", "*", new ThrottleConfig(5, 5), 60),
                setting("/pets", "*", null, 30),
                setting("*", "GET", new ThrottleConfig(2, 2), null),
                setting("/pets", "GET", new ThrottleConfig(1, 1), null)));

        RouteConfig pets = RouteLimitsMerge.merge(route("GET", "/pets", false), KEYS, stage, List.of());
        assertThat(pets.throttle()).isEqualTo(new ThrottleConfig(1, 1));
        assertThat(pets.cache().ttlSeconds()).isEqualTo(30);
        assertThat(pets.cache().keyParameters()).isEqualTo(KEYS);

        RouteConfig other = RouteLimitsMerge.merge(route("GET", "/other", false), KEYS, stage, List.of());
        assertThat(other.throttle()).isEqualTo(new ThrottleConfig(2, 2));
        assertThat(other.cache().ttlSeconds()).isEqualTo(60);

        RouteConfig post = RouteLimitsMerge.merge(route("POST", "/other", false), KEYS, stage, List.of());
        assertThat(post.throttle()).isEqualTo(new ThrottleConfig(5, 5));
    }

    @Test
    void withoutMethodSettingsTheStageThrottleAndDefaultCacheApply() {
        RouteConfig merged = RouteLimitsMerge.merge(route("GET", "/pets", false), KEYS, stage(List.of()), List.of());
        assertThat(merged.throttle()).isEqualTo(STAGE);
        assertThat(merged.cache())
                .isEqualTo(new CacheConfig(300, KEYS, true, CacheInvalidation.SUCCEED_WITH_RESPONSE_HEADER));
    }

    @Test
    void onlyGetAndAnyMethodsOfACachingStageAreCached() {
        RouteLimitsMerge.StageLimits caching = stage(List.of());
        assertThat(RouteLimitsMerge.merge(route("ANY", "/pets", false), KEYS, caching, List.of())
                        .cache())
                .isNotNull();
        assertThat(RouteLimitsMerge.merge(route("POST", "/pets", false), KEYS, caching, List.of())
                        .cache())
                .isNull();
        RouteLimitsMerge.StageLimits noCache = new RouteLimitsMerge.StageLimits(STAGE, List.of(), null, 300);
        assertThat(RouteLimitsMerge.merge(route("GET", "/pets", false), KEYS, noCache, List.of())
                        .cache())
                .isNull();
    }

    @Test
    void aMethodSettingThatTurnsCachingOnCachesAMethodOtherThanGet() {
        RouteLimitsMerge.StageLimits on = stage(List.of(new RouteLimitsMerge.MethodSettingLimits(
                "/quotes", "POST", null, new RouteLimitsMerge.CacheOverride(true, 60, null, null))));
        assertThat(RouteLimitsMerge.merge(route("POST", "/quotes", false), KEYS, on, List.of())
                        .cache()
                        .ttlSeconds())
                .isEqualTo(60);
        // A setting that only sets a TTL does not turn caching on for a non-GET method.
        RouteLimitsMerge.StageLimits ttlOnly = stage(List.of(setting("/quotes", "POST", null, 60)));
        assertThat(RouteLimitsMerge.merge(route("POST", "/quotes", false), KEYS, ttlOnly, List.of())
                        .cache())
                .isNull();
    }

    @Test
    void aMethodSettingTurnsCachingOffWithEnabledFalseOrAZeroTtl() {
        RouteLimitsMerge.StageLimits off = stage(List.of(new RouteLimitsMerge.MethodSettingLimits(
                "/pets", "GET", null, new RouteLimitsMerge.CacheOverride(false, null, null, null))));
        RouteLimitsMerge.StageLimits zero = stage(List.of(setting("/pets", "GET", null, 0)));
        assertThat(RouteLimitsMerge.merge(route("GET", "/pets", false), KEYS, off, List.of())
                        .cache())
                .isNull();
        assertThat(RouteLimitsMerge.merge(route("GET", "/pets", false), KEYS, zero, List.of())
                        .cache())
                .isNull();
    }

    @Test
    void keyRequiredMethodsCarryEachPlanWithItsMethodThrottleElseThePlanThrottle() {
        QuotaConfig quota = new QuotaConfig(1000, QuotaPeriod.DAY, 0);
        TreeMap<String, ThrottleConfig> gold = new TreeMap<>();
        gold.put("/pets/GET", new ThrottleConfig(1, 1));
        TreeMap<String, ThrottleConfig> silver = new TreeMap<>();
        silver.put("/pets/*", new ThrottleConfig(3, 3));
        List<RouteLimitsMerge.PlanLimits> plans = List.of(
                new RouteLimitsMerge.PlanLimits("bronze", new ThrottleConfig(9, 9), null, new TreeMap<>()),
                new RouteLimitsMerge.PlanLimits("gold", new ThrottleConfig(50, 50), quota, gold),
                new RouteLimitsMerge.PlanLimits("silver", new ThrottleConfig(20, 20), null, silver));

        RouteConfig metered = RouteLimitsMerge.merge(route("GET", "/pets", true), KEYS, stage(List.of()), plans);
        assertThat(metered.plans())
                .containsExactly(
                        new PlanLimitsConfig("bronze", new ThrottleConfig(9, 9), false, null),
                        new PlanLimitsConfig("gold", new ThrottleConfig(1, 1), true, quota),
                        new PlanLimitsConfig("silver", new ThrottleConfig(3, 3), true, null));

        RouteConfig open = RouteLimitsMerge.merge(route("GET", "/pets", false), KEYS, stage(List.of()), plans);
        assertThat(open.plans()).isEmpty();
    }
}
