package dev.tollgate.dataplane.limits;

import dev.tollgate.ir.GatewayConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The process-wide owner of limit and cache state; outlives every runtime, so a reload keeps
 * buckets, quotas and caches. A config whose Gateway names a Redis (or every config, when a Redis
 * URL is given on the command line) gets that Redis' state; the others share one local state.
 */
public final class LimitState implements AutoCloseable {
    private final String defaultRedisUrl;
    private final Clock clock;
    private final LocalState local;
    private final ConcurrentMap<String, RedisState> redis = new ConcurrentHashMap<>();

    /**
     * @param defaultRedisUrl the Redis of configs that name none (local mode's {@code --redis}), or null
     * @param clock the clock quota periods are read from
     */
    public LimitState(String defaultRedisUrl, Clock clock) {
        this.defaultRedisUrl = defaultRedisUrl;
        this.clock = clock;
        this.local = new LocalState(clock);
    }

    /** The state a config's limits and caches use. */
    public SharedState forConfig(GatewayConfig config) {
        String url = config.redis() != null ? config.redis().url() : defaultRedisUrl;
        return url == null ? local : redis.computeIfAbsent(url, RedisState::new);
    }

    /** Whether a config's limits let requests through while its Redis is unreachable. */
    public boolean failOpen(GatewayConfig config) {
        return config.redis() == null || config.redis().failOpen();
    }

    /**
     * Whether every fail-closed config has reached its Redis at least once (fail-open and local
     * state need nothing); asking starts a connection attempt where none is under way.
     */
    public boolean sharedStateReached(List<GatewayConfig> configs) {
        for (GatewayConfig config : configs) {
            if (!failOpen(config) && forConfig(config) instanceof RedisState r && !r.reachedOnce()) {
                return false;
            }
        }
        return true;
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        List<RedisState> all = new ArrayList<>(redis.values());
        redis.clear();
        all.forEach(RedisState::close);
        local.close();
    }
}
