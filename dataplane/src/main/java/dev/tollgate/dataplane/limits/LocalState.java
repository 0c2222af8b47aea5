package dev.tollgate.dataplane.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.tollgate.ir.ThrottleConfig;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * State in this process: Bucket4j buckets, quota counters and Caffeine caches bounded by weight
 * (the stage's cache size). Buckets idle for an hour are forgotten (they are full by then anyway
 * for any rate over 1 per hour).
 */
public final class LocalState implements SharedState {
    private final Clock clock;
    private final Cache<String, Bucket> buckets =
            Caffeine.newBuilder().expireAfterAccess(Duration.ofHours(1)).build();
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Cache<String, Entry>> caches = new ConcurrentHashMap<>();

    private record Counter(AtomicLong value, long expiresAt) {}

    private record Entry(byte[] value, long ttlNanos) {}

    public LocalState(Clock clock) {
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Boolean> tryConsume(String bucketId, ThrottleConfig limit) {
        if (limit.refusesAll()) {
            return CompletableFuture.completedFuture(false);
        }
        Bucket bucket = buckets.get(
                bucketId, k -> Bucket.builder().addLimit(bandwidth(limit)).build());
        return CompletableFuture.completedFuture(bucket.tryConsume(1));
    }

    /** The Bucket4j bandwidth of a throttle: capacity = burst, greedy refill at the rate. */
    static Bandwidth bandwidth(ThrottleConfig limit) {
        // Rates may be fractional: refill rate*1000 tokens per 1000 s, added continuously.
        long per1000s = Math.max(1, Math.round(limit.rateLimit() * 1000));
        return Bandwidth.builder()
                .capacity(limit.burstLimit())
                .refillGreedy(per1000s, Duration.ofSeconds(1000))
                .build();
    }

    @Override
    public CompletableFuture<Long> increment(String counterId, long expiresAtEpochSecond) {
        long now = clock.instant().getEpochSecond();
        Counter c = counters.compute(
                counterId,
                (k, old) -> old == null || old.expiresAt() <= now
                        ? new Counter(new AtomicLong(), expiresAtEpochSecond)
                        : old);
        long value = c.value().incrementAndGet();
        if (value == 1) {
            counters.values().removeIf(other -> other.expiresAt() <= now);
        }
        return CompletableFuture.completedFuture(value);
    }

    @Override
    public CompletableFuture<Long> read(String counterId) {
        Counter c = counters.get(counterId);
        long now = clock.instant().getEpochSecond();
        return CompletableFuture.completedFuture(
                c == null || c.expiresAt() <= now ? 0L : c.value().get());
    }

    @Override
    public CompletableFuture<byte[]> cacheGet(String cacheId, int sizeMb, String key) {
        Entry e = cache(cacheId, sizeMb).getIfPresent(key);
        return CompletableFuture.completedFuture(e == null ? null : e.value());
    }

    @Override
    public void cachePut(String cacheId, int sizeMb, String key, byte[] value, int ttlSeconds) {
        cache(cacheId, sizeMb).put(key, new Entry(value, TimeUnit.SECONDS.toNanos(ttlSeconds)));
    }

    @Override
    public void cacheInvalidate(String cacheId, int sizeMb, String key) {
        cache(cacheId, sizeMb).invalidate(key);
    }

    private Cache<String, Entry> cache(String cacheId, int sizeMb) {
        return caches.computeIfAbsent(cacheId + "|" + sizeMb, k -> Caffeine.newBuilder()
                // Maintenance (eviction) on the calling thread: small, bounded work, and no shared pool.
                .executor(Runnable::run)
                .maximumWeight(sizeMb * 1024L * 1024L)
                .weigher((String key, Entry e) -> key.length() * 2 + e.value().length + 64)
                .expireAfter(new Expiry<String, Entry>() {
                    @Override
                    public long expireAfterCreate(String key, Entry e, long currentTime) {
                        return e.ttlNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, Entry e, long currentTime, long currentDuration) {
                        return e.ttlNanos();
                    }

                    @Override
                    public long expireAfterRead(String key, Entry e, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build());
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public void close() {
        buckets.invalidateAll();
        caches.clear();
    }
}
