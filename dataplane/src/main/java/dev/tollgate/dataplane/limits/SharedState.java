package dev.tollgate.dataplane.limits;

import dev.tollgate.ir.ThrottleConfig;
import java.util.concurrent.CompletableFuture;

/**
 * Where buckets, quota counters and cached responses live. Every call is non-blocking: it returns
 * a future that completes off the caller's thread (Redis) or at once (local). A future that
 * completes exceptionally means the store is unreachable; the caller applies the failure mode.
 */
public interface SharedState extends AutoCloseable {

    /**
     * Takes one token from the bucket {@code bucketId} shaped by {@code limit}; true when taken.
     * The id names the limit too (see {@link #bucketId}), so a changed limit starts a fresh bucket
     * and an unchanged one keeps its tokens across reloads.
     */
    CompletableFuture<Boolean> tryConsume(String bucketId, ThrottleConfig limit);

    /** The id of the bucket of {@code owner} (a stable IR id) with {@code limit}; computed once, off the request path. */
    static String bucketId(String owner, ThrottleConfig limit) {
        return owner + "|" + limit.rateLimit() + "|" + limit.burstLimit();
    }

    /** The bucket id of a method's stage or method throttle: the route's, with the limit's shape. */
    static String stageBucketId(String namespace, String routeId, ThrottleConfig limit) {
        return bucketId(namespace + "/" + routeId, limit);
    }

    /**
     * Adds one to the counter {@code counterId} and returns its new value; the counter disappears
     * at {@code expiresAtEpochSecond}.
     */
    CompletableFuture<Long> increment(String counterId, long expiresAtEpochSecond);

    /**
     * Whether {@link #check} checks a request's limits in one call now (a standalone Redis, while
     * connected); otherwise callers check them one by one with {@link #tryConsume} and {@link
     * #increment}.
     */
    default boolean checksAtOnce() {
        return false;
    }

    /**
     * Checks a request's limits in one call, where {@link #checksAtOnce} says so: one of the
     * outcomes of {@link LimitChecks}, and the same state consumed as checking them one by one. A
     * future that completes exceptionally means none was checked; the caller applies the failure
     * mode.
     */
    default CompletableFuture<Integer> check(LimitChecks checks) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("limits are checked one by one"));
    }

    /** The counter's value, 0 when absent. */
    CompletableFuture<Long> read(String counterId);

    /** A cached response of the stage cache {@code cacheId}, or null on a miss. */
    CompletableFuture<byte[]> cacheGet(String cacheId, int sizeMb, String key);

    /** Caches a response for {@code ttlSeconds}; best effort, failures are ignored. */
    void cachePut(String cacheId, int sizeMb, String key, byte[] value, int ttlSeconds);

    /** Drops a cached response; best effort. */
    void cacheInvalidate(String cacheId, int sizeMb, String key);

    /** Drops every cached response of the stage cache {@code cacheId}; completes with how many went. */
    CompletableFuture<Long> cacheFlush(String cacheId);

    /** Whether this state is shared with other replicas. */
    boolean shared();

    @Override
    void close();
}
