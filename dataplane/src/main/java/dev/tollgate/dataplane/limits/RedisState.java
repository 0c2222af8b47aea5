package dev.tollgate.dataplane.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tollgate.ir.ThrottleConfig;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State in a Redis shared by every replica: token buckets (one Lua script per batch of takes,
 * refilled by Redis' clock), quota counters ({@code INCRBY} with {@code EXPIREAT}, batched) and
 * cached responses ({@code SET EX}). Buckets are not Bucket4j's Lettuce proxies: those
 * compare-and-swap (GET, then a CAS script, retried on conflict), and on a bucket every request
 * hits they measured 0.09 of the plain route's requests/s in bench/limits (0.36–0.48 with
 * Bucket4j's batching); the local state still uses Bucket4j. Only Lettuce's async API is used, so no caller thread waits;
 * its own event loops run the I/O.
 *
 * <p>Outages: commands fail at once while disconnected (never queued), and after a 1 s timeout
 * otherwise; the caller applies its failure mode. Lettuce reconnects by itself once connected; a
 * first connection that fails is retried on use, at most once a second.
 */
public final class RedisState implements SharedState {
    private static final Logger LOG = LoggerFactory.getLogger(RedisState.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final String PREFIX = "tollgate:";
    /** Refills by elapsed time (Redis TIME, microseconds), grants up to ARGV[3] tokens, returns how many. */
    private static final String TAKE = "local t = redis.call('TIME')\n"
            + "local now = tonumber(t[1]) * 1000000 + tonumber(t[2])\n"
            + "local rate = tonumber(ARGV[1])\n"
            + "local burst = tonumber(ARGV[2])\n"
            + "local s = redis.call('HMGET', KEYS[1], 'tokens', 'ts')\n"
            + "local tokens = tonumber(s[1])\n"
            + "local ts = tonumber(s[2])\n"
            + "if tokens == nil or ts == nil then tokens = burst; ts = now end\n"
            + "if now > ts then tokens = math.min(burst, tokens + (now - ts) * rate / 1000000); ts = now end\n"
            + "local granted = math.min(tonumber(ARGV[3]), math.floor(tokens))\n"
            + "tokens = tokens - granted\n"
            + "redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'ts', string.format('%d', ts))\n"
            + "redis.call('PEXPIRE', KEYS[1], ARGV[4])\n"
            + "return granted";

    private static final String INCREMENT = "local v = redis.call('INCRBY', KEYS[1], ARGV[1])\n"
            + "if v == tonumber(ARGV[1]) then redis.call('EXPIREAT', KEYS[1], ARGV[2]) end\n"
            + "return v";

    private final String url;
    private final ClientResources resources;
    private final RedisClient client;
    private final AtomicReference<Connected> connected = new AtomicReference<>();
    private volatile boolean reachedOnce;
    private final AtomicBoolean connecting = new AtomicBoolean();
    private final AtomicLong nextAttemptNanos = new AtomicLong(System.nanoTime());
    private final Cache<String, BatchedCounter> counters = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();
    private final Cache<String, BatchedBucket> buckets = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();
    private volatile boolean closed;

    private record Connected(
            StatefulRedisConnection<byte[], byte[]> connection, RedisAsyncCommands<byte[], byte[]> commands) {}

    /** Connects in the background; calls before the connection is up fail (the failure mode applies). */
    public RedisState(String url) {
        this.url = url;
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(TIMEOUT);
        // Reconnect attempts back off up to 1 s, so recovery after an outage takes about a second.
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(
                        Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
                .build());
        connectSoon();
    }

    private void connectSoon() {
        if (closed || connected.get() != null || !connecting.compareAndSet(false, true)) {
            return;
        }
        long now = System.nanoTime();
        if (now - nextAttemptNanos.get() < 0) {
            connecting.set(false);
            return;
        }
        nextAttemptNanos.set(now + TimeUnit.SECONDS.toNanos(1));
        client.connectAsync(ByteArrayCodec.INSTANCE, RedisURI.create(url)).whenComplete((conn, error) -> {
            connecting.set(false);
            if (error != null) {
                LOG.warn("Redis {} unreachable: {}", safeUrl(), error.getMessage());
                return;
            }
            if (closed) {
                conn.closeAsync();
                return;
            }
            conn.setTimeout(TIMEOUT);
            RedisAsyncCommands<byte[], byte[]> commands = conn.async();
            connected.set(new Connected(conn, commands));
            reachedOnce = true;
            LOG.info("connected to Redis {}", safeUrl());
        });
    }

    /** Whether this Redis was connected at least once; asks for a connection if none is up. */
    boolean reachedOnce() {
        connection();
        return reachedOnce;
    }

    private Connected connection() {
        Connected c = connected.get();
        if (c == null) {
            connectSoon();
        }
        return c;
    }

    private static <T> CompletableFuture<T> unavailable() {
        return CompletableFuture.failedFuture(new IllegalStateException("Redis is not connected"));
    }

    @Override
    public CompletableFuture<Boolean> tryConsume(String bucketId, ThrottleConfig limit) {
        if (limit.refusesAll()) {
            return CompletableFuture.completedFuture(false);
        }
        Connected c = connection();
        if (c == null) {
            return unavailable();
        }
        return buckets.get(bucketId, id -> new BatchedBucket(id, limit)).submit(c);
    }

    /**
     * One token bucket in Redis, refilled by Redis' own clock (so replicas agree on time) in one
     * Lua script. Takes of one bucket while one is in flight are sent together: the script grants
     * as many of them as there are tokens, in arrival order.
     */
    private final class BatchedBucket extends Batched<Boolean> {
        private final byte[][] keys;
        private final byte[] rate;
        private final byte[] burst;
        private final byte[] ttlMillis;

        BatchedBucket(String id, ThrottleConfig limit) {
            this.keys = new byte[][] {(PREFIX + "b:" + id).getBytes(StandardCharsets.UTF_8)};
            this.rate = Double.toString(limit.rateLimit()).getBytes(StandardCharsets.US_ASCII);
            this.burst = Long.toString(limit.burstLimit()).getBytes(StandardCharsets.US_ASCII);
            // Kept until it would be full again (then it is the same as absent), plus a second.
            double refillSeconds = limit.burstLimit() / limit.rateLimit();
            long ttl = (long) Math.min(86_400_000d, refillSeconds * 1000) + 1000;
            this.ttlMillis = Long.toString(ttl).getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        CompletionStage<Long> call(Connected c, byte[] n) {
            return c.commands().<Long>eval(TAKE, ScriptOutputType.INTEGER, keys, rate, burst, n, ttlMillis);
        }

        /** The script answers how many of the batch it granted; they go to the first callers. */
        @Override
        Boolean result(long granted, int index, int size) {
            return index < granted;
        }
    }

    /**
     * Coalesces the calls on one Redis key: while one script call is in flight, later callers queue
     * and go out together in the next call, so a hot key costs one round trip per batch, not per
     * request. Callers are answered in arrival order from the script's one answer.
     */
    private abstract class Batched<T> {
        private List<CompletableFuture<T>> waiting = new ArrayList<>();
        private boolean inFlight;

        /** The script call for a batch of {@code n} callers. */
        abstract CompletionStage<Long> call(Connected c, byte[] n);

        /** What the caller at {@code index} of a batch of {@code size} gets from the answer. */
        abstract T result(long answer, int index, int size);

        CompletableFuture<T> submit(Connected c) {
            CompletableFuture<T> mine = new CompletableFuture<>();
            synchronized (this) {
                waiting.add(mine);
                if (inFlight) {
                    return mine;
                }
                inFlight = true;
            }
            send(c);
            return mine;
        }

        private void send(Connected c) {
            List<CompletableFuture<T>> batch;
            synchronized (this) {
                batch = waiting;
                waiting = new ArrayList<>();
            }
            byte[] n = Integer.toString(batch.size()).getBytes(StandardCharsets.US_ASCII);
            call(c, n)
                    .toCompletableFuture()
                    .orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((answer, error) -> {
                        for (int i = 0; i < batch.size(); i++) {
                            if (error != null) {
                                batch.get(i).completeExceptionally(error);
                            } else {
                                batch.get(i).complete(result(answer, i, batch.size()));
                            }
                        }
                        boolean more;
                        synchronized (this) {
                            more = !waiting.isEmpty();
                            inFlight = more;
                        }
                        if (more) {
                            Connected now = connected.get();
                            if (now == null) {
                                failWaiting();
                            } else {
                                send(now);
                            }
                        }
                    });
        }

        private void failWaiting() {
            List<CompletableFuture<T>> batch;
            synchronized (this) {
                batch = waiting;
                waiting = new ArrayList<>();
                inFlight = false;
            }
            batch.forEach(f -> f.completeExceptionally(new IllegalStateException("Redis is not connected")));
        }
    }

    @Override
    public CompletableFuture<Long> increment(String counterId, long expiresAtEpochSecond) {
        Connected c = connection();
        if (c == null) {
            return unavailable();
        }
        return counters.get(counterId, id -> new BatchedCounter(id, expiresAtEpochSecond))
                .submit(c);
    }

    /**
     * Increments of one counter while one is in flight are sent together as one {@code INCRBY n};
     * each waiting caller gets the value it would have had with its own {@code INCR}, so a hot
     * quota costs Redis one command per round trip, not one per request.
     */
    private final class BatchedCounter extends Batched<Long> {
        private final byte[][] keys;
        private final byte[] expiresAt;

        BatchedCounter(String id, long expiresAtEpochSecond) {
            this.keys = new byte[][] {(PREFIX + "q:" + id).getBytes(StandardCharsets.UTF_8)};
            this.expiresAt = Long.toString(expiresAtEpochSecond).getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        CompletionStage<Long> call(Connected c, byte[] n) {
            return c.commands().<Long>eval(INCREMENT, ScriptOutputType.INTEGER, keys, n, expiresAt);
        }

        /** The script answers the total after the batch; each caller gets the count it made. */
        @Override
        Long result(long total, int index, int size) {
            return total - size + 1 + index;
        }
    }

    @Override
    public CompletableFuture<Long> read(String counterId) {
        Connected c = connection();
        if (c == null) {
            return unavailable();
        }
        return c.commands()
                .get((PREFIX + "q:" + counterId).getBytes(StandardCharsets.UTF_8))
                .toCompletableFuture()
                .thenApply(v -> v == null ? 0L : Long.parseLong(new String(v, StandardCharsets.US_ASCII)));
    }

    @Override
    public CompletableFuture<byte[]> cacheGet(String cacheId, int sizeMb, String key) {
        Connected c = connection();
        if (c == null) {
            return unavailable();
        }
        return c.commands().get(cacheKey(cacheId, key)).toCompletableFuture();
    }

    @Override
    public void cachePut(String cacheId, int sizeMb, String key, byte[] value, int ttlSeconds) {
        Connected c = connection();
        if (c != null) {
            c.commands().set(cacheKey(cacheId, key), value, SetArgs.Builder.ex(ttlSeconds));
        }
    }

    @Override
    public void cacheInvalidate(String cacheId, int sizeMb, String key) {
        Connected c = connection();
        if (c != null) {
            c.commands().del(cacheKey(cacheId, key));
        }
    }

    private static byte[] cacheKey(String cacheId, String key) {
        return (PREFIX + "c:" + cacheId + "|" + key).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean shared() {
        return true;
    }

    /** The URL without any credentials, for logs. */
    String safeUrl() {
        return url.replaceFirst("//[^/@]*@", "//***@");
    }

    @Override
    public void close() {
        closed = true;
        Connected c = connected.getAndSet(null);
        if (c != null) {
            c.connection().close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
