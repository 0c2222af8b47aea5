package dev.tollgate.dataplane.limits;

import dev.tollgate.ir.GatewayConfig;
import dev.tollgate.ir.ProtocolType;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open WebSocket connections, for the {@code @connections} API: each replica holds its own
 * connections; with the Gateway's Redis, every connection is also registered there (owner replica,
 * {@code connectedAt}, source IP, {@code lastActiveAt}, rewritten every heartbeat, {@link
 * #DEFAULT_HEARTBEAT} unless {@link #heartbeat} says otherwise, and expiring {@link #TTL_HEARTBEATS}
 * heartbeats after its replica stops rewriting it), and a message or
 * disconnect for a connection on another replica is published on that replica's channel. The Redis
 * is one server, a Sentinel-managed master or a Redis Cluster, as the Gateway names it. A replica
 * that dies takes its connections with it: their records expire, and a publish nobody receives
 * removes the record at once. Without Redis each replica knows only its own connections.
 *
 * <p>Every method is non-blocking; answers complete on Redis's threads or at once.
 */
public final class Connections implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Connections.class);

    /** How often a replica rewrites its connections' records by default. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(20);

    /** How many heartbeats a record outlives its replica's last rewrite. */
    static final int TTL_HEARTBEATS = 3;

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    /** How soon a first connection to Redis that failed is tried again. */
    private static final Duration RETRY = Duration.ofSeconds(1);

    /** One open connection, held by the replica it is connected to. */
    public interface Local {
        /** The client's address. */
        String sourceIp();

        /** When it was opened (epoch milliseconds). */
        long connectedAtMillis();

        /** When a message last came or went (epoch milliseconds). */
        long lastActiveAtMillis();

        /** Sends {@code message} to the client (from any thread). */
        void send(byte[] message, boolean binary);

        /** Closes the connection (from any thread); its {@code $disconnect} follows. */
        void disconnect();
    }

    /** What the {@code @connections} API's GET answers. */
    public record Info(long connectedAtMillis, String sourceIp, long lastActiveAtMillis) {}

    /** What became of a message posted to a connection. */
    public enum Outcome {
        /** Handed to the connection (here, or to its replica). */
        SENT,
        /** No open connection has that id. */
        GONE,
        /** Redis did not answer: whether the connection exists is unknown. */
        UNAVAILABLE
    }

    private final String replica;
    private final LimitState limits;
    private final ConcurrentMap<String, Local> local = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Shared> shared = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresher;
    private ScheduledFuture<?> heartbeats;
    private volatile long recordTtlMillis;

    /**
     * @param replica this replica's id (unique among the Gateway's replicas)
     * @param limits where each config's Redis endpoint is resolved
     */
    public Connections(String replica, LimitState limits) {
        this.replica = replica;
        this.limits = limits;
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tollgate-ws-registry");
            t.setDaemon(true);
            return t;
        });
        heartbeat(DEFAULT_HEARTBEAT);
    }

    /**
     * Rewrites this replica's records every {@code period} from now on; each expires {@link
     * #TTL_HEARTBEATS} periods after its last rewrite, so a replica that dies loses its connections
     * that long after. Shorter than the default only in tests.
     */
    public synchronized void heartbeat(Duration period) {
        long millis = period.toMillis();
        if (millis < 1) {
            throw new IllegalArgumentException("a heartbeat of at least 1 ms");
        }
        if (heartbeats != null) {
            heartbeats.cancel(false);
        }
        recordTtlMillis = millis * TTL_HEARTBEATS;
        heartbeats = refresher.scheduleAtFixedRate(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * The configs served now: each namespace serving a WebSocket API has its Redis link, (re)made when
     * its endpoint changed; other namespaces open no connection for it.
     */
    public void configs(List<GatewayConfig> configs) {
        Map<String, RedisEndpoint> wanted = new HashMap<>();
        for (GatewayConfig config : configs) {
            if (config.apis().stream().noneMatch(a -> a.protocolType() == ProtocolType.WEBSOCKET)) {
                continue;
            }
            RedisEndpoint endpoint;
            try {
                endpoint = limits.endpointOf(config);
            } catch (RuntimeException e) {
                LOG.warn("{}/Gateway: WebSocket connections stay per replica: {}", config.namespace(), e.getMessage());
                continue;
            }
            if (endpoint != null) {
                wanted.put(config.namespace(), endpoint);
            }
        }
        shared.forEach((namespace, link) -> {
            RedisEndpoint next = wanted.get(namespace);
            // The digest covers the address, the user, the password and the TLS material.
            if (next == null || !next.digest().equals(link.endpoint.digest())) {
                shared.remove(namespace, link);
                link.close();
            }
        });
        wanted.forEach((namespace, endpoint) -> shared.computeIfAbsent(namespace, n -> new Shared(n, endpoint)));
    }

    /** A connection opened on this replica. */
    public void opened(String namespace, String id, Local connection) {
        local.put(namespace + "/" + id, connection);
        Shared link = shared.get(namespace);
        if (link != null) {
            link.register(id, connection);
        }
    }

    /** A connection of this replica closed. */
    public void closed(String namespace, String id) {
        if (local.remove(namespace + "/" + id) == null) {
            return;
        }
        Shared link = shared.get(namespace);
        if (link != null) {
            link.forget(id);
        }
    }

    /** How many connections this replica holds. */
    public int size() {
        return local.size();
    }

    /** Sends {@code message} to the connection, wherever it is connected. */
    public CompletionStage<Outcome> post(String namespace, String id, byte[] message, boolean binary) {
        Local c = local.get(namespace + "/" + id);
        if (c != null) {
            c.send(message, binary);
            return CompletableFuture.completedFuture(Outcome.SENT);
        }
        Shared link = shared.get(namespace);
        if (link == null) {
            return CompletableFuture.completedFuture(Outcome.GONE);
        }
        String payload = (binary ? "B" : "S") + id + "\n" + Base64.getEncoder().encodeToString(message);
        return link.publish(id, payload);
    }

    /** The connection's facts, or null when no open connection has that id. */
    public CompletionStage<Info> info(String namespace, String id) {
        Local c = local.get(namespace + "/" + id);
        if (c != null) {
            return CompletableFuture.completedFuture(
                    new Info(c.connectedAtMillis(), c.sourceIp(), c.lastActiveAtMillis()));
        }
        Shared link = shared.get(namespace);
        return link == null ? CompletableFuture.completedFuture(null) : link.info(id);
    }

    /** Closes the connection, wherever it is connected. */
    public CompletionStage<Outcome> delete(String namespace, String id) {
        Local c = local.get(namespace + "/" + id);
        if (c != null) {
            c.disconnect();
            return CompletableFuture.completedFuture(Outcome.SENT);
        }
        Shared link = shared.get(namespace);
        return link == null ? CompletableFuture.completedFuture(Outcome.GONE) : link.publish(id, "D" + id + "\n");
    }

    private void refresh() {
        shared.forEach((namespace, link) -> {
            String prefix = namespace + "/";
            local.forEach((key, c) -> {
                if (key.startsWith(prefix)) {
                    link.register(key.substring(prefix.length()), c);
                }
            });
        });
    }

    /** A message for one of this replica's connections arrived on its channel. */
    private void delivered(String namespace, String payload) {
        int nl = payload.indexOf('\n');
        if (nl < 1) {
            return;
        }
        char op = payload.charAt(0);
        Local c = local.get(namespace + "/" + payload.substring(1, nl));
        if (c == null) {
            return;
        }
        if (op == 'D') {
            c.disconnect();
            return;
        }
        try {
            c.send(Base64.getDecoder().decode(payload.substring(nl + 1)), op == 'B');
        } catch (IllegalArgumentException e) {
            LOG.debug("{}: undecodable WebSocket delivery dropped", namespace);
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        shared.values().forEach(Shared::close);
        shared.clear();
    }

    /**
     * One namespace's Redis (one server, a Sentinel-managed master or a Cluster): this replica's
     * subscription to its channel and, once that is up, a command connection, so no record is
     * written before the replica can receive what is published for it. A first connection that
     * fails is tried again every {@link #RETRY}; once connected, Lettuce reconnects (and subscribes
     * again) by itself.
     *
     * <p>In a Cluster every command names one key ({@code HSET}, {@code PEXPIRE}, {@code HGET},
     * {@code HGETALL}, {@code DEL} of a record), so each goes to the node owning that key's slot.
     * {@code PUBLISH} and {@code SUBSCRIBE} are classic pub/sub, which a Cluster forwards to every
     * node: the subscriber receives on whichever node it is connected to, with any server version
     * (sharded pub/sub would need Redis 7). Its answer counts only the publishing node's
     * subscribers, so a publish that reached none there asks every node ({@code PUBSUB NUMSUB})
     * before it concludes the owner is gone.
     */
    private final class Shared {
        final String namespace;
        final RedisEndpoint endpoint;
        private final AbstractRedisClient client;
        private volatile StatefulRedisPubSubConnection<String, String> subscription;
        private volatile RedisClusterAsyncCommands<String, String> commands;
        private volatile boolean closed;
        private volatile boolean warned;

        Shared(String namespace, RedisEndpoint endpoint) {
            this.namespace = namespace;
            this.endpoint = endpoint;
            if (endpoint.config().clusterNodes().isEmpty()) {
                RedisClient redis = RedisClient.create();
                redis.setOptions(
                        RedisState.common(ClientOptions.builder(), endpoint).build());
                this.client = redis;
            } else {
                RedisClusterClient cluster = RedisClusterClient.create(endpoint.serverUris(TIMEOUT));
                cluster.setOptions(RedisState.clusterOptions(endpoint));
                this.client = cluster;
            }
            connect();
        }

        private void connect() {
            if (closed) {
                return;
            }
            CompletableFuture<StatefulConnection<String, String>> opened;
            try {
                opened = topology()
                        .thenCompose(loaded -> openSubscription())
                        .thenCompose(sub -> {
                            subscription = sub;
                            sub.addListener(new RedisPubSubAdapter<>() {
                                @Override
                                public void message(String channel, String message) {
                                    delivered(namespace, message);
                                }
                            });
                            return sub.async().subscribe(channel(replica));
                        })
                        .thenCompose(subscribed -> openCommands());
            } catch (RuntimeException e) {
                opened = CompletableFuture.failedFuture(e);
            }
            opened.whenComplete(this::connected);
        }

        /** The Cluster's topology, read before connecting (Lettuce's cluster connections need it). */
        private CompletableFuture<Void> topology() {
            return client instanceof RedisClusterClient cluster
                    ? cluster.refreshPartitionsAsync().toCompletableFuture()
                    : CompletableFuture.completedFuture(null);
        }

        private CompletableFuture<StatefulRedisPubSubConnection<String, String>> openSubscription() {
            if (client instanceof RedisClusterClient cluster) {
                return cluster.connectPubSubAsync(StringCodec.UTF8).thenApply(sub -> sub);
            }
            return ((RedisClient) client)
                    .connectPubSubAsync(StringCodec.UTF8, uri())
                    .toCompletableFuture();
        }

        private CompletableFuture<StatefulConnection<String, String>> openCommands() {
            if (client instanceof RedisClusterClient cluster) {
                return cluster.connectAsync(StringCodec.UTF8).thenApply(c -> c);
            }
            return ((RedisClient) client)
                    .connectAsync(StringCodec.UTF8, uri())
                    .toCompletableFuture()
                    .thenApply(c -> c);
        }

        private RedisURI uri() {
            return endpoint.config().sentinel() != null
                    ? endpoint.sentinelUri(TIMEOUT)
                    : endpoint.serverUris(TIMEOUT).get(0);
        }

        private void connected(StatefulConnection<String, String> opened, Throwable error) {
            if (error == null && !closed) {
                commands = opened instanceof StatefulRedisClusterConnection<String, String> cluster
                        ? cluster.async()
                        : ((StatefulRedisConnection<String, String>) opened).async();
                if (warned) {
                    LOG.info(
                            "{}/Gateway: WebSocket delivery across replicas is on: Redis {}",
                            namespace,
                            endpoint.description());
                }
                // Connections opened before the link was up.
                later(Connections.this::refresh, 0);
                return;
            }
            if (opened != null) {
                opened.closeAsync();
            }
            StatefulRedisPubSubConnection<String, String> sub = subscription;
            subscription = null;
            if (sub != null) {
                sub.closeAsync();
            }
            if (closed) {
                return;
            }
            if (!warned) {
                warned = true;
                Throwable cause =
                        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                LOG.warn(
                        "{}/Gateway: WebSocket delivery across replicas is off until Redis {} answers: {}",
                        namespace,
                        endpoint.description(),
                        cause.toString());
            }
            later(this::connect, RETRY.toMillis());
        }

        private void later(Runnable task, long delayMillis) {
            try {
                refresher.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // The registry is closing.
            }
        }

        private String record(String id) {
            return "tollgate:" + namespace + ":ws:conn:" + id;
        }

        private String channel(String owner) {
            return "tollgate:" + namespace + ":ws:replica:" + owner;
        }

        void register(String id, Local c) {
            RedisClusterAsyncCommands<String, String> redis = commands;
            if (redis == null) {
                return;
            }
            Map<String, String> fields = new HashMap<>();
            fields.put("replica", replica);
            fields.put("connectedAt", Long.toString(c.connectedAtMillis()));
            fields.put("sourceIp", c.sourceIp());
            fields.put("lastActiveAt", Long.toString(c.lastActiveAtMillis()));
            redis.hset(record(id), fields);
            redis.pexpire(record(id), recordTtlMillis);
        }

        void forget(String id) {
            RedisClusterAsyncCommands<String, String> redis = commands;
            if (redis != null) {
                redis.del(record(id));
            }
        }

        CompletionStage<Outcome> publish(String id, String payload) {
            RedisClusterAsyncCommands<String, String> redis = commands;
            if (redis == null) {
                return CompletableFuture.completedFuture(Outcome.UNAVAILABLE);
            }
            return redis.hget(record(id), "replica")
                    .thenCompose(owner -> {
                        if (owner == null) {
                            return CompletableFuture.completedFuture(Outcome.GONE);
                        }
                        String channel = channel(owner);
                        return redis.publish(channel, payload)
                                .thenCompose(receivers -> receivers != null && receivers > 0
                                        ? CompletableFuture.completedFuture(true)
                                        : subscribedElsewhere(redis, channel))
                                .thenApply(received -> {
                                    if (!received) {
                                        // Its replica is gone: so is the connection.
                                        redis.del(record(id));
                                        return Outcome.GONE;
                                    }
                                    return Outcome.SENT;
                                });
                    })
                    .exceptionally(error -> Outcome.UNAVAILABLE);
        }

        /**
         * Whether another node of a Cluster has a subscriber on {@code channel} (one server has no
         * other node). A node that does not answer may hold it: then the owner is not taken for gone.
         */
        private CompletionStage<Boolean> subscribedElsewhere(
                RedisClusterAsyncCommands<String, String> redis, String channel) {
            if (!(redis instanceof RedisAdvancedClusterAsyncCommands<String, String> cluster)) {
                return CompletableFuture.completedFuture(false);
            }
            CompletableFuture<Map<String, Long>>[] counts =
                    cluster.all().commands().pubsubNumsub(channel).futures();
            return CompletableFuture.allOf(counts).handle((all, error) -> {
                boolean unknown = false;
                for (CompletableFuture<Map<String, Long>> count : counts) {
                    Map<String, Long> answer = count.isCompletedExceptionally() ? null : count.getNow(null);
                    if (answer == null) {
                        unknown = true;
                    } else if (answer.getOrDefault(channel, 0L) > 0) {
                        return true;
                    }
                }
                return unknown;
            });
        }

        CompletionStage<Info> info(String id) {
            RedisClusterAsyncCommands<String, String> redis = commands;
            if (redis == null) {
                return CompletableFuture.completedFuture(null);
            }
            return redis.hgetall(record(id)).thenApply(fields -> {
                if (fields == null || fields.isEmpty() || !fields.containsKey("connectedAt")) {
                    return null;
                }
                try {
                    return new Info(
                            Long.parseLong(fields.get("connectedAt")),
                            fields.get("sourceIp"),
                            Long.parseLong(fields.getOrDefault("lastActiveAt", fields.get("connectedAt"))));
                } catch (NumberFormatException e) {
                    return null;
                }
            });
        }

        void close() {
            closed = true;
            commands = null;
            client.shutdownAsync(0, 2, TimeUnit.SECONDS);
        }
    }
}
