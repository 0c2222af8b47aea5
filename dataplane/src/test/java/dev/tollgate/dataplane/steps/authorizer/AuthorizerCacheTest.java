package dev.tollgate.dataplane.steps.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthorizerCacheTest {
    private static final AuthorizerPolicy ALLOW = new AuthorizerPolicy("caller", List.of(), Map.of());

    @Test
    void aFloodOfNewIdentitiesEvictsTheLeastRecentlyUsedNotTheCallersInUse() {
        AuthorizerCache cache = new AuthorizerCache(100);
        cache.put("hot", ALLOW, 300);
        for (int i = 0; i < 1000; i++) {
            cache.put("flood-" + i, ALLOW, 300);
            // The caller in use keeps being served from the cache while the flood goes on.
            assertThat(cache.get("hot")).isNotNull();
        }
        assertThat(cache.size()).isEqualTo(100);
        assertThat(cache.get("flood-0")).isNull();
        assertThat(cache.get("flood-999")).isNotNull();
    }

    @Test
    void expiredAnswersAreNotServed() {
        AuthorizerCache cache = new AuthorizerCache(10);
        cache.put("gone", ALLOW, 0);
        assertThat(cache.get("gone")).isNull();
        assertThat(cache.hits()).isZero();
    }
}
