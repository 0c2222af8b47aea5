package dev.tollgate.dataplane.testing;

import dev.tollgate.dataplane.limits.SharedState;
import dev.tollgate.ir.ThrottleConfig;
import java.net.ConnectException;
import java.util.concurrent.CompletableFuture;

/**
 * A limit store that cannot be reached, as a Redis that is down looks to the steps: every read
 * fails (from another thread, after a hop), every write is lost.
 */
public final class FailingState implements SharedState {
    private static <T> CompletableFuture<T> unreachable() {
        return CompletableFuture.supplyAsync(() -> {
            throw new IllegalStateException("store unreachable", new ConnectException("refused"));
        });
    }

    @Override
    public CompletableFuture<Boolean> tryConsume(String bucketId, ThrottleConfig limit) {
        return unreachable();
    }

    @Override
    public CompletableFuture<Long> increment(String counterId, long expiresAtEpochSecond) {
        return unreachable();
    }

    @Override
    public CompletableFuture<Long> read(String counterId) {
        return unreachable();
    }

    @Override
    public CompletableFuture<byte[]> cacheGet(String cacheId, int sizeMb, String key) {
        return unreachable();
    }

    @Override
    public void cachePut(String cacheId, int sizeMb, String key, byte[] value, int ttlSeconds) {}

    @Override
    public void cacheInvalidate(String cacheId, int sizeMb, String key) {}

    @Override
    public CompletableFuture<Long> cacheFlush(String cacheId) {
        return CompletableFuture.failedFuture(new IllegalStateException("state is down"));
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public void close() {}
}
