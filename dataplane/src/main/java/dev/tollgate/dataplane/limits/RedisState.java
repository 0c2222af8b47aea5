package dev.tollgate.dataplane.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tollgate.ir.ThrottleConfig;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisKeyAsyncCommands;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.api.async.RedisStringAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.event.DefaultEventPublisherOptions;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * State in a Redis shared by every replica: token buckets (one Lua script per batch of takes,
 * refilled by Redis' clock), quota counters ({@code INCRBY} with {@code EXPIREAT}, batched) and
 * cached responses ({@code SET EX}). Buckets are not Bucket4j's Lettuce proxies: those
 * compare-and-swap (GET, then a CAS script, retried on conflict), and on a bucket every request
 * hits they measured 0.09 of the plain route's requests/s in bench/limits (0.36–0.48 with
 * Bucket4j's batching); the local state still uses Bucket4j. Only Lettuce's async API is used, so
 * no caller thread waits. Given the gateway's traffic event loops ({@link RedisLoops}), Lettuce's
 * channels are registered on them, so a call made on a loop is written and answered there;
 * otherwise Lettuce's own two event loops run the I/O. Scripts go by digest ({@code EVALSHA}).
 *
 * <p>One server, a Sentinel-managed master (Lettuce's sentinel URI: each connect and reconnect asks
 * the sentinels where the master is, and a READONLY answer from a demoted master reconnects) or a
 * Redis Cluster (Lettuce's cluster client, which follows MOVED and ASK and refreshes its topology).
 * Every key is one hash tag, {@code {tollgate:...}}, so each script but {@link #CHECK} touches
 * exactly one key and one slot; calls on one key are batched, so in a cluster the batches go to the
 * node owning that key. {@link #CHECK} (a request's plan throttle, quota and stage throttle in one
 * call) touches up to three keys, so it runs on a single server (or Sentinel master) only.
 *
 * <p>Outages: commands fail at once while disconnected (never queued), and after a 1 s timeout
 * otherwise; the caller applies its failure mode. Lettuce reconnects by itself once connected; a
 * first connection that fails is retried every second.
 *
 * <p>Refusals are not outages: a password or ACL user Redis refuses (WRONGPASS, NOAUTH), a missing
 * permission (NOPERM), a server certificate that fails verification, a client certificate the
 * server rejects, or a Secret value that is missing. Then every call fails with {@link
 * SharedStateRefusedException}, whatever the failure mode; {@link #problem} says why (logged at
 * most every 30 s) and connecting is retried every 5 s.
 *
 * <p>New settings ({@link #use}: a rotated password, a renewed certificate, another address) are
 * made before the old connection is broken: the old one serves until the new one is up, then is
 * closed; if the new settings are refused, the old connection is closed too, since what is
 * configured is refused.
 */
public final class RedisState implements SharedState {
    private static final Logger LOG = LoggerFactory.getLogger(RedisState.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final long RETRY_UNREACHABLE_MILLIS = 1000;
    private static final long RETRY_REFUSED_MILLIS = 5000;
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** Refills by elapsed time (Redis TIME, microseconds), grants up to ARGV[3] tokens, returns how many. */
    private static final Script TAKE = Script.of("local t = redis.call('TIME')\n"
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
            + "return granted");

    private static final Script INCREMENT = Script.of("local v = redis.call('INCRBY', KEYS[1], ARGV[1])\n"
            + "if v == tonumber(ARGV[1]) then redis.call('EXPIREAT', KEYS[1], ARGV[2]) end\n"
            + "return v");

    /**
     * A batch of requests' {@link LimitChecks} in one call: ARGV[1] requests, ARGV[2] the checks
     * present in order ({@code p} plan bucket, {@code q} quota, {@code s} stage bucket), one key
     * each, then their arguments (a bucket's rate, burst and time to live; a quota's limit and
     * expiry). Each request in turn takes a token, counts the quota, takes a token, stopping at the
     * first refusal, exactly as {@link #TAKE} and {@link #INCREMENT} called one after the other
     * would; the state is written once. Answers one outcome digit per request.
     */
    private static final Script CHECK = Script.of("local n = tonumber(ARGV[1])\n"
            + "local parts = ARGV[2]\n"
            + "local t = redis.call('TIME')\n"
            + "local now = tonumber(t[1]) * 1000000 + tonumber(t[2])\n"
            + "local checks = {}\n"
            + "local a = 3\n"
            + "for i = 1, #parts do\n"
            + "  local c = {kind = string.sub(parts, i, i), key = KEYS[i]}\n"
            + "  if c.kind == 'q' then\n"
            + "    c.limit = tonumber(ARGV[a]); c.expires = ARGV[a + 1]; a = a + 2\n"
            + "    c.start = tonumber(redis.call('GET', c.key) or '0'); c.count = c.start\n"
            + "  else\n"
            + "    c.rate = tonumber(ARGV[a]); c.burst = tonumber(ARGV[a + 1]); c.ttl = ARGV[a + 2]; a = a + 3\n"
            + "    c.off = c.rate == 0 or c.burst == 0\n"
            + "    if not c.off then\n"
            + "      local s = redis.call('HMGET', c.key, 'tokens', 'ts')\n"
            + "      local tokens = tonumber(s[1])\n"
            + "      local ts = tonumber(s[2])\n"
            + "      if tokens == nil or ts == nil then tokens = c.burst; ts = now end\n"
            + "      if now > ts then tokens = math.min(c.burst, tokens + (now - ts) * c.rate / 1000000); ts = now end\n"
            + "      c.tokens = tokens; c.ts = ts\n"
            + "    end\n"
            + "  end\n"
            + "  checks[i] = c\n"
            + "end\n"
            + "local out = {}\n"
            + "for r = 1, n do\n"
            + "  local code = 0\n"
            + "  for i = 1, #checks do\n"
            + "    local c = checks[i]\n"
            + "    c.reached = true\n"
            + "    if c.kind == 'q' then\n"
            + "      c.count = c.count + 1\n"
            + "      if c.count > c.limit then code = 2; break end\n"
            + "    elseif c.off or c.tokens < 1 then\n"
            + "      if c.kind == 'p' then code = 1 else code = 3 end\n"
            + "      break\n"
            + "    else\n"
            + "      c.tokens = c.tokens - 1\n"
            + "    end\n"
            + "  end\n"
            + "  out[r] = code\n"
            + "end\n"
            + "for i = 1, #checks do\n"
            + "  local c = checks[i]\n"
            + "  if c.reached and not c.off then\n"
            + "    if c.kind == 'q' then\n"
            + "      local v = redis.call('INCRBY', c.key, c.count - c.start)\n"
            + "      if v == c.count - c.start then redis.call('EXPIREAT', c.key, c.expires) end\n"
            + "    else\n"
            + "      redis.call('HSET', c.key, 'tokens', string.format('%.6f', c.tokens), 'ts', string.format('%d', c.ts))\n"
            + "      redis.call('PEXPIRE', c.key, c.ttl)\n"
            + "    end\n"
            + "  end\n"
            + "end\n"
            + "return table.concat(out)");

    /** Run once per new connection: scripts may run and read the gateway's keys. */
    private static final String PROBE = "return redis.call('EXISTS', KEYS[1])";

    private final String name;
    private final ClientResources resources;
    private final Disposable events;
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final ConcurrentHashMap<String, Counter> refusals = new ConcurrentHashMap<>();
    private final Cache<String, BatchedCounter> counters = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();
    private final Cache<String, BatchedBucket> buckets = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();
    private final Cache<LimitChecks, BatchedChecks> checks = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    /** The link of the settings in use: connected, connecting or refused. */
    private Link current;
    /** The link whose connection serves calls: {@link #current} once connected, an older one until then. */
    private volatile Link serving;

    private volatile boolean reachedOnce;
    private volatile boolean closed;
    private long lastLogNanos;
    private String lastLogged;

    /**
     * Connects in the background; calls before the connection is up fail (the failure mode applies).
     *
     * @param name what logs and metrics call it: the namespace whose Gateway names this Redis
     * @param endpoint where and how to connect
     * @param registry where its meters go
     * @param loops the event loops its connections run on, or null for Lettuce's own two
     */
    RedisState(String name, RedisEndpoint endpoint, MeterRegistry registry, RedisLoops loops) {
        this.name = name;
        this.registry = registry;
        // Reconnect attempts back off up to 1 s, so recovery after an outage takes about a second.
        // Lettuce's own command latency histograms (on whenever LatencyUtils is on the class path)
        // wrap and time every command and run a pause detector; nothing reads them here.
        DefaultClientResources.Builder builder = DefaultClientResources.builder();
        if (loops != null) {
            builder.eventLoopGroupProvider(loops);
        } else {
            builder.ioThreadPoolSize(2);
        }
        this.resources = builder.computationThreadPoolSize(2)
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                .commandLatencyPublisherOptions(DefaultEventPublisherOptions.disabled())
                .reconnectDelay(
                        Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        // A reconnect Lettuce makes by itself may be refused (a password changed in Redis): a refusal.
        this.events = resources.eventBus().get().subscribe(event -> {
            if (event instanceof ReconnectFailedEvent failed) {
                RedisRefusal refusal = RedisRefusal.of(failed.getCause());
                Link link = serving;
                if (refusal != null && link != null) {
                    refused(link, refusal.about(link.endpoint.concerning(refusal.reason())));
                }
            }
        });
        meters.add(Gauge.builder("tollgate.redis.up", this, s -> s.up() ? 1 : 0)
                .description("1 while the shared-state Redis is connected and accepts this gateway")
                .tag("namespace", name)
                .register(registry));
        use(endpoint);
    }

    /**
     * Uses these settings from now on: nothing changes when they are the ones in use; otherwise a
     * new connection is made in the background and replaces the current one once it is up.
     */
    synchronized void use(RedisEndpoint endpoint) {
        if (closed || (current != null && current.endpoint.digest().equals(endpoint.digest()))) {
            return;
        }
        Link previous = current;
        current = new Link(endpoint);
        if (previous != null && previous != serving) {
            previous.close();
        }
        if (endpoint.problem() != null) {
            refused(current, new RedisRefusal(RedisRefusal.SECRET, endpoint.problem()));
            return;
        }
        current.connect();
    }

    /** Whether this Redis was connected at least once with the settings in use or earlier ones. */
    boolean reachedOnce() {
        return reachedOnce;
    }

    /** Why Redis refuses this gateway now, or null when it does not. */
    String problem() {
        Link link = current();
        RedisRefusal refusal = link == null ? null : link.refusal;
        return refusal == null ? null : refusal.message();
    }

    /** Whether calls are served by a connection now. */
    boolean up() {
        Link link = serving;
        return link != null && link.commands != null && problem() == null;
    }

    private synchronized Link current() {
        return current;
    }

    /**
     * One set of settings and what it connected: a Lettuce client (its own options carry the TLS
     * material) and, once up and probed, the connection and its commands.
     */
    private final class Link {
        final RedisEndpoint endpoint;
        private AbstractRedisClient client;
        private StatefulConnection<byte[], byte[]> connection;
        volatile Commands commands;
        volatile RedisRefusal refusal;
        private boolean connecting;
        private boolean closed;
        private long lastReconnectNanos = System.nanoTime() - TimeUnit.SECONDS.toNanos(1);

        Link(RedisEndpoint endpoint) {
            this.endpoint = endpoint;
        }

        /** Starts a connection attempt unless one is under way or this link is done. */
        void connect() {
            CompletableFuture<? extends StatefulConnection<byte[], byte[]>> future;
            RuntimeException notOpened = null;
            synchronized (this) {
                if (closed || connecting || commands != null) {
                    return;
                }
                connecting = true;
                try {
                    future = open();
                } catch (RuntimeException e) {
                    connecting = false;
                    future = null;
                    notOpened = e;
                }
            }
            if (notOpened != null) {
                // Outside the link's lock: failed() takes the state's, which is always taken first.
                failed(this, notOpened);
                return;
            }
            future.whenComplete((conn, error) -> {
                if (error != null) {
                    synchronized (this) {
                        connecting = false;
                    }
                    failed(this, error);
                    return;
                }
                Commands c = Commands.of(this, conn);
                c.scripts()
                        .<Long>eval(PROBE, ScriptOutputType.INTEGER, new byte[][] {key("probe", "")})
                        .toCompletableFuture()
                        .orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .whenComplete((answer, probeError) -> {
                            boolean usable;
                            synchronized (this) {
                                connecting = false;
                                usable = probeError == null && !closed;
                                if (usable) {
                                    connection = conn;
                                    commands = c;
                                    refusal = null;
                                }
                            }
                            if (usable) {
                                connected(this);
                            } else {
                                conn.closeAsync();
                                if (probeError != null) {
                                    failed(this, probeError);
                                }
                            }
                        });
            });
        }

        private CompletableFuture<? extends StatefulConnection<byte[], byte[]>> open() {
            if (client != null) {
                client.shutdownAsync(0, 2, TimeUnit.SECONDS);
            }
            if (!endpoint.config().clusterNodes().isEmpty()) {
                RedisClusterClient cluster = RedisClusterClient.create(resources, endpoint.serverUris(TIMEOUT));
                cluster.setOptions(clusterOptions(endpoint));
                client = cluster;
                // The topology is read first: connectAsync needs it loaded.
                return cluster.refreshPartitionsAsync()
                        .toCompletableFuture()
                        .thenCompose(loaded -> cluster.connectAsync(ByteArrayCodec.INSTANCE));
            }
            RedisClient redis = RedisClient.create(resources);
            redis.setOptions(common(ClientOptions.builder(), endpoint).build());
            client = redis;
            // With sentinels, every connect and reconnect asks them for the master: a failover is followed
            // as soon as the dropped connection is made again (at most a second after the promotion).
            // Lettuce's master/replica connection would wait out its 5 s window between sentinel events.
            RedisURI uri = endpoint.config().sentinel() != null
                    ? endpoint.sentinelUri(TIMEOUT)
                    : endpoint.serverUris(TIMEOUT).get(0);
            return redis.connectAsync(ByteArrayCodec.INSTANCE, uri).toCompletableFuture();
        }

        /**
         * Connects anew, at most once a second: the server answered READONLY, so it is a replica now
         * (a failover demoted it, or a Service now points elsewhere), and a new connection finds the
         * master.
         */
        void reconnect() {
            synchronized (this) {
                long now = System.nanoTime();
                if (closed || commands == null || now - lastReconnectNanos < TimeUnit.SECONDS.toNanos(1)) {
                    return;
                }
                lastReconnectNanos = now;
            }
            LOG.warn(
                    "{}/Gateway: Redis {} answered READONLY; reconnecting to find the master",
                    name,
                    endpoint.description());
            disconnect();
            connect();
        }

        /** Drops the connection (a refusal was seen on it); the client stays for the next attempt. */
        void disconnect() {
            StatefulConnection<byte[], byte[]> c;
            synchronized (this) {
                c = connection;
                connection = null;
                commands = null;
            }
            if (c != null) {
                c.closeAsync();
            }
        }

        /** Done for good: the client shuts down, which closes the connection it made. */
        CompletableFuture<Void> close() {
            AbstractRedisClient c;
            synchronized (this) {
                closed = true;
                connection = null;
                commands = null;
                c = client;
            }
            return c == null ? CompletableFuture.completedFuture(null) : c.shutdownAsync(0, 2, TimeUnit.SECONDS);
        }
    }

    /**
     * The options every client gets: reconnect by itself, reject commands while disconnected (never
     * queue them), time commands out after a second, connect within two, and the endpoint's TLS.
     */
    static <B extends ClientOptions.Builder> B common(B builder, RedisEndpoint endpoint) {
        builder.autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
                .socketOptions(
                        SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
                .sslOptions(sslOptions(endpoint));
        return builder;
    }

    /**
     * The options of a cluster client: {@link #common}, and the topology read again every 30 s and
     * whenever a redirection or a lost node says it changed.
     */
    static ClusterClientOptions clusterOptions(RedisEndpoint endpoint) {
        ClusterClientOptions.Builder options = ClusterClientOptions.builder()
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(Duration.ofSeconds(30))
                        .enableAllAdaptiveRefreshTriggers()
                        .build());
        return common(options, endpoint).build();
    }

    private static SslOptions sslOptions(RedisEndpoint endpoint) {
        SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider();
        byte[] ca = endpoint.caBundle();
        if (ca != null) {
            ssl.trustManager(() -> new ByteArrayInputStream(ca));
        }
        byte[] certificate = endpoint.clientCertificate();
        byte[] key = endpoint.clientKey();
        if (certificate != null && key != null) {
            ssl.keyManager(() -> new ByteArrayInputStream(certificate), () -> new ByteArrayInputStream(key), null);
        }
        return ssl.build();
    }

    /** A link connected and passed the probe: it serves from now on, unless newer settings came. */
    private void connected(Link link) {
        Link previous;
        synchronized (this) {
            if (closed || link != current) {
                link.close();
                return;
            }
            previous = serving;
            serving = link;
            reachedOnce = true;
        }
        if (previous != null && previous != link) {
            // Calls already sent on it finish first.
            resources.eventExecutorGroup().schedule(() -> previous.close(), 2, TimeUnit.SECONDS);
        }
        LOG.info("{}/Gateway: connected to Redis {}", name, link.endpoint.description());
    }

    /** A connection attempt failed: a refusal, or an outage retried in a second. */
    private void failed(Link link, Throwable error) {
        RedisRefusal refusal = RedisRefusal.of(error);
        if (refusal != null) {
            refused(link, refusal.about(link.endpoint.concerning(refusal.reason())));
            return;
        }
        synchronized (this) {
            if (closed || link != current) {
                return;
            }
        }
        report(false, "{}/Gateway: Redis {} unreachable: {}", link.endpoint.description(), causes(error));
        retry(link, RETRY_UNREACHABLE_MILLIS);
    }

    /**
     * Redis refused the link's settings: its connection goes; when they are the settings in use, the
     * older serving connection goes too, and calls fail as refused until an attempt succeeds.
     */
    private void refused(Link link, RedisRefusal refusal) {
        Link drop = null;
        synchronized (this) {
            link.refusal = refusal;
            if (closed || link != current) {
                return;
            }
            if (serving != null && serving != link) {
                drop = serving;
            }
            serving = link;
        }
        link.disconnect();
        if (drop != null) {
            drop.close();
        }
        refusals.computeIfAbsent(refusal.reason(), reason -> Counter.builder("tollgate.redis.refusals")
                        .description("Connections or commands the shared-state Redis refused, by reason")
                        .tag("namespace", name)
                        .tag("reason", reason)
                        .register(registry))
                .increment();
        report(
                true,
                "{}/Gateway: {} ({}); limited methods answer 500 and the data plane is not ready until it is fixed",
                refusal.message(),
                link.endpoint.description());
        if (!RedisRefusal.SECRET.equals(refusal.reason())) {
            retry(link, RETRY_REFUSED_MILLIS);
        }
    }

    /** An error and its causes, one line: what failed and why, deepest last. */
    private static String causes(Throwable error) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (Throwable e = error; e != null && depth < 6; e = e.getCause(), depth++) {
            if (depth > 0) {
                out.append(" <- ");
            }
            out.append(e.getClass().getSimpleName()).append(": ").append(e.getMessage());
        }
        return out.toString();
    }

    private void retry(Link link, long delayMillis) {
        if (!closed) {
            resources.eventExecutorGroup().schedule(link::connect, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Logs a problem: at once when it is new, then at most every 30 s. */
    private void report(boolean error, String format, String first, String second) {
        long now = System.nanoTime();
        String text = first + "|" + second;
        synchronized (this) {
            boolean fresh = !text.equals(lastLogged) || now - lastLogNanos > LOG_EVERY_NANOS;
            if (!fresh) {
                LOG.debug(format, name, first, second);
                return;
            }
            lastLogged = text;
            lastLogNanos = now;
        }
        if (error) {
            LOG.error(format, name, first, second);
        } else {
            LOG.warn(format, name, first, second);
        }
    }

    /**
     * The commands of the serving connection; null while none is up (an outage), or a refusal
     * exception when Redis refuses the settings in use.
     */
    private Commands commands() {
        Link link = serving;
        if (link == null) {
            return null;
        }
        return link.commands;
    }

    private RuntimeException refusal() {
        String problem = problem();
        return problem == null ? null : new SharedStateRefusedException(problem);
    }

    private <T> CompletableFuture<T> unavailable() {
        RuntimeException refused = refusal();
        return CompletableFuture.failedFuture(
                refused != null ? refused : new IllegalStateException("Redis is not connected"));
    }

    /**
     * A call's future, with a refusal on it (NOAUTH after a restart without the password, NOPERM
     * after an ACL change) turned into a {@link SharedStateRefusedException} and acted on. Lettuce
     * times the command out after {@link #TIMEOUT} (its timer wheel, checked every 100 ms): no
     * timer of the call's own, whose scheduling would wake a timer thread for most calls.
     */
    private <T> CompletableFuture<T> guarded(Commands c, CompletionStage<T> call) {
        return call.toCompletableFuture().exceptionallyCompose(error -> {
            RedisRefusal refusal = RedisRefusal.of(error);
            if (refusal == null) {
                if (RedisRefusal.readOnly(error)) {
                    c.link().reconnect();
                }
                return CompletableFuture.<T>failedFuture(error);
            }
            refusal = refusal.about(c.link().endpoint.concerning(refusal.reason()));
            refused(c.link(), refusal);
            return CompletableFuture.<T>failedFuture(new SharedStateRefusedException(refusal.message()));
        });
    }

    @Override
    public CompletableFuture<Boolean> tryConsume(String bucketId, ThrottleConfig limit) {
        if (limit.refusesAll()) {
            return CompletableFuture.completedFuture(false);
        }
        Commands c = commands();
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
    private final class BatchedBucket extends Batched<Long, Boolean> {
        private final byte[][] keys;
        private final byte[] rate;
        private final byte[] burst;
        private final byte[] ttlMillis;

        BatchedBucket(String id, ThrottleConfig limit) {
            this.keys = new byte[][] {key("b", id)};
            byte[][] shape = bucketArguments(limit);
            this.rate = shape[0];
            this.burst = shape[1];
            this.ttlMillis = shape[2];
        }

        @Override
        CompletionStage<Long> call(Commands c, byte[] n) {
            return c.run(TAKE, ScriptOutputType.INTEGER, keys, rate, burst, n, ttlMillis);
        }

        /** The script answers how many of the batch it granted; they go to the first callers. */
        @Override
        Boolean result(Long granted, int index, int size) {
            return index < granted;
        }
    }

    /**
     * A bucket's script arguments: its rate, its burst and how long its key is kept (ms). A bucket
     * that refuses all (zero rate or burst) has no time to live: {@link #CHECK} never touches it.
     */
    private static byte[][] bucketArguments(ThrottleConfig limit) {
        long ttl = 0;
        if (!limit.refusesAll()) {
            // Kept until it would be full again (then it is the same as absent), plus a second.
            double refillSeconds = limit.burstLimit() / limit.rateLimit();
            ttl = (long) Math.min(86_400_000d, refillSeconds * 1000) + 1000;
        }
        return new byte[][] {
            ascii(Double.toString(limit.rateLimit())),
            ascii(Long.toString(limit.burstLimit())),
            ascii(Long.toString(ttl))
        };
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public boolean checksAtOnce() {
        Commands c = commands();
        return c != null && !c.cluster();
    }

    /**
     * One {@link #CHECK} script per batch of requests with the same checks. Not in a cluster: the
     * checks' keys are in different slots there (each key is its own hash tag, and renaming them
     * would lose the counts already kept), so a cluster's callers check one by one.
     */
    @Override
    public CompletableFuture<Integer> check(LimitChecks limits) {
        Commands c = commands();
        if (c == null) {
            return unavailable();
        }
        if (c.cluster()) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("a Redis Cluster checks limits one by one"));
        }
        return checks.get(limits, BatchedChecks::new).submit(c);
    }

    /** The checks of requests with the same keys, batched while one call is in flight. */
    private final class BatchedChecks extends Batched<byte[], Integer> {
        private final byte[][] keys;
        /** The script's arguments; the first, the batch size, is set per call. */
        private final byte[][] arguments;

        BatchedChecks(LimitChecks limits) {
            List<byte[]> k = new ArrayList<>(3);
            List<byte[]> a = new ArrayList<>(10);
            StringBuilder parts = new StringBuilder(3);
            a.add(null);
            a.add(null);
            if (limits.planBucket() != null) {
                parts.append('p');
                k.add(key("b", limits.planBucket()));
                a.addAll(List.of(bucketArguments(limits.planThrottle())));
            }
            if (limits.quotaId() != null) {
                parts.append('q');
                k.add(key("q", limits.quotaId()));
                a.add(ascii(Long.toString(limits.quotaLimit())));
                a.add(ascii(Long.toString(limits.quotaExpiresAt())));
            }
            if (limits.stageBucket() != null) {
                parts.append('s');
                k.add(key("b", limits.stageBucket()));
                a.addAll(List.of(bucketArguments(limits.stageThrottle())));
            }
            a.set(1, ascii(parts.toString()));
            this.keys = k.toArray(new byte[0][]);
            this.arguments = a.toArray(new byte[0][]);
        }

        @Override
        CompletionStage<byte[]> call(Commands c, byte[] n) {
            byte[][] args = arguments.clone();
            args[0] = n;
            return c.run(CHECK, ScriptOutputType.VALUE, keys, args);
        }

        /** The script answers one outcome digit per caller, in arrival order. */
        @Override
        Integer result(byte[] outcomes, int index, int size) {
            return outcomes[index] - '0';
        }
    }

    /**
     * Coalesces the calls on one Redis key: while one script call is in flight, later callers queue
     * and go out together in the next call, so a hot key costs one round trip per batch, not per
     * request. Callers are answered in arrival order from the script's one answer.
     */
    private abstract class Batched<A, T> {
        private List<CompletableFuture<T>> waiting = new ArrayList<>();
        private boolean inFlight;

        /** The script call for a batch of {@code n} callers. */
        abstract CompletionStage<A> call(Commands c, byte[] n);

        /** What the caller at {@code index} of a batch of {@code size} gets from the answer. */
        abstract T result(A answer, int index, int size);

        CompletableFuture<T> submit(Commands c) {
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

        private void send(Commands c) {
            List<CompletableFuture<T>> batch;
            synchronized (this) {
                batch = waiting;
                waiting = new ArrayList<>();
            }
            byte[] n = Integer.toString(batch.size()).getBytes(StandardCharsets.US_ASCII);
            guarded(c, call(c, n)).whenComplete((answer, error) -> {
                for (int i = 0; i < batch.size(); i++) {
                    if (error != null) {
                        batch.get(i).completeExceptionally(error);
                        continue;
                    }
                    try {
                        batch.get(i).complete(result(answer, i, batch.size()));
                    } catch (RuntimeException unexpected) {
                        // An answer of another shape than the script's: this caller fails, the others are still
                        // answered.
                        batch.get(i).completeExceptionally(unexpected);
                    }
                }
                boolean more;
                synchronized (this) {
                    more = !waiting.isEmpty();
                    inFlight = more;
                }
                if (more) {
                    Commands now = commands();
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
            RuntimeException refused = refusal();
            batch.forEach(f -> f.completeExceptionally(
                    refused != null ? refused : new IllegalStateException("Redis is not connected")));
        }
    }

    @Override
    public CompletableFuture<Long> increment(String counterId, long expiresAtEpochSecond) {
        Commands c = commands();
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
    private final class BatchedCounter extends Batched<Long, Long> {
        private final byte[][] keys;
        private final byte[] expiresAt;

        BatchedCounter(String id, long expiresAtEpochSecond) {
            this.keys = new byte[][] {key("q", id)};
            this.expiresAt = Long.toString(expiresAtEpochSecond).getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        CompletionStage<Long> call(Commands c, byte[] n) {
            return c.run(INCREMENT, ScriptOutputType.INTEGER, keys, n, expiresAt);
        }

        /** The script answers the total after the batch; each caller gets the count it made. */
        @Override
        Long result(Long total, int index, int size) {
            return total - size + 1 + index;
        }
    }

    @Override
    public CompletableFuture<Long> read(String counterId) {
        Commands c = commands();
        if (c == null) {
            return unavailable();
        }
        return guarded(c, c.strings().get(key("q", counterId)))
                .thenApply(v -> v == null ? 0L : Long.parseLong(new String(v, StandardCharsets.US_ASCII)));
    }

    @Override
    public CompletableFuture<byte[]> cacheGet(String cacheId, int sizeMb, String key) {
        Commands c = commands();
        if (c == null) {
            return unavailable();
        }
        return guarded(c, c.strings().get(cacheKey(cacheId, key)));
    }

    @Override
    public void cachePut(String cacheId, int sizeMb, String key, byte[] value, int ttlSeconds) {
        Commands c = commands();
        if (c != null) {
            guarded(c, c.strings().set(cacheKey(cacheId, key), value, SetArgs.Builder.ex(ttlSeconds)));
        }
    }

    @Override
    public void cacheInvalidate(String cacheId, int sizeMb, String key) {
        Commands c = commands();
        if (c != null) {
            guarded(c, c.keys().del(cacheKey(cacheId, key)));
        }
    }

    /**
     * Drops the stage's entries: SCAN (every master, in a cluster) for its key prefix, DEL page by
     * page. A flush is rare (an operator's command or a Stage's flush token changing), so scanning
     * is the price of keeping lookups one GET.
     */
    @Override
    public CompletableFuture<Long> cacheFlush(String cacheId) {
        Commands c = commands();
        if (c == null) {
            return unavailable();
        }
        String full = new String(key("c", cacheId + "|"), StandardCharsets.UTF_8);
        StringBuilder pattern = new StringBuilder();
        // The key without its closing brace is the prefix of every entry; glob characters escaped.
        for (char ch : full.substring(0, full.length() - 1).toCharArray()) {
            if (ch == '*' || ch == '?' || ch == '[' || ch == ']' || ch == '\\') {
                pattern.append('\\');
            }
            pattern.append(ch);
        }
        ScanArgs args = ScanArgs.Builder.matches(pattern.append('*').toString()).limit(500);
        return flushFrom(c, ScanCursor.INITIAL, args, 0);
    }

    private CompletableFuture<Long> flushFrom(Commands c, ScanCursor cursor, ScanArgs args, long done) {
        return guarded(c, c.keys().scan(cursor, args)).thenCompose(page -> {
            CompletableFuture<Long> deleted = page.getKeys().isEmpty()
                    ? CompletableFuture.completedFuture(0L)
                    : guarded(c, c.keys().del(page.getKeys().toArray(new byte[0][])));
            return deleted.thenCompose(n -> page.isFinished()
                    ? CompletableFuture.completedFuture(done + n)
                    : flushFrom(c, page, args, done + n));
        });
    }

    private static byte[] cacheKey(String cacheId, String key) {
        return key("c", cacheId + "|" + key);
    }

    /**
     * The Redis key of an id of one kind ({@code b} bucket, {@code q} quota counter, {@code c}
     * cached response): the whole key is one hash tag, so in a cluster it has one slot and every
     * script on it runs on one node. Braces and {@code %} in the id are percent-encoded, so an id
     * holding a path template like {@code /pets/{id}} cannot cut the tag short.
     */
    static byte[] key(String kind, String id) {
        StringBuilder out = new StringBuilder(id.length() + 16)
                .append("{tollgate:")
                .append(kind)
                .append(':');
        for (int i = 0; i < id.length(); i++) {
            char ch = id.charAt(i);
            switch (ch) {
                case '%' -> out.append("%25");
                case '{' -> out.append("%7B");
                case '}' -> out.append("%7D");
                default -> out.append(ch);
            }
        }
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public void close() {
        List<Link> links = new ArrayList<>();
        synchronized (this) {
            closed = true;
            if (current != null) {
                links.add(current);
            }
            if (serving != null && serving != current) {
                links.add(serving);
            }
            current = null;
            serving = null;
        }
        // The clients first: their shutdown still uses the resources' threads.
        CompletableFuture.allOf(links.stream().map(Link::close).toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, 3, TimeUnit.SECONDS)
                .join();
        events.dispose();
        meters.forEach(registry::remove);
        refusals.values().forEach(registry::remove);
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /**
     * The three command groups the state uses; every Lettuce async API (server, cluster) has them.
     *
     * @param cluster whether the connection is to a Redis Cluster
     */
    private record Commands(
            Link link,
            boolean cluster,
            RedisScriptingAsyncCommands<byte[], byte[]> scripts,
            RedisStringAsyncCommands<byte[], byte[]> strings,
            RedisKeyAsyncCommands<byte[], byte[]> keys) {

        static Commands of(Link link, StatefulConnection<byte[], byte[]> connection) {
            if (connection instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster) {
                return of(link, true, cluster.async());
            }
            return of(link, false, ((StatefulRedisConnection<byte[], byte[]>) connection).async());
        }

        private static <
                        A extends
                                RedisScriptingAsyncCommands<byte[], byte[]> & RedisStringAsyncCommands<byte[], byte[]>
                                        & RedisKeyAsyncCommands<byte[], byte[]>>
                Commands of(Link link, boolean cluster, A async) {
            return new Commands(link, cluster, async, async, async);
        }

        /**
         * Runs a script by its digest (EVALSHA: 40 bytes on the wire, not the script); a server that
         * does not hold it (restarted, SCRIPT FLUSH, a cluster node not yet asked) answers NOSCRIPT
         * without running anything, and the script is sent whole (EVAL, which also stores it there).
         */
        <T> CompletionStage<T> run(Script script, ScriptOutputType type, byte[][] keys, byte[]... args) {
            return scripts.<T>evalsha(script.digest(), type, keys, args)
                    .exceptionallyCompose(error -> error instanceof RedisNoScriptException
                                    || error.getCause() instanceof RedisNoScriptException
                            ? scripts.<T>eval(script.body(), type, keys, args)
                            : CompletableFuture.failedStage(error));
        }
    }

    /** A Lua script: its text as sent and its SHA-1 digest, by which Redis knows it. */
    private record Script(byte[] body, String digest) {
        static Script of(String text) {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            try {
                return new Script(
                        body,
                        HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-1").digest(body)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-1 is missing from this JVM", e);
            }
        }
    }
}
