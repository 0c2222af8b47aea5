package dev.tollgate.dataplane.server;

import dev.tollgate.dataplane.accesslog.AccessLogWriter;
import dev.tollgate.dataplane.limits.LimitState;
import dev.tollgate.dataplane.metering.UsageLedger;
import dev.tollgate.dataplane.metrics.GatewayMetrics;
import dev.tollgate.dataplane.net.Transport;
import dev.tollgate.dataplane.runtime.Runtime;
import dev.tollgate.dataplane.runtime.RuntimeHolder;
import dev.tollgate.dataplane.runtime.RuntimeServices;
import dev.tollgate.dataplane.runtime.StepOrder;
import dev.tollgate.dataplane.steps.apikey.ApiKeyStepFactory;
import dev.tollgate.dataplane.steps.authorizer.AuthorizerStepFactory;
import dev.tollgate.dataplane.steps.cache.CacheStepFactory;
import dev.tollgate.dataplane.steps.integration.IntegrationStepFactory;
import dev.tollgate.dataplane.steps.policy.ResourcePolicyStepFactory;
import dev.tollgate.dataplane.steps.throttle.ThrottleStepFactory;
import dev.tollgate.dataplane.steps.usageplan.UsagePlanStepFactory;
import dev.tollgate.dataplane.tls.BackendTlsClients;
import dev.tollgate.dataplane.tls.KeyMaterial;
import dev.tollgate.dataplane.tls.SniContexts;
import dev.tollgate.dataplane.upstream.UpstreamClient;
import dev.tollgate.dataplane.upstream.UpstreamClientOptions;
import dev.tollgate.ir.GatewayConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: the traffic server, the admin server, the upstream client and the runtime
 * they serve. {@link #apply} builds and swaps a new runtime; {@link #close} drains gracefully: it
 * stops accepting, turns not-ready, lets in-flight requests finish up to the drain deadline (their
 * responses carry {@code Connection: close}), then closes everything.
 */
public final class GatewayServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);

    private final GatewayOptions options;
    private final GatewayMetrics metrics;
    private final RuntimeHolder holder = new RuntimeHolder();
    private final ServerState state;
    private volatile List<GatewayConfig> served = List.of();
    private final AccessLogWriter accessLog;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final EventLoopGroup adminGroup;
    private final UpstreamClient upstream;
    private final RuntimeServices services;
    private final LimitState limits;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Channel trafficChannel;
    private final Channel adminChannel;
    private final SniContexts tlsContexts = new SniContexts();
    private final TrafficPipeline pipeline;
    private Channel tlsChannel;
    private final BackendTlsClients backendTls;
    private final AuthorizerStepFactory authorizers;
    private final Object closeLock = new Object();
    private boolean closed;

    private GatewayServer(GatewayOptions options, GatewayMetrics metrics) throws InterruptedException {
        this.options = options;
        this.metrics = metrics;
        this.accessLog = new AccessLogWriter(options.accessLog(), AccessLogWriter.DEFAULT_CAPACITY);
        metrics.accessLog(accessLog::dropped);
        this.state = new ServerState(holder, metrics, accessLog, new UsageLedger(options.clock()));
        this.pipeline = new TrafficPipeline(state, tlsContexts);
        Transport transport = Transport.best();
        this.bossGroup = transport.newGroup(1, "tollgate-accept");
        this.workerGroup = transport.newGroup(options.eventLoops(), "tollgate-traffic");
        this.adminGroup = transport.newGroup(1, "tollgate-admin");
        metrics.bindProcess(workerGroup);
        this.upstream = new UpstreamClient(transport, UpstreamClientOptions.defaults());
        this.backendTls = new BackendTlsClients(transport);
        this.authorizers = new AuthorizerStepFactory(upstream);
        this.limits = new LimitState(options.redisUrl(), options.clock());
        StepOrder steps = new StepOrder()
                .with(StepOrder.Slot.RESOURCE_POLICY, new ResourcePolicyStepFactory())
                .with(StepOrder.Slot.AUTHORIZER, authorizers)
                .with(StepOrder.Slot.API_KEY, new ApiKeyStepFactory())
                .with(StepOrder.Slot.USAGE_PLAN, new UsagePlanStepFactory(limits))
                .with(StepOrder.Slot.STAGE_THROTTLE, new ThrottleStepFactory(limits))
                .with(StepOrder.Slot.CACHE, new CacheStepFactory(limits))
                .with(StepOrder.Slot.INTEGRATION, new IntegrationStepFactory(upstream, backendTls));
        this.services = new RuntimeServices(options.resolver(), metrics, steps);
        try {
            this.trafficChannel = new ServerBootstrap()
                    .group(bossGroup, workerGroup)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            connections.add(ch);
                            pipeline.plain(ch);
                        }
                    })
                    .bind(options.bind(), options.port())
                    .sync()
                    .channel();
            this.adminChannel = new ServerBootstrap()
                    .group(adminGroup)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast(new HttpServerCodec())
                                    .addLast(new HttpObjectAggregator(64 * 1024))
                                    .addLast(new AdminHandler(GatewayServer.this));
                        }
                    })
                    .bind(options.bind(), options.adminPort())
                    .sync()
                    .channel();
        } catch (InterruptedException | RuntimeException e) {
            shutdownGroups();
            throw e;
        }
        LOG.info(
                "serving traffic on {}:{} and admin on {}:{} ({} transport, {} event loops)",
                options.bind(),
                port(),
                options.bind(),
                adminPort(),
                transport,
                options.eventLoops());
    }

    /** Starts both servers; nothing is served (503, not ready) until {@link #apply}. */
    public static GatewayServer start(GatewayOptions options, GatewayMetrics metrics) {
        try {
            return new GatewayServer(options, metrics);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding", e);
        }
    }

    /**
     * Builds a runtime of the configs and serves it from now on, with the custom domains'
     * certificates read from {@code keys} for the TLS listener (new handshakes use them; established
     * connections keep theirs).
     */
    public Runtime apply(List<GatewayConfig> configs, KeyMaterial keys) {
        tlsContexts.update(configs, keys);
        backendTls.keys(keys);
        return apply(configs);
    }

    /**
     * Opens the TLS listener on {@code port} (0 for a free one): the certificate is chosen by SNI
     * among the DomainNames with {@code tls}; a name without one gets no handshake. Requests are
     * served as on the plain listener (see {@link TrafficPipeline}). Returns the bound port.
     */
    public synchronized int enableTls(int port) {
        if (tlsChannel != null) {
            return ((InetSocketAddress) tlsChannel.localAddress()).getPort();
        }
        tlsChannel = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(Transport.best().serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        pipeline.tls(ch);
                    }
                })
                .bind(options.bind(), port)
                .syncUninterruptibly()
                .channel();
        int bound = ((InetSocketAddress) tlsChannel.localAddress()).getPort();
        LOG.info("serving TLS on {}:{}", options.bind(), bound);
        return bound;
    }

    /** The authorizer steps' factory (and the Kubernetes reviews of AWS_IAM routes). */
    public AuthorizerStepFactory authorizers() {
        return authorizers;
    }

    /** The custom domains' certificates by SNI name. */
    public SniContexts tlsContexts() {
        return tlsContexts;
    }

    /**
     * Builds a runtime of the configs and serves it from now on; requests already in flight finish
     * on the runtime they started with.
     */
    public Runtime apply(List<GatewayConfig> configs) {
        Runtime runtime = Runtime.build(configs, services, options.defaultApi());
        holder.swap(runtime);
        served = List.copyOf(configs);
        return runtime;
    }

    /** The runtime served now, or null before the first {@link #apply}. */
    public Runtime runtime() {
        return holder.current();
    }

    /**
     * Whether a config is served, the server is not draining, and every fail-closed Redis of the
     * served configs has been reached once: a new replica takes no traffic it would refuse with
     * 503. A later Redis outage keeps it ready, so routes without limits go on serving.
     */
    public boolean ready() {
        return holder.ready() && !state.draining.get() && limits.sharedStateReached(served);
    }

    public int port() {
        return ((InetSocketAddress) trafficChannel.localAddress()).getPort();
    }

    public int adminPort() {
        return ((InetSocketAddress) adminChannel.localAddress()).getPort();
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    /** Per-minute usage by namespace, API, stage and key. */
    public UsageLedger usage() {
        return state.usage;
    }

    /** Limit and cache state, kept across reloads. */
    public LimitState limits() {
        return limits;
    }

    /** Requests being served now. */
    public int inFlight() {
        return state.inFlight.get();
    }

    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        state.draining.set(true);
        trafficChannel.close().awaitUninterruptibly();
        synchronized (this) {
            if (tlsChannel != null) {
                tlsChannel.close().awaitUninterruptibly();
            }
        }
        // Idle keep-alive connections close now; busy ones after their response.
        for (Channel ch : connections) {
            ch.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE);
        }
        long deadline = System.nanoTime() + options.drain().toNanos();
        while (state.inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (state.inFlight.get() > 0) {
            LOG.warn("drain deadline passed with {} requests in flight", state.inFlight.get());
        }
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        adminChannel.close().awaitUninterruptibly();
        upstream.close();
        backendTls.close();
        limits.close();
        accessLog.close();
        shutdownGroups();
        metrics.close();
        LOG.info("gateway stopped");
    }

    private void shutdownGroups() {
        bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        adminGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        bossGroup.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        workerGroup.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        adminGroup.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
