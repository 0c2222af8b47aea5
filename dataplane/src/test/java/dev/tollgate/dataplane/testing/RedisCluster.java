package dev.tollgate.dataplane.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis Cluster of three masters (no replicas) made of real {@code redis-server} processes on
 * 127.0.0.1, formed the way {@code redis-cli --cluster create} forms one but with the commands sent
 * by the test (no redis-cli needed): each node gets a third of the 16384 slots, the nodes meet, and
 * the cluster is awaited until every node says {@code cluster_state:ok}.
 */
public final class RedisCluster implements AutoCloseable {
    /** Hash slots of a Redis Cluster. */
    public static final int SLOTS = 16384;

    private final List<RedisServer> nodes;

    private RedisCluster(List<RedisServer> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /** Starts three masters and forms the cluster. */
    public static RedisCluster start() throws Exception {
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(RedisServer.startClusterNode());
            }
            for (int i = 0; i < 3; i++) {
                int from = i * SLOTS / 3;
                int to = (i + 1) * SLOTS / 3;
                List<String> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
                for (int slot = from; slot < to; slot++) {
                    command.add(Integer.toString(slot));
                }
                nodes.get(i).call(command.toArray(String[]::new));
            }
            for (int i = 1; i < 3; i++) {
                nodes.get(0)
                        .call(
                                "CLUSTER",
                                "MEET",
                                "127.0.0.1",
                                Integer.toString(nodes.get(i).port()));
            }
            RedisCluster cluster = new RedisCluster(nodes);
            Await.until("every node says cluster_state:ok and knows 3 nodes", cluster::healthy);
            return cluster;
        } catch (Exception | Error e) {
            nodes.forEach(RedisServer::close);
            throw e;
        }
    }

    private boolean healthy() {
        for (RedisServer node : nodes) {
            try {
                String info = String.valueOf(node.call("CLUSTER", "INFO"));
                if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:3")) {
                    return false;
                }
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
        return true;
    }

    public List<RedisServer> nodes() {
        return nodes;
    }

    /** The node owning {@code slot}, as that node itself says. */
    public RedisServer owner(int slot) throws IOException {
        for (RedisServer node : nodes) {
            for (String line : String.valueOf(node.call("CLUSTER", "NODES")).split("\n")) {
                if (line.contains("myself") && owns(line, slot)) {
                    return node;
                }
            }
        }
        throw new IllegalStateException("no node owns slot " + slot);
    }

    /** The cluster id of {@code node}. */
    public static String id(RedisServer node) throws IOException {
        return String.valueOf(node.call("CLUSTER", "MYID"));
    }

    private static boolean owns(String nodesLine, int slot) {
        String[] fields = nodesLine.trim().split(" ");
        for (int i = 8; i < fields.length; i++) {
            if (fields[i].startsWith("[")) {
                continue;
            }
            String[] range = fields[i].split("-");
            int from = Integer.parseInt(range[0]);
            int to = range.length == 1 ? from : Integer.parseInt(range[1]);
            if (slot >= from && slot <= to) {
                return true;
            }
        }
        return false;
    }

    /** The slot of {@code key}, as the cluster computes it. */
    public int slot(String key) throws IOException {
        return ((Long) nodes.get(0).call("CLUSTER", "KEYSLOT", key)).intValue();
    }

    /** The keys matching {@code pattern} on each node, in node order. */
    public List<List<String>> keys(String pattern) throws IOException {
        List<List<String>> out = new ArrayList<>();
        for (RedisServer node : nodes) {
            List<String> keys = new ArrayList<>();
            for (Object k : (List<?>) node.call("KEYS", pattern)) {
                keys.add(String.valueOf(k));
            }
            out.add(keys);
        }
        return out;
    }

    /**
     * Makes (or resets) ACL user {@code name} with {@code password} and the space-separated {@code
     * rule} on every node.
     */
    public void user(String name, String password, String rule) throws IOException {
        for (RedisServer node : nodes) {
            List<String> command = new ArrayList<>(List.of("ACL", "SETUSER", name, "reset", "on", ">" + password));
            command.addAll(List.of(rule.split(" ")));
            node.call(command.toArray(String[]::new));
        }
    }

    /** Empties every node. */
    public void flush() throws IOException {
        for (RedisServer node : nodes) {
            node.call("FLUSHALL");
        }
    }

    /** Seed addresses for a client: {@code redis://127.0.0.1:port} of each node. */
    public List<String> urls() {
        return nodes.stream().map(RedisServer::url).toList();
    }

    @Override
    public void close() {
        nodes.forEach(RedisServer::close);
    }
}
