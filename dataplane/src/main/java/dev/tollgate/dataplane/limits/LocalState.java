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
 * State in this process: Bucket4j buckets, quota counters and one Caffeine cache of every stage's
 * responses, bounded by weight to a budget the process can afford ({@link #defaultCacheBudget()}). Buckets idle for an hour are forgotten (they are full by then anyway
 * for any rate over 1 per hour).
 */
public final class LocalState implements SharedState {
    private final Clock clock;
    private final Cache<String, Bucket> buckets =
            Caffeine.newBuilder().expireAfterAccess(Duration.ofHours(1)).build();
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final long cacheBudgetBytes;
    /** Every stage's cached responses, by {@code cacheId + '\n' + key}: one bound for the process. */
    private final Cache<String, Entry> cache;

    private record Counter(AtomicLong value, long expiresAt) {}

    private record Entry(byte[] value, long ttlNanos) {}

    /** Local state whose response cache may take {@link #defaultCacheBudget()} bytes. */
    public LocalState(Clock clock) {
        this(clock, defaultCacheBudget());
    }

    /**
     * Local state whose stage caches together hold at most {@code cacheBudgetBytes}.
     *
     * @param cacheBudgetBytes what every stage's cached responses may weigh together
     */
    public LocalState(Clock clock, long cacheBudgetBytes) {
        this.clock = clock;
        this.cacheBudgetBytes = cacheBudgetBytes;
        this.cache = Caffeine.newBuilder()
                // Maintenance (eviction) on the calling thread: small, bounded work, and no shared pool.
                .executor(Runnable::run)
                .maximumWeight(cacheBudgetBytes)
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
                .build();
    }

    /**
     * An eighth of the heap, and at least 16 MiB: AWS's cache sizes (0.5 to 237 GB) are cluster
     * sizes, not memory a gateway pod has, so a stage's {@code cache.size} never becomes heap.
     */
    public static long defaultCacheBudget() {
        return Math.max(16L << 20, Runtime.getRuntime().maxMemory() / 8);
    }

    /** What every stage's cached responses may weigh together. */
    public long cacheBudgetBytes() {
        return cacheBudgetBytes;
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
        Entry e = cache.getIfPresent(cacheKey(cacheId, key));
        return CompletableFuture.completedFuture(e == null ? null : e.value());
    }

    @Override
    public void cachePut(String cacheId, int sizeMb, String key, byte[] value, int ttlSeconds) {
        if (value.length + key.length() * 2L + 64 > Math.min(cacheBudgetBytes, sizeMb * 1024L * 1024L)) {
            // Larger than the stage's size or the whole budget: caching it would only evict the rest.
            return;
        }
        cache.put(cacheKey(cacheId, key), new Entry(value, TimeUnit.SECONDS.toNanos(ttlSeconds)));
    }

    @Override
    public void cacheInvalidate(String cacheId, int sizeMb, String key) {
        cache.invalidate(cacheKey(cacheId, key));
    }

    @Override
    public CompletableFuture<Long> cacheFlush(String cacheId) {
        String prefix = cacheId + "\n";
        long before = cache.estimatedSize();
        cache.asMap().keySet().removeIf(k -> k.startsWith(prefix));
        return CompletableFuture.completedFuture(Math.max(0, before - cache.estimatedSize()));
    }

    private static String cacheKey(String cacheId, String key) {
        return cacheId + "\n" + key;
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public void close() {
        buckets.invalidateAll();
        cache.invalidateAll();
    }
}
