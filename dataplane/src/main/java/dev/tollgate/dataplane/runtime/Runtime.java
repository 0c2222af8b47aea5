package dev.tollgate.dataplane.runtime;

import dev.tollgate.dataplane.http.CanonicalPath;
import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.metrics.StageMeters;
import dev.tollgate.ir.ApiConfig;
import dev.tollgate.ir.BasePathMappingConfig;
import dev.tollgate.ir.CanaryConfig;
import dev.tollgate.ir.DeploymentConfig;
import dev.tollgate.ir.DomainConfig;
import dev.tollgate.ir.GatewayConfig;
import dev.tollgate.ir.ProtocolType;
import dev.tollgate.ir.RouteConfig;
import dev.tollgate.ir.StageConfig;
import dev.tollgate.ir.WebSocketRouteConfig;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything served, compiled once from the IR: the host index, a router per stage and a step
 * chain per route. Immutable; a reload builds a new one and swaps it in {@link RuntimeHolder}.
 */
public final class Runtime {
    private static final Logger LOG = LoggerFactory.getLogger(Runtime.class);

    /** The first path segment of the {@code @connections} API under a WebSocket stage. */
    public static final String CONNECTIONS = "@connections";

    private final List<GatewayConfig> configs;
    private final HostIndex hosts;
    private final Map<String, ApiRuntime> apis;
    private final WebSocketEndpoint webSockets;

    private Runtime(
            List<GatewayConfig> configs, HostIndex hosts, Map<String, ApiRuntime> apis, WebSocketEndpoint webSockets) {
        this.configs = configs;
        this.hosts = hosts;
        this.apis = apis;
        this.webSockets = webSockets;
    }

    /**
     * Builds the runtime of the configs (one per namespace, sorted by namespace so collisions
     * resolve the same way every time).
     *
     * @param defaultApi the API whose default endpoint takes every unmatched host, or null
     */
    public static Runtime build(List<GatewayConfig> configs, RuntimeServices services, ApiRef defaultApi) {
        List<GatewayConfig> sorted = new ArrayList<>(configs);
        sorted.sort(Comparator.comparing(GatewayConfig::namespace));
        Map<String, ApiRuntime> endpoints = new HashMap<>();
        Map<String, List<HostIndex.Mapping>> domains = new HashMap<>();
        Set<String> tlsDomains = new HashSet<>();
        Map<String, ApiRuntime> apis = new LinkedHashMap<>();
        for (GatewayConfig config : sorted) {
            Map<String, ApiRuntime> byName = new HashMap<>();
            for (ApiConfig api : config.apis()) {
                ApiRuntime runtime = api(config, api, services);
                byName.put(api.name(), runtime);
                apis.put(api.name() + "." + config.namespace(), runtime);
                String host = (api.name() + "." + config.namespace() + "." + config.endpointSuffix())
                        .toLowerCase(Locale.ROOT);
                if (endpoints.putIfAbsent(host, runtime) != null) {
                    LOG.warn("{}/RestApi/{}: host {} already served, ignored", config.namespace(), api.name(), host);
                }
            }
            for (DomainConfig domain : config.domains()) {
                String host = domain.domainName().toLowerCase(Locale.ROOT);
                if (domains.containsKey(host)) {
                    LOG.warn(
                            "{}/DomainName/{}: already served by another namespace, ignored", config.namespace(), host);
                    continue;
                }
                List<HostIndex.Mapping> mappings = new ArrayList<>();
                for (BasePathMappingConfig m : domain.mappings()) {
                    ApiRuntime api = byName.get(m.api());
                    if (api == null) {
                        LOG.warn("{}/DomainName/{}: mapping to unknown API {}", config.namespace(), host, m.api());
                        continue;
                    }
                    mappings.add(HostIndex.mapping(m, api));
                }
                HostIndex.sortLongestFirst(mappings);
                domains.put(host, mappings);
                if (domain.tls() != null) {
                    tlsDomains.add(host);
                }
            }
        }
        ApiRuntime fallback = null;
        if (defaultApi != null) {
            fallback = apis.get(defaultApi.name() + "." + defaultApi.namespace());
            if (fallback == null) {
                LOG.warn("default API {}.{} is not served", defaultApi.name(), defaultApi.namespace());
            }
        }
        return new Runtime(
                List.copyOf(sorted),
                new HostIndex(endpoints, domains, fallback, Set.copyOf(tlsDomains)),
                apis,
                services.webSockets());
    }

    private static ApiRuntime api(GatewayConfig config, ApiConfig api, RuntimeServices services) {
        Map<String, StageRuntime> stages = new LinkedHashMap<>();
        GatewayResponses responses = GatewayResponses.of(
                config.namespace() + "/" + api.name(), api.gatewayResponses(), services.templates());
        CorsPolicy cors = CorsPolicy.of(api.cors());
        for (StageConfig stage : api.stages()) {
            StageRuntime canary = null;
            CanaryConfig c = stage.canary();
            if (c != null) {
                // The canary is the stage as its deployment defines it: the stage's name, access log,
                // cache and limits (merged into its routes by the compiler), its own routes and variables.
                StageConfig view = new StageConfig(
                        stage.name(),
                        c.variables(),
                        stage.accessLogFormat(),
                        c.routes(),
                        c.defaultRoute(),
                        stage.cacheSizeMb(),
                        c.deployment(),
                        null,
                        stage.cacheFlushToken(),
                        stage.telemetry());
                canary = stage(config, api, view, responses, cors, true, null, services);
            }
            stages.put(stage.name(), stage(config, api, stage, responses, cors, false, canary, services));
        }
        return new ApiRuntime(
                config.namespace(), api, Map.copyOf(stages), responses, cors, PayloadPolicy.of(api.payload()));
    }

    private static StageRuntime stage(
            GatewayConfig config,
            ApiConfig api,
            StageConfig stage,
            GatewayResponses apiResponses,
            CorsPolicy apiCors,
            boolean isCanary,
            StageRuntime canary,
            RuntimeServices services) {
        Router<RouteRuntime> router = new Router<>(api.allowsEncodedSlashInProxy());
        Map<String, RouteRuntime> webSocketRoutes = new HashMap<>();
        StageMeters meters =
                new StageMeters(services.metrics(), config.namespace(), api.name(), stage.name(), isCanary);
        for (RouteConfig route : stage.routes()) {
            RouteRuntime built = route(config, api, stage, route, isCanary, services, meters);
            if (route.webSocket() != null) {
                // A WebSocket route is chosen by its key (per message), never by method and path.
                webSocketRoutes.put(route.webSocket().routeKey(), built);
            } else {
                router.add(route.httpMethod(), route.resourcePath(), built);
            }
        }
        RouteRuntime defaultRoute = stage.defaultRoute() == null
                ? null
                : route(config, api, stage, stage.defaultRoute(), isCanary, services, meters);
        DeploymentConfig deployment = stage.deployment();
        // A pinned stage answers with its deployment's gateway responses and CORS, as AWS serves a
        // deployment's.
        GatewayResponses responses = deployment == null
                ? apiResponses
                : GatewayResponses.of(
                        config.namespace() + "/" + api.name(), deployment.gatewayResponses(), services.templates());
        CorsPolicy cors = deployment == null ? apiCors : CorsPolicy.of(deployment.cors());
        return new StageRuntime(
                config.namespace(),
                api.name(),
                stage,
                router,
                defaultRoute,
                webSocketRoutes,
                responses,
                cors,
                isCanary,
                canary,
                meters,
                services.telemetry());
    }

    private static RouteRuntime route(
            GatewayConfig config,
            ApiConfig api,
            StageConfig stage,
            RouteConfig route,
            boolean isCanary,
            RuntimeServices services,
            StageMeters meters) {
        StepChain chain = services.steps().chain(new StepContext(config, api, stage, route, services, isCanary));
        return new RouteRuntime(route, chain, meters);
    }

    /** Routes the exchange and runs its route's steps, or answers AWS's error for no match. */
    public void dispatch(Exchange exchange) {
        String host = exchange.host();
        if (exchange.tls() != null
                && (host == null || !exchange.tls().serverName().equals(HostIndex.normalizeHost(host)))) {
            // Domain fronting: the certificate chosen (and a client certificate checked) for one
            // domain must not serve another domain's API.
            exchange.fail(GatewayError.FORBIDDEN);
            return;
        }
        if (exchange.tls() == null && hosts.requiresTls(host)) {
            // A domain with a certificate (and maybe a client certificate check) is never served in
            // plain text: AWS's custom domains are HTTPS only.
            exchange.fail(GatewayError.FORBIDDEN);
            return;
        }
        HostIndex.Target target = hosts.resolve(host, exchange.path());
        if (target == null) {
            exchange.fail(GatewayError.FORBIDDEN);
            return;
        }
        ApiRuntime api = target.api();
        if (target.viaDefaultEndpoint() && !api.config().executeApiEndpoint()) {
            exchange.routed(this, api, null, null);
            exchange.fail(GatewayError.FORBIDDEN);
            return;
        }
        StageRuntime stage = target.stageName() == null ? null : api.stages().get(target.stageName());
        CanonicalPath resourcePath = target.resourcePath();
        if (stage == null && target.viaDefaultEndpoint() && api.stages().containsKey(StageConfig.DEFAULT_STAGE)) {
            // An HTTP API's $default stage is served at the root: the whole path is the route's.
            stage = api.stages().get(StageConfig.DEFAULT_STAGE);
            resourcePath = exchange.path();
        }
        if (stage != null) {
            // The canary split: per request, before anything else of the stage is used.
            stage = stage.pick();
        }
        exchange.routed(this, api, stage, resourcePath);
        if (stage == null) {
            // An HTTP API answers an unknown stage as it answers an unknown route.
            exchange.fail(
                    api.config().protocolType() == ProtocolType.HTTP ? GatewayError.NOT_FOUND : GatewayError.FORBIDDEN);
            return;
        }
        if (api.config().protocolType() == ProtocolType.WEBSOCKET) {
            webSocket(exchange, api, stage, resourcePath);
            return;
        }
        if (stage.cors() != null && CorsPolicy.isPreflight(exchange.request())) {
            // AWS answers a preflight for an API with CORS settings whatever its routes are.
            exchange.respond(stage.cors().preflight(exchange.request()));
            return;
        }
        String method = exchange.request().method().name();
        Router.Match<RouteRuntime> match = stage.router().match(method, resourcePath);
        if (match == null) {
            if (api.config().protocolType() == ProtocolType.REST) {
                exchange.fail(GatewayError.MISSING_AUTHENTICATION_TOKEN);
            } else if (stage.defaultRoute() != null) {
                exchange.matched(stage.defaultRoute(), defaultMatch(stage.defaultRoute(), resourcePath));
                exchange.startChain(stage.defaultRoute().chain());
            } else {
                exchange.fail(GatewayError.NOT_FOUND);
            }
            return;
        }
        exchange.matched(match.value(), match);
        exchange.startChain(match.value().chain());
    }

    /**
     * A request on a WebSocket API's stage: the {@code @connections} API under {@code
     * /@connections/{id}}; at the stage's root, an upgrade, which runs {@code $connect} (the server
     * completes the handshake when it answers 2xx; without a {@code $connect} route every upgrade is
     * accepted, as AWS). Anything else is refused as AWS refuses it.
     */
    private void webSocket(Exchange exchange, ApiRuntime api, StageRuntime stage, CanonicalPath resourcePath) {
        List<String> segments = resourcePath.segments();
        if (!segments.isEmpty() && segments.get(0).equals(CONNECTIONS)) {
            String id = segments.size() == 2 ? segments.get(1) : null;
            webSockets.connections(
                    exchange,
                    api.namespace(),
                    api.config().name(),
                    stage.config().name(),
                    id);
            return;
        }
        if (!segments.isEmpty()) {
            exchange.fail(GatewayError.FORBIDDEN);
            return;
        }
        if (!isUpgrade(exchange.request())) {
            exchange.fail(GatewayError.UPGRADE_REQUIRED);
            return;
        }
        String id = ConnectionIds.next();
        exchange.webSocket(new WebSocketEvent(
                id, exchange.startEpochMillis(), WebSocketEvent.CONNECT, null, WebSocketRouteConfig.CONNECT));
        RouteRuntime connect = stage.webSocketRoute(WebSocketRouteConfig.CONNECT);
        if (connect == null) {
            exchange.respond(
                    new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER));
            return;
        }
        exchange.matched(connect, null);
        exchange.startChain(connect.chain());
    }

    /**
     * Whether the request asks for a WebSocket as RFC 6455 4.1 says: GET, {@code Upgrade: websocket},
     * {@code Connection: upgrade}, a {@code Sec-WebSocket-Key} and version 13.
     */
    public static boolean isUpgrade(HttpRequest request) {
        HttpHeaders h = request.headers();
        String key = h.get(HttpHeaderNames.SEC_WEBSOCKET_KEY);
        return request.method().equals(HttpMethod.GET)
                && key != null
                && !key.isBlank()
                && "13".equals(h.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))
                && h.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                && h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
    }

    /**
     * The route a WebSocket event runs on the stage this runtime serves now: the route of {@code
     * routeKey}, else (for a message) {@code $default}; null when the API or stage is no longer
     * served or the stage has neither route.
     */
    public WebSocketTarget webSocketRoute(String apiId, String stageName, String routeKey) {
        ApiRuntime api = apis.get(apiId);
        StageRuntime stage = api == null ? null : api.stages().get(stageName);
        if (stage == null) {
            return null;
        }
        String key = routeKey;
        RouteRuntime route = key == null ? null : stage.webSocketRoute(key);
        if (route == null
                && !WebSocketRouteConfig.CONNECT.equals(routeKey)
                && !WebSocketRouteConfig.DISCONNECT.equals(routeKey)) {
            key = WebSocketRouteConfig.DEFAULT;
            route = stage.webSocketRoute(key);
        }
        return route == null ? null : new WebSocketTarget(this, api, stage, route, key);
    }

    /**
     * Where a WebSocket event goes.
     *
     * @param routeKey the key of the route that runs ({@code $default} when the selected key has no route)
     */
    public record WebSocketTarget(
            Runtime runtime, ApiRuntime api, StageRuntime stage, RouteRuntime route, String routeKey) {
        /** Runs the route for {@code exchange}. */
        public void start(Exchange exchange) {
            exchange.startRoute(runtime, api, stage, route);
        }
    }

    /** Whether the stage of {@code apiId} still serves WebSocket connections (a reload may remove it). */
    public boolean servesWebSocket(String apiId, String stageName) {
        ApiRuntime api = apis.get(apiId);
        return api != null
                && api.config().protocolType() == ProtocolType.WEBSOCKET
                && api.stages().containsKey(stageName);
    }

    // The compiler models $default as a greedy /{proxy+}: it takes the whole resource path, which
    // is what AWS sends to the integration.
    private static Router.Match<RouteRuntime> defaultMatch(RouteRuntime route, CanonicalPath path) {
        String template = route.config().resourcePath();
        int open = template.lastIndexOf('{');
        if (open < 0 || !template.endsWith("+}")) {
            return null;
        }
        String name = template.substring(open + 1, template.length() - 2);
        List<String> segments = List.copyOf(path.segments());
        return new Router.Match<>(route, Map.of(name, String.join("/", segments)), name, segments);
    }

    /** The configs served, sorted by namespace. */
    public List<GatewayConfig> configs() {
        return configs;
    }

    /** The APIs served by {@code name.namespace}. */
    public Map<String, ApiRuntime> apis() {
        return apis;
    }

    public HostIndex hosts() {
        return hosts;
    }
}
