package dev.tollgate.ir;

import java.util.Objects;

/**
 * The Redis the replicas share throttles, quotas and the cache through.
 *
 * @param url {@code redis://host:port[/db]} or {@code rediss://...}, without credentials
 * @param failOpen true: while Redis is unreachable limits let requests through and the cache is
 *     bypassed; false: limited requests are refused with 503 until Redis is back
 */
public record RedisConfig(String url, boolean failOpen) {
    public RedisConfig {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new IllegalArgumentException("not a redis:// URL");
        }
    }
}
