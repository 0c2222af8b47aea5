package dev.tollgate.ir;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The Redis the replicas share throttles, quotas and the cache through: exactly one of a server
 * ({@code url}), a Sentinel-managed master ({@code sentinel}) or a Redis Cluster ({@code
 * clusterNodes}). Credentials are Secret references the data plane resolves; none is held here.
 *
 * @param url {@code redis://host:port[/db]} or {@code rediss://...} without credentials, or null
 * @param sentinel the sentinels and master name, or null
 * @param clusterNodes seed nodes of a Redis Cluster ({@code redis[s]://host:port}, one scheme), or empty
 * @param username the ACL user to authenticate as, or null for the default user
 * @param password the password sent with AUTH, or null when Redis asks for none
 * @param tls CA bundle and client certificate for TLS, or null (the default trust store, no client
 *     certificate); only with {@code rediss://}
 * @param failOpen true: while Redis is unreachable limits let requests through and the cache is
 *     bypassed; false: limited requests are refused with 503 until Redis is back. Refused credentials
 *     or certificates refuse limited requests either way
 */
public record RedisConfig(
        @JsonInclude(JsonInclude.Include.NON_NULL) String url,
        @JsonInclude(JsonInclude.Include.NON_NULL) RedisSentinelConfig sentinel,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> clusterNodes,
        @JsonInclude(JsonInclude.Include.NON_NULL) String username,
        @JsonInclude(JsonInclude.Include.NON_NULL) SecretValueConfig password,
        @JsonInclude(JsonInclude.Include.NON_NULL) RedisTlsConfig tls,
        boolean failOpen) {
    public RedisConfig {
        clusterNodes = Ir.list(clusterNodes);
        int kinds = (url != null ? 1 : 0) + (sentinel != null ? 1 : 0) + (clusterNodes.isEmpty() ? 0 : 1);
        if (kinds != 1) {
            throw new IllegalArgumentException("exactly one of url, sentinel or clusterNodes");
        }
        for (String u : addresses(url, sentinel, clusterNodes)) {
            if (!u.startsWith("redis://") && !u.startsWith("rediss://")) {
                throw new IllegalArgumentException("not a redis:// URL");
            }
        }
    }

    /** One server, no credentials, no TLS material. */
    public RedisConfig(String url, boolean failOpen) {
        this(url, null, List.of(), null, null, null, failOpen);
    }

    /** Whether the connections speak TLS ({@code rediss://}). */
    @JsonIgnore
    public boolean usesTls() {
        return addresses(url, sentinel, clusterNodes).get(0).startsWith("rediss://");
    }

    private static List<String> addresses(String url, RedisSentinelConfig sentinel, List<String> clusterNodes) {
        if (url != null) {
            return List.of(url);
        }
        return sentinel != null ? sentinel.nodes() : clusterNodes;
    }
}
