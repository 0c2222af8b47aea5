package dev.tollgate.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A Redis master found through Sentinel.
 *
 * @param masterName the name the sentinels monitor the master by
 * @param nodes the sentinels, each {@code redis://host:port} or {@code rediss://host:port} (one
 *     scheme for all, which also says whether the master and replicas speak TLS), in the order given
 * @param database the database number on the master
 * @param password the sentinels' own password, or null when they ask for none
 */
public record RedisSentinelConfig(
        String masterName,
        List<String> nodes,
        int database,
        @JsonInclude(JsonInclude.Include.NON_NULL) SecretValueConfig password) {
    public RedisSentinelConfig {
        Ir.require(masterName, "masterName");
        nodes = Ir.list(nodes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a sentinel config needs nodes");
        }
        if (database < 0) {
            throw new IllegalArgumentException("database " + database);
        }
    }
}
