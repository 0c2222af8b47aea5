package dev.tollgate.dataplane.steps.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplayCacheTest {
    private static final long HOUR = 3_600_000_000_000L;

    @Test
    void aSignatureIsAcceptedOnceWhileItCouldStillVerify() {
        ReplayCache cache = new ReplayCache();
        long later = System.nanoTime() + HOUR;

        assertThat(cache.firstUse("sig-a", later)).isTrue();
        assertThat(cache.firstUse("sig-a", later)).isFalse();
        assertThat(cache.firstUse("sig-b", later)).isTrue();
    }

    @Test
    void aSignaturePastItsLifetimeIsForgotten() {
        ReplayCache cache = new ReplayCache();

        assertThat(cache.firstUse("sig", System.nanoTime() - 1)).isTrue();
        assertThat(cache.firstUse("sig", System.nanoTime() + HOUR)).isTrue();
        assertThat(cache.firstUse("sig", System.nanoTime() + HOUR)).isFalse();
    }

    @Test
    void whenFullTheLeastRecentlySeenSignatureGoesFirst() {
        ReplayCache cache = new ReplayCache(2);
        long later = System.nanoTime() + HOUR;
        cache.firstUse("oldest", later);
        cache.firstUse("middle", later);

        assertThat(cache.firstUse("newest", later)).isTrue();

        assertThat(cache.firstUse("middle", later)).isFalse();
        assertThat(cache.firstUse("newest", later)).isFalse();
        assertThat(cache.firstUse("oldest", later)).isTrue();
    }
}
