package dev.tollgate.dataplane.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.testing.MutableClock;
import dev.tollgate.ir.ThrottleConfig;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LocalStateTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LocalState state = new LocalState(clock);

    @Test
    void aBucketHoldsItsBurstAndAChangedLimitStartsAFreshOne() {
        ThrottleConfig two = new ThrottleConfig(0.001, 2);
        ThrottleConfig three = new ThrottleConfig(0.001, 3);
        assertThat(state.tryConsume(SharedState.bucketId("b", two), two).join()).isTrue();
        assertThat(state.tryConsume(SharedState.bucketId("b", two), two).join()).isTrue();
        assertThat(state.tryConsume(SharedState.bucketId("b", two), two).join()).isFalse();
        assertThat(state.tryConsume(SharedState.bucketId("b", three), three).join())
                .isTrue();
        assertThat(state.tryConsume(SharedState.bucketId("other", two), two).join())
                .isTrue();
    }

    @Test
    void aZeroRateOrBurstRefusesEverything() {
        assertThat(state.tryConsume("z", new ThrottleConfig(0, 5)).join()).isFalse();
        assertThat(state.tryConsume("z", new ThrottleConfig(5, 0)).join()).isFalse();
    }

    @Test
    void countersCountUntilTheyExpire() {
        long end = clock.instant().plus(Duration.ofDays(1)).getEpochSecond();
        assertThat(state.increment("q", end).join()).isEqualTo(1);
        assertThat(state.increment("q", end).join()).isEqualTo(2);
        assertThat(state.read("q").join()).isEqualTo(2);
        clock.advance(Duration.ofDays(1));
        assertThat(state.read("q").join()).isZero();
        assertThat(state.increment("q", end + 86400).join()).isEqualTo(1);
    }

    @Test
    void cachedEntriesAreBoundedByTheProcessBudget() {
        LocalState state = new LocalState(clock, 1024 * 1024);
        byte[] big = new byte[300 * 1024];
        for (int i = 0; i < 10; i++) {
            state.cachePut("stage", 512, "k" + i, big, 300);
        }
        int held = 0;
        for (int i = 0; i < 10; i++) {
            held += state.cacheGet("stage", 512, "k" + i).join() == null ? 0 : 1;
        }
        // A 1 MB budget holds three 300 KB entries, whatever the stage's size; Caffeine evicts the rest.
        assertThat(held).isBetween(1, 3);
        state.cachePut("stage", 512, "x", new byte[] {1}, 300);
        state.cacheInvalidate("stage", 512, "x");
        assertThat(state.cacheGet("stage", 512, "x").join()).isNull();
    }

    @Test
    void flushDropsOneStagesEntriesOnly() {
        state.cachePut("ns/api/prod", 512, "a", new byte[] {1}, 300);
        state.cachePut("ns/api/prod", 512, "b", new byte[] {2}, 300);
        state.cachePut("ns/api/prod2", 512, "a", new byte[] {3}, 300);
        assertThat(state.cacheFlush("ns/api/prod").join()).isEqualTo(2);
        assertThat(state.cacheGet("ns/api/prod", 512, "a").join()).isNull();
        assertThat(state.cacheGet("ns/api/prod", 512, "b").join()).isNull();
        assertThat(state.cacheGet("ns/api/prod2", 512, "a").join()).containsExactly(3);
    }

    @Test
    void anEntryLargerThanItsStageIsNotCached() {
        state.cachePut("stage", 1, "big", new byte[2 * 1024 * 1024], 300);
        assertThat(state.cacheGet("stage", 1, "big").join()).isNull();
    }
}
