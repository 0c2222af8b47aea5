package dev.tollgate.dataplane.server;

import dev.tollgate.dataplane.accesslog.AccessLogDestinations;
import dev.tollgate.dataplane.accesslog.AccessLogWriter;
import dev.tollgate.dataplane.accesslog.ExecutionLogWriter;
import dev.tollgate.dataplane.functions.FunctionGates;
import dev.tollgate.dataplane.limits.Connections;
import dev.tollgate.dataplane.limits.LimitState;
import dev.tollgate.dataplane.limits.RedisLoops;
import dev.tollgate.dataplane.metering.UsageLedger;
import dev.tollgate.dataplane.metrics.GatewayMetrics;
import dev.tollgate.dataplane.net.Transport;
import dev.tollgate.dataplane.runtime.ConnectionIds;
import dev.tollgate.dataplane.runtime.Runtime;
import dev.tollgate.dataplane.runtime.RuntimeHolder;
import dev.tollgate.dataplane.runtime.RuntimeServices;
import dev.tollgate.dataplane.runtime.StepOrder;
import dev.tollgate.dataplane.runtime.TelemetryServices;
import dev.tollgate.dataplane.sigv4.AwsRequestSigner;
import dev.tollgate.dataplane.steps.apikey.ApiKeyStepFactory;
import dev.tollgate.dataplane.steps.authorizer.AuthorizerStepFactory;
import dev.tollgate.dataplane.steps.cache.CacheStepFactory;
import dev.tollgate.dataplane.steps.integration.IntegrationStepFactory;
import dev.tollgate.dataplane.steps.mapping.RequestMappingStepFactory;
import dev.tollgate.dataplane.steps.policy.ResourcePolicyStepFactory;
import dev.tollgate.dataplane.steps.throttle.ThrottleStepFactory;
import dev.tollgate.dataplane.steps.usageplan.UsagePlanStepFactory;
import dev.tollgate.dataplane.steps.validation.ValidationStepFactory;
import dev.tollgate.dataplane.template.TemplateEngine;
import dev.tollgate.dataplane.tls.BackendTlsClients;
import dev.tollgate.dataplane.tls.KeyMaterial;
import dev.tollgate.dataplane.tls.SniContexts;
import dev.tollgate.dataplane.tracing.Tracing;
import dev.tollgate.dataplane.upstream.UpstreamClient;
import dev.tollgate.dataplane.upstream.UpstreamClientOptions;
import dev.tollgate.dataplane.upstream.UpstreamMetrics;
import dev.tollgate.ir.ApiConfig;
import dev.tollgate.ir.GatewayConfig;
import dev.tollgate.ir.LogDestinationConfig;
import dev.tollgate.ir.StageConfig;
import dev.tollgate.ir.TrafficLimitsConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: the traffic listeners, the admin server, the upstream client and the runtime
 * they serve. {@link #start} opens the admin port only (its {@code /readyz} answers 503); the
 * traffic listeners open when the first config is served ({@link #apply}), so no request is ever
 * answered before the gateway can serve it. {@link #close} drains gracefully: it stops accepting,
 * turns not-ready, lets in-flight requests finish up to the drain deadline (their responses carry
 * {@code Connection: close}), then closes everything.
 *
 * <p>Each traffic listener holds at most {@link TrafficLimits#maxConnections()} connections: past
 * it a new connection is closed at once (counted), the others go on. Connections are accepted with
 * auto-read off (the exchange handler reads as it can serve) and TCP keep-alive on.
 */
public final class GatewayServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);

    /** Connections the admin listener holds at once: probes and scrapes, never traffic. */
    static final int ADMIN_MAX_CONNECTIONS = 64;

    /** An admin connection without a whole request for this long is closed. */
    static final int ADMIN_IDLE_SECONDS = 30;

    /** Largest admin request line and headers, and body (admin takes GETs only). */
    static final int ADMIN_MAX_HEADER_BYTES = 8 * 1024;

    static final int ADMIN_MAX_BODY_BYTES = 16 * 1024;

    private final GatewayOptions options;
    private final GatewayMetrics metrics;
    private final RuntimeHolder holder = new RuntimeHolder();
    private final ServerState state;
    private volatile List<GatewayConfig> served = List.of();
    private final AccessLogWriter accessLog;
    private final AccessLogDestinations accessLogs;
    private final AccessLogWriter executionLogWriter;
    private final ExecutionLogWriter executionLogs;
    private final Tracing tracing;
    private final Transport transport;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final EventLoopGroup adminGroup;
    private final UpstreamClient upstream;
    private final RuntimeServices services;
    private final LimitState limits;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Channel adminChannel;
    private final SniContexts tlsContexts = new SniContexts();
    private final TrafficPipeline pipeline;
    private final Listener plainListener = new Listener("http");
    private final Listener tlsListener = new Listener("https");
    private final AtomicInteger adminConnections = new AtomicInteger();
    private volatile Channel trafficChannel;
    private volatile Channel tlsChannel;
    private int tlsPort = -1;
    private final BackendTlsClients backendTls;
    private final AwsRequestSigner awsSigner = new AwsRequestSigner();
    private final AuthorizerStepFactory authorizers;
    private final IntegrationStepFactory integrations;
    private final FunctionGates functions = new FunctionGates();
    private final WebSockets webSockets;
    private final ServedDeployments deployments = new ServedDeployments();
    private final Map<String, AdminAction> adminActions = new ConcurrentHashMap<>();
    private TestInvoker testInvoker;
    private volatile AdminAccess adminAccess = AdminAccess.LOOPBACK_ONLY;
    private final Object closeLock = new Object();
    private boolean closed;

    private GatewayServer(GatewayOptions options, GatewayMetrics metrics) throws InterruptedException {
        this.options = options;
        this.metrics = metrics;
        this.accessLog = new AccessLogWriter(options.accessLog(), AccessLogWriter.DEFAULT_CAPACITY);
        this.accessLogs = new AccessLogDestinations(accessLog);
        metrics.accessLog(accessLogs::dropped);
        this.executionLogWriter =
                new AccessLogWriter(options.accessLog(), AccessLogWriter.DEFAULT_CAPACITY, "tollgate-execution-log");
        this.executionLogs = new ExecutionLogWriter(
                executionLogWriter, options.telemetry().executionLogLinesPerSecond(), System::nanoTime);
        this.tracing = new Tracing(options.telemetry().otlpEndpoint());
        this.state = new ServerState(
                holder,
                metrics,
                accessLog,
                options.telemetry().devAccessLog(),
                new UsageLedger(options.clock()),
                TrafficLimits.of(options.limits()));
        this.pipeline = new TrafficPipeline(state, tlsContexts);
        this.transport = Transport.best();
        this.bossGroup = transport.newGroup(1, "tollgate-accept");
        this.workerGroup = transport.newGroup(options.eventLoops(), "tollgate-traffic");
        this.adminGroup = transport.newGroup(1, "tollgate-admin");
        metrics.bindProcess(workerGroup);
        this.upstream = new UpstreamClient(transport, UpstreamClientOptions.defaults());
        this.backendTls = new BackendTlsClients(transport);
        this.authorizers = new AuthorizerStepFactory(upstream, options.clock(), functions);
        this.limits = new LimitState(
                options.redisUrl(),
                options.clock(),
                metrics.registry(),
                () -> RedisLoops.of(workerGroup, transport.socketChannel()));
        StepOrder steps = new StepOrder()
                .readingEveryBody(options.aggregateBodies())
                .with(StepOrder.Slot.RESOURCE_POLICY, new ResourcePolicyStepFactory())
                .with(StepOrder.Slot.AUTHORIZER, authorizers)
                .with(StepOrder.Slot.API_KEY, new ApiKeyStepFactory())
                // A method's plan limits and stage throttle in one store call: the usage-plan step checks both.
                .with(StepOrder.Slot.USAGE_PLAN, new UsagePlanStepFactory(limits).checkingStageThrottles())
                .with(
                        StepOrder.Slot.STAGE_THROTTLE,
                        new ThrottleStepFactory(limits).except(UsagePlanStepFactory::appliesTo))
                .with(StepOrder.Slot.VALIDATION, new ValidationStepFactory())
                .with(StepOrder.Slot.CACHE, new CacheStepFactory(limits))
                .with(StepOrder.Slot.REQUEST_MAPPING, new RequestMappingStepFactory())
                .with(
                        StepOrder.Slot.INTEGRATION,
                        integrations = new IntegrationStepFactory(upstream, backendTls, awsSigner, functions));
        this.webSockets = new WebSockets(new Connections(ConnectionIds.next(), limits), metrics);
        state.webSockets = webSockets;
        this.services = new RuntimeServices(
                options.resolver(),
                metrics,
                steps,
                TemplateEngine.defaults(),
                new ConnectionsApi(webSockets, authorizers::kubernetes),
                new TelemetryServices(tracing, accessLogs, executionLogs));
        adminActions.put(CacheFlushAction.PATH, new CacheFlushAction(this));
        gauges();
        try {
            this.adminChannel = new ServerBootstrap()
                    .group(adminGroup)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            admin(ch);
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
                "admin on {}:{}; traffic on {}:{} once a config is served ({} transport, {} event loops)",
                options.bind(),
                adminPort(),
                options.bind(),
                options.port(),
                transport,
                options.eventLoops());
    }

    private void gauges() {
        metrics.gauge(
                "tollgate.request.body.bytes.in.flight",
                "Request body bytes the gateway holds: reserved for aggregation, or read and waiting",
                state.budget::inFlight);
        metrics.gauge(
                "tollgate.request.body.budget.bytes",
                "Budget of request body bytes held at once for routes that read the body",
                state.budget::limit);
        metrics.gauge(
                "tollgate.response.bytes.buffered",
                "Response bytes written to client connections and not yet sent",
                this::bufferedResponseBytes);
        metrics.gauge(
                "tollgate.connections.open",
                "Client connections open on the traffic listeners",
                () -> plainListener.open.get() + tlsListener.open.get());
        metrics.gauge("tollgate.requests.in.flight", "Requests being served", () -> state.inFlight.get());
        FunctionCounter.builder(
                        "tollgate_execution_log_dropped",
                        executionLogs,
                        e -> e.dropped() + executionLogWriter.dropped())
                .description("Execution log lines dropped: over a stage's lines-per-second bound, or the writer behind")
                .register(metrics.registry());
        metrics.gauge(
                "tollgate.upstream.connections.open",
                "Backend connections open (busy or pooled)",
                () -> upstream.metrics().connectionsOpen());
        metrics.gauge("tollgate.upstream.calls.in.flight", "Backend calls in progress", () -> upstream.metrics()
                .callsInFlight());
        metrics.gauge(
                "tollgate.netty.direct.memory.used.bytes",
                "Direct memory Netty's buffer allocator holds (its arenas), -1 when it does not say",
                GatewayServer::nettyDirectMemory);
    }

    /** Starts the admin server; traffic is served (and its listeners open) from the first {@link #apply}. */
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
        awsSigner.keys(keys);
        limits.keys(keys);
        authorizers
                .signed()
                .keys()
                .update(configs.stream().map(GatewayConfig::namespace).toList(), keys);
        return apply(configs);
    }

    /**
     * Asks for the TLS listener on {@code port} (0 for a free one): the certificate is chosen by SNI
     * among the DomainNames with {@code tls}; a name without one gets no handshake. Requests are
     * served as on the plain listener (see {@link TrafficPipeline}). It opens with the plain one,
     * once a config is served (at once if one is); returns the bound port, or -1 until then.
     */
    public synchronized int enableTls(int port) {
        if (tlsPort < 0) {
            tlsPort = port;
        }
        if (trafficChannel != null && tlsChannel == null) {
            tlsChannel = bindTraffic(tlsPort, tlsListener, true);
            LOG.info("serving TLS on {}:{}", options.bind(), httpsPort());
        }
        return httpsPort();
    }

    /** The TLS listener's port, or -1 while it is not open. */
    public int httpsPort() {
        Channel ch = tlsChannel;
        return ch == null ? -1 : ((InetSocketAddress) ch.localAddress()).getPort();
    }

    /** Opens the traffic listeners (and the TLS one when asked for) if they are not open yet. */
    private synchronized void listen() {
        if (closed) {
            return;
        }
        if (trafficChannel == null) {
            trafficChannel = bindTraffic(options.port(), plainListener, false);
            LOG.info("serving traffic on {}:{}", options.bind(), port());
        }
        if (tlsPort >= 0 && tlsChannel == null) {
            tlsChannel = bindTraffic(tlsPort, tlsListener, true);
            LOG.info("serving TLS on {}:{}", options.bind(), httpsPort());
        }
    }

    private Channel bindTraffic(int port, Listener listener, boolean tls) {
        return new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (!listener.admit(ch)) {
                            return;
                        }
                        connections.add(ch);
                        if (tls) {
                            pipeline.tls(ch);
                        } else {
                            pipeline.plain(ch);
                        }
                    }
                })
                .bind(options.bind(), port)
                .syncUninterruptibly()
                .channel();
    }

    /** A traffic listener's connection count and cap. */
    private final class Listener {
        final String name;
        final AtomicInteger open = new AtomicInteger();

        Listener(String name) {
            this.name = name;
        }

        /** Counts the connection in, or closes it when the listener is full. */
        boolean admit(Channel ch) {
            if (open.incrementAndGet() > state.limits().maxConnections()) {
                open.decrementAndGet();
                state.refusals.rejected(
                        Refusals.Reason.MAX_CONNECTIONS,
                        RequestGuardHandler.remoteIp(ch),
                        name + " listener holds " + state.limits().maxConnections() + " connections");
                ch.close();
                return false;
            }
            ch.closeFuture().addListener(f -> open.decrementAndGet());
            return true;
        }
    }

    /** An admin connection: its own cap, small request limits and an idle deadline. */
    private void admin(SocketChannel ch) {
        if (adminConnections.incrementAndGet() > ADMIN_MAX_CONNECTIONS) {
            adminConnections.decrementAndGet();
            state.refusals.rejected(
                    Refusals.Reason.ADMIN_MAX_CONNECTIONS,
                    RequestGuardHandler.remoteIp(ch),
                    "admin listener holds " + ADMIN_MAX_CONNECTIONS + " connections");
            ch.close();
            return;
        }
        ch.closeFuture().addListener(f -> adminConnections.decrementAndGet());
        ch.pipeline()
                .addLast(new IdleStateHandler(0, 0, ADMIN_IDLE_SECONDS, TimeUnit.SECONDS))
                .addLast(new AdminIdle(state.refusals))
                .addLast(new HttpServerCodec(ADMIN_MAX_HEADER_BYTES, ADMIN_MAX_HEADER_BYTES, ADMIN_MAX_BODY_BYTES))
                .addLast(new HttpObjectAggregator(ADMIN_MAX_BODY_BYTES))
                .addLast(new AdminHandler(GatewayServer.this));
    }

    /** Closes an admin connection idle past its deadline (counted). */
    private static final class AdminIdle extends ChannelInboundHandlerAdapter {
        private final Refusals refusals;

        AdminIdle(Refusals refusals) {
            this.refusals = refusals;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent) {
                refusals.timedOut(Refusals.Timeout.ADMIN_IDLE, RequestGuardHandler.remoteIp(ctx));
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, evt);
        }
    }

    private static long nettyDirectMemory() {
        return ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider
                ? provider.metric().usedDirectMemory()
                : -1;
    }

    private long bufferedResponseBytes() {
        long total = 0;
        for (Channel ch : connections) {
            ChannelOutboundBuffer out = ch.unsafe().outboundBuffer();
            if (out != null) {
                total += out.totalPendingWriteBytes();
            }
        }
        return total;
    }

    /** Who may read the admin port's state endpoints (loopback only until set). */
    public AdminAccess adminAccess() {
        return adminAccess;
    }

    /** Sets who may read the admin port's state endpoints. */
    public void adminAccess(AdminAccess access) {
        this.adminAccess = Objects.requireNonNull(access);
    }

    private static Set<LogDestinationConfig> accessLogDestinations(List<GatewayConfig> configs) {
        Set<LogDestinationConfig> used = new HashSet<>();
        for (GatewayConfig config : configs) {
            for (ApiConfig api : config.apis()) {
                for (StageConfig stage : api.stages()) {
                    if (stage.telemetry() != null && stage.telemetry().accessLogDestination() != null) {
                        used.add(stage.telemetry().accessLogDestination());
                    }
                }
            }
        }
        return used;
    }

    /** The exporter of traced stages' spans. */
    public Tracing tracing() {
        return tracing;
    }

    /** The Lambda functions' concurrency gates, shared by their integrations and authorizers. */
    public FunctionGates functions() {
        return functions;
    }

    /** The authorizer steps' factory (and the Kubernetes reviews of AWS_IAM routes). */
    public AuthorizerStepFactory authorizers() {
        return authorizers;
    }

    /** The WebSocket connections: their limits, registry and the {@code @connections} API's access. */
    public WebSockets webSockets() {
        return webSockets;
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
        tracing.configure(configs.stream()
                .map(GatewayConfig::tracing)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null));
        Runtime runtime = Runtime.build(configs, services, options.defaultApi());
        accessLogs.retain(accessLogDestinations(configs));
        state.limits(TrafficLimits.of(gatewayLimits(configs).overriddenBy(options.limits())));
        holder.swap(runtime);
        webSockets.registry().configs(configs);
        served = List.copyOf(configs);
        for (String change : deployments.update(configs)) {
            LOG.info("{}", change);
        }
        // Only now can a request be served: the listeners open after the first swap.
        listen();
        return runtime;
    }

    /**
     * The limits of the served Gateway (one per namespace); with several namespaces (local mode),
     * the first by namespace that sets any.
     */
    private static TrafficLimitsConfig gatewayLimits(List<GatewayConfig> configs) {
        return configs.stream()
                .sorted(Comparator.comparing(GatewayConfig::namespace))
                .map(GatewayConfig::limits)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(TrafficLimitsConfig.DEFAULTS);
    }

    /** The client timeouts and connection limits in force. */
    public TrafficLimits trafficLimits() {
        return state.limits();
    }

    /** Upstream connection and call counters. */
    public UpstreamMetrics upstreamMetrics() {
        return upstream.metrics();
    }

    /** Request body bytes held now (reserved for aggregation, or read and waiting). */
    public long bodyBytesInFlight() {
        return state.budget.inFlight();
    }

    /** Response bytes written to client connections and not yet sent. */
    public long responseBytesBuffered() {
        return bufferedResponseBytes();
    }

    /** What each served stage serves and served before, as {@code /config} shows it. */
    ServedDeployments deployments() {
        return deployments;
    }

    /**
     * The test invoker of this gateway: its event loops, upstream client and backend CA bundles,
     * none of its limits, cache or metrics.
     */
    public synchronized TestInvoker testInvoker() {
        if (testInvoker == null) {
            testInvoker = new TestInvoker(options.resolver(), integrations, workerGroup, List.of());
        }
        return testInvoker;
    }

    /** Serves {@code POST path} on the admin port with {@code action} (e.g. local mode's {@code /test-invoke}). */
    public void adminAction(String path, AdminAction action) {
        adminActions.put(path, action);
    }

    /** The admin action of a path, or null. */
    AdminAction adminAction(String path) {
        return adminActions.get(path);
    }

    /** The runtime served now, or null before the first {@link #apply}. */
    public Runtime runtime() {
        return holder.current();
    }

    /**
     * Whether a config is served, the server is not draining, no Redis of the served configs refuses
     * the gateway (credentials, permissions, certificates: a configuration error) and every
     * fail-closed one has been reached once: a new replica takes no traffic it would refuse with
     * 503. A later Redis outage keeps it ready, so routes without limits go on serving.
     */
    public boolean ready() {
        return holder.ready() && trafficChannel != null && !state.draining.get() && limits.sharedStateReady(served);
    }

    /** Whether the traffic listeners are open (a config has been served). */
    public boolean listening() {
        return trafficChannel != null;
    }

    /** The traffic port; the listener opens with the first served config. */
    public int port() {
        Channel ch = trafficChannel;
        if (ch == null) {
            throw new IllegalStateException("the traffic listener opens once a config is served");
        }
        return ((InetSocketAddress) ch.localAddress()).getPort();
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
        synchronized (this) {
            // No listener opens from here on, whatever a late apply says.
            tlsPort = -1;
        }
        state.draining.set(true);
        synchronized (this) {
            if (trafficChannel != null) {
                trafficChannel.close().awaitUninterruptibly();
            }
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
        webSockets.registry().close();
        limits.close();
        tracing.close();
        accessLogs.close();
        accessLog.close();
        executionLogWriter.close();
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
