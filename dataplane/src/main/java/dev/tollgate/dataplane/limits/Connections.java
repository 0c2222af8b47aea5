package dev.tollgate.dataplane.limits;

import dev.tollgate.ir.GatewayConfig;
import dev.tollgate.ir.ProtocolType;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
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
 * disconnect for a connection on another replica is published on that replica's channel. A replica
 * that dies takes its connections with it: their records expire, and a publish nobody receives
 * removes the record at once. Without Redis, or with a Redis Cluster (not served here), each replica
 * knows only its own connections.
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
            if (endpoint != null && !endpoint.config().clusterNodes().isEmpty()) {
                LOG.warn(
                        "{}/Gateway: WebSocket connections stay per replica: Redis Cluster is not served for them",
                        config.namespace());
                continue;
            }
            if (endpoint != null) {
                wanted.put(config.namespace(), endpoint);
            }
        }
        shared.forEach((namespace, link) -> {
            RedisEndpoint next = wanted.get(namespace);
            if (next == null
                    || !next.config().equals(link.endpoint.config())
                    || !Arrays.equals(next.password(), link.endpoint.password())) {
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

    /** One namespace's Redis: a command connection and this replica's subscription. */
    private final class Shared {
        final String namespace;
        final RedisEndpoint endpoint;
        final RedisClient client;
        final CompletableFuture<StatefulRedisConnection<String, String>> commands;
        final CompletableFuture<StatefulRedisPubSubConnection<String, String>> subscription;

        Shared(String namespace, RedisEndpoint endpoint) {
            this.namespace = namespace;
            this.endpoint = endpoint;
            this.client = RedisClient.create();
            client.setOptions(
                    RedisState.common(ClientOptions.builder(), endpoint).build());
            RedisURI uri = endpoint.config().sentinel() != null
                    ? endpoint.sentinelUri(TIMEOUT)
                    : endpoint.serverUris(TIMEOUT).get(0);
            this.commands = client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
            this.subscription = client.connectPubSubAsync(StringCodec.UTF8, uri).toCompletableFuture();
            subscription.whenComplete((sub, error) -> {
                if (error != null) {
                    LOG.warn(
                            "{}/Gateway: WebSocket delivery from other replicas is off: Redis {}: {}",
                            namespace,
                            endpoint.description(),
                            error.toString());
                    return;
                }
                sub.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        delivered(namespace, message);
                    }
                });
                sub.async().subscribe(channel(replica));
            });
            commands.whenComplete((c, error) -> {
                if (error == null) {
                    // Connections opened before the link was up.
                    refresher.execute(Connections.this::refresh);
                }
            });
        }

        private String record(String id) {
            return "tollgate:" + namespace + ":ws:conn:" + id;
        }

        private String channel(String owner) {
            return "tollgate:" + namespace + ":ws:replica:" + owner;
        }

        private RedisAsyncCommands<String, String> now() {
            StatefulRedisConnection<String, String> c = commands.getNow(null);
            return c == null ? null : c.async();
        }

        void register(String id, Local c) {
            RedisAsyncCommands<String, String> redis = now();
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
            RedisAsyncCommands<String, String> redis = now();
            if (redis != null) {
                redis.del(record(id));
            }
        }

        CompletionStage<Outcome> publish(String id, String payload) {
            RedisAsyncCommands<String, String> redis = now();
            if (redis == null) {
                return CompletableFuture.completedFuture(Outcome.UNAVAILABLE);
            }
            return redis.hget(record(id), "replica")
                    .thenCompose(owner -> {
                        if (owner == null) {
                            return CompletableFuture.completedFuture(Outcome.GONE);
                        }
                        return redis.publish(channel(owner), payload).thenApply(receivers -> {
                            if (receivers == null || receivers == 0) {
                                // Its replica is gone: so is the connection.
                                redis.del(record(id));
                                return Outcome.GONE;
                            }
                            return Outcome.SENT;
                        });
                    })
                    .exceptionally(error -> Outcome.UNAVAILABLE);
        }

        CompletionStage<Info> info(String id) {
            RedisAsyncCommands<String, String> redis = now();
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
            client.shutdownAsync(0, 2, TimeUnit.SECONDS);
        }
    }
}
