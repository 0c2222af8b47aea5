package dev.tollgate.dataplane.limits;

import dev.tollgate.dataplane.tls.KeyMaterial;
import dev.tollgate.ir.GatewayConfig;
import dev.tollgate.ir.RedisConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * The process-wide owner of limit and cache state; outlives every runtime, so a reload keeps
 * buckets, quotas and caches. A config whose Gateway names a Redis (or every config, when a Redis
 * URL is given on the command line) gets that Redis' state, one per namespace (each namespace's
 * Gateway has its own credentials); the others share one local state.
 *
 * <p>Credentials and TLS material are read from the key material of the latest {@link #keys} call,
 * never from the IR; a changed value reconnects that namespace's Redis with it, making the new
 * connection before breaking the old one.
 */
public final class LimitState implements AutoCloseable {
    private final RedisConfig defaultRedis;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Supplier<RedisLoops> loops;
    private final LocalState local;
    private final ConcurrentMap<String, Resolved> redis = new ConcurrentHashMap<>();
    private volatile KeyMaterial keys = KeyMaterial.NONE;

    /** A namespace's Redis state and what it was last resolved from (the same objects: no new resolve). */
    private record Resolved(RedisConfig config, KeyMaterial keys, RedisState state) {}

    /**
     * @param defaultRedisUrl the Redis of configs that name none (local mode's {@code --redis}), or null
     * @param clock the clock quota periods are read from
     * @param registry where the Redis connections' meters go
     * @param loops the event loops Redis connections run on (the gateway's), asked for only when a
     *     config names a Redis (a gateway without one loads none of Lettuce); null from it means
     *     Lettuce's own
     */
    public LimitState(String defaultRedisUrl, Clock clock, MeterRegistry registry, Supplier<RedisLoops> loops) {
        this.defaultRedis = defaultRedisUrl == null ? null : new RedisConfig(defaultRedisUrl, true);
        this.clock = clock;
        this.registry = registry;
        this.loops = loops;
        this.local = new LocalState(clock);
    }

    /** As {@link #LimitState(String, Clock, MeterRegistry, Supplier)}, on Lettuce's own event loops. */
    public LimitState(String defaultRedisUrl, Clock clock, MeterRegistry registry) {
        this(defaultRedisUrl, clock, registry, () -> null);
    }

    /** As {@link #LimitState(String, Clock, MeterRegistry)}, with meters nobody reads. */
    public LimitState(String defaultRedisUrl, Clock clock) {
        this(defaultRedisUrl, clock, new SimpleMeterRegistry());
    }

    /** The Secret values Redis credentials and certificates are read from, from the next config on. */
    public void keys(KeyMaterial material) {
        this.keys = material == null ? KeyMaterial.NONE : material;
    }

    /** The state a config's limits and caches use. */
    public SharedState forConfig(GatewayConfig config) {
        RedisState state = redisOf(config);
        return state == null ? local : state;
    }

    private RedisState redisOf(GatewayConfig config) {
        RedisConfig settings = config.redis() != null ? config.redis() : defaultRedis;
        if (settings == null) {
            return null;
        }
        KeyMaterial material = keys;
        Resolved known = redis.get(config.namespace());
        if (known != null && known.config() == settings && known.keys() == material) {
            return known.state();
        }
        Resolved next = redis.compute(config.namespace(), (namespace, old) -> {
            RedisEndpoint endpoint = RedisEndpoint.resolve(namespace, settings, material);
            if (old == null) {
                return new Resolved(settings, material, new RedisState(namespace, endpoint, registry, loops.get()));
            }
            old.state().use(endpoint);
            return new Resolved(settings, material, old.state());
        });
        return next.state();
    }

    /**
     * Whether a config's limits let requests through while its Redis is unreachable. Never when Redis
     * refuses the gateway: see {@link SharedStateRefusedException}.
     */
    public boolean failOpen(GatewayConfig config) {
        return config.redis() == null || config.redis().failOpen();
    }

    /**
     * Whether the configs' shared state can be relied on: no Redis refuses its credentials,
     * permissions or certificates (in any failure mode), and every fail-closed Redis has been reached
     * at least once (fail-open and local state need nothing). Asking starts a connection where none
     * is under way.
     */
    public boolean sharedStateReady(List<GatewayConfig> configs) {
        for (GatewayConfig config : configs) {
            RedisState state = redisOf(config);
            if (state == null) {
                continue;
            }
            if (state.problem() != null || (!failOpen(config) && !state.reachedOnce())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Why the config's Redis refuses this gateway (refused credentials, permissions or certificates,
     * or a missing Secret value), or null when it does not; never holds a credential.
     */
    public String problem(GatewayConfig config) {
        RedisState state = redisOf(config);
        return state == null ? null : state.problem();
    }

    /** The Redis endpoint a config's shared state uses (its Gateway's, else the default), or null for none. */
    RedisEndpoint endpointOf(GatewayConfig config) {
        RedisConfig settings = config.redis() != null ? config.redis() : defaultRedis;
        return settings == null ? null : RedisEndpoint.resolve(config.namespace(), settings, keys);
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        List<Resolved> all = new ArrayList<>(redis.values());
        redis.clear();
        all.forEach(r -> r.state().close());
        local.close();
    }
}
