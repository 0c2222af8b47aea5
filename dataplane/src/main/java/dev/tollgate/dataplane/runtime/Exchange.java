package dev.tollgate.dataplane.runtime;

import dev.tollgate.dataplane.accesslog.AccessLogFormat;
import dev.tollgate.dataplane.accesslog.ContextValues;
import dev.tollgate.dataplane.http.CanonicalPath;
import dev.tollgate.dataplane.http.ErrorResponder;
import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.http.QueryParams;
import dev.tollgate.dataplane.metrics.RouteMeters;
import dev.tollgate.ir.ContextVariable;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.Map;

/**
 * One request in flight: what arrived, what routing decided and what happened, in typed fields.
 * Confined to its event loop, so it needs no synchronisation.
 */
public final class Exchange implements ContextValues {
    private final EventLoop eventLoop;
    private final ByteBufAllocator alloc;
    private final FullHttpRequest request;
    private final ResponseSink sink;
    private final String requestId;
    private final long startNanos;
    private final long startEpochMillis;
    private final String clientIp;
    private final String rawPath;
    private final CanonicalPath path;
    private final QueryParams query;

    // Set by routing.
    private Runtime runtime;
    private ApiRuntime api;
    private StageRuntime stage;
    private RouteRuntime route;
    private Map<String, String> pathParameters = Map.of();
    private java.util.List<String> greedySegments = java.util.List.of();
    private String greedyName;

    // Set by the steps.
    private StepChain chain;
    private int nextStep;
    private long integrationLatencyMillis = -1;
    private int integrationStatus = -1;
    private String integrationError;

    // Set for requests on the TLS listener.
    private String tlsServerName;
    private java.security.cert.X509Certificate clientCertificate;

    // Set by an authorizer that let the request through.
    private String principalId;
    private Map<String, String> authorizerClaims = Map.of();

    // Set by the API key step: the caller's key and the usage plan that meters it here.
    private dev.tollgate.ir.ApiKeyConfig apiKey;
    private dev.tollgate.ir.PlanLimitsConfig plan;
    // Set by the cache step: sees the response before it is sent.
    private java.util.function.Consumer<FullHttpResponse> responseObserver;

    // Set when the response is sent.
    private GatewayError error;
    private int status;
    private long responseLength = -1;
    private long endNanos;
    private boolean responded;

    public Exchange(
            EventLoop eventLoop,
            ByteBufAllocator alloc,
            FullHttpRequest request,
            ResponseSink sink,
            String requestId,
            long startNanos,
            long startEpochMillis,
            String clientIp,
            String rawPath,
            CanonicalPath path,
            QueryParams query) {
        this.eventLoop = eventLoop;
        this.alloc = alloc;
        this.request = request;
        this.sink = sink;
        this.requestId = requestId;
        this.startNanos = startNanos;
        this.startEpochMillis = startEpochMillis;
        this.clientIp = clientIp;
        this.rawPath = rawPath;
        this.path = path;
        this.query = query;
    }

    /** Runs the next step of the route's chain. */
    public void proceed() {
        Step step = chain.at(nextStep++);
        if (step == null) {
            // A chain always ends with a step that responds; reaching here is a bug.
            fail(GatewayError.INTERNAL);
            return;
        }
        step.apply(this);
    }

    /** Starts the chain of the routed route. */
    void start(StepChain chain) {
        this.chain = chain;
        this.nextStep = 0;
        proceed();
    }

    /** Sends the response (adding {@code x-amzn-RequestId}); later calls are ignored. */
    public void respond(FullHttpResponse response) {
        if (responded) {
            response.release();
            return;
        }
        responded = true;
        response.headers().set(ErrorResponder.REQUEST_ID_HEADER, requestId);
        if (api != null && api.cors() != null) {
            api.cors().decorate(request, response);
        }
        status = response.status().code();
        responseLength = response.content().readableBytes();
        endNanos = System.nanoTime();
        if (responseObserver != null) {
            responseObserver.accept(response);
        }
        sink.send(this, response);
    }

    /** Answers with an AWS-shaped error. */
    public void fail(GatewayError error) {
        if (responded) {
            return;
        }
        this.error = error;
        respond(
                api != null && api.responses() != null
                        ? api.responses().response(error, requestId, this, alloc)
                        : ErrorResponder.response(error, requestId, alloc));
    }

    void routed(Runtime runtime, ApiRuntime api, StageRuntime stage) {
        this.runtime = runtime;
        this.api = api;
        this.stage = stage;
    }

    void matched(RouteRuntime route, Router.Match<RouteRuntime> match) {
        this.route = route;
        if (match != null) {
            this.pathParameters = match.pathParameters();
            this.greedySegments = match.greedySegments();
            this.greedyName = match.greedyName();
        }
    }

    /** Records the caller an authorizer accepted: its principal and claims (values as text). */
    public void authorized(String principalId, Map<String, String> claims) {
        this.principalId = principalId;
        this.authorizerClaims = Map.copyOf(claims);
    }

    /**
     * Records what the TLS listener knows: the SNI name the client asked for and its verified
     * certificate (mutual TLS), either null.
     */
    public void tls(String serverName, java.security.cert.X509Certificate clientCertificate) {
        this.tlsServerName = serverName;
        this.clientCertificate = clientCertificate;
    }

    /** The SNI name of a request on the TLS listener, or null on plain HTTP. */
    public String tlsServerName() {
        return tlsServerName;
    }

    /** The accepted caller's principal, or null. */
    public String principalId() {
        return principalId;
    }

    /**
     * What the authorizer said about the accepted caller, by the name after {@code
     * $context.authorizer.}: {@code claims.NAME} for a JWT, context keys for TOKEN/REQUEST; empty
     * when none.
     */
    public Map<String, String> authorizerClaims() {
        return authorizerClaims;
    }

    /** Records the integration's outcome for logs and metrics. */
    public void integrationDone(long latencyNanos, int backendStatus, String errorText) {
        this.integrationLatencyMillis = latencyNanos / 1_000_000;
        this.integrationStatus = backendStatus;
        this.integrationError = errorText;
        RouteMeters meters = meters();
        if (meters != null) {
            meters.integration(latencyNanos);
        }
    }

    /** The meters this request counts in: its route's, else its stage's unknown bucket. */
    public RouteMeters meters() {
        if (route != null) {
            return route.meters();
        }
        if (stage != null) {
            return stage.unknownMeters(request.method().name());
        }
        return null;
    }

    /** The access log format of the stage, or the default one. */
    public AccessLogFormat accessLogFormat() {
        return stage != null ? stage.accessLogFormat() : StageRuntime.DEFAULT_FORMAT;
    }

    @Override
    public String value(ContextVariable variable) {
        return switch (variable) {
            case ACCOUNT_ID -> null;
            case API_ID -> api == null ? null : api.config().name();
            case DOMAIN_NAME -> hostWithoutPort();
            case DOMAIN_PREFIX -> {
                String h = hostWithoutPort();
                yield h == null ? null : (h.indexOf('.') > 0 ? h.substring(0, h.indexOf('.')) : h);
            }
            case ERROR_MESSAGE -> error == null ? null : error.message();
            case ERROR_RESPONSE_TYPE -> error == null ? null : error.responseType();
            case EXTENDED_REQUEST_ID, REQUEST_ID -> requestId;
            case HTTP_METHOD -> request.method().name();
            case IDENTITY_SOURCE_IP -> clientIp;
            case IDENTITY_CLIENT_CERT_PEM,
                    IDENTITY_CLIENT_CERT_SUBJECT_DN,
                    IDENTITY_CLIENT_CERT_ISSUER_DN,
                    IDENTITY_CLIENT_CERT_SERIAL_NUMBER,
                    IDENTITY_CLIENT_CERT_NOT_BEFORE,
                    IDENTITY_CLIENT_CERT_NOT_AFTER ->
                dev.tollgate.dataplane.tls.ClientCertificates.value(clientCertificate, variable);
            case IDENTITY_USER_AGENT -> request.headers().get(HttpHeaderNames.USER_AGENT);
            case INTEGRATION_ERROR -> integrationError;
            case INTEGRATION_LATENCY, INTEGRATION_LATENCY_V1 ->
                integrationLatencyMillis < 0 ? null : Long.toString(integrationLatencyMillis);
            case INTEGRATION_STATUS, INTEGRATION_STATUS_V1 ->
                integrationStatus < 0 ? null : Integer.toString(integrationStatus);
            case PATH -> rawPath;
            case PROTOCOL -> request.protocolVersion().text();
            case REQUEST_TIME -> AccessLogFormat.requestTime(startEpochMillis);
            case REQUEST_TIME_EPOCH -> Long.toString(startEpochMillis);
            case RESOURCE_ID, RESOURCE_PATH ->
                route == null ? null : route.config().resourcePath();
            case RESPONSE_LATENCY -> responded ? Long.toString((endNanos - startNanos) / 1_000_000) : null;
            case RESPONSE_LENGTH -> responseLength < 0 ? null : Long.toString(responseLength);
            case ROUTE_KEY ->
                route == null
                        ? null
                        : route.config().httpMethod() + " " + route.config().resourcePath();
            case STAGE -> stage == null ? null : stage.config().name();
            case STATUS -> status == 0 ? null : Integer.toString(status);
        };
    }

    private String hostWithoutPort() {
        String host = request.headers().get(HttpHeaderNames.HOST);
        return host == null ? null : HostIndex.normalizeHost(host);
    }

    public EventLoop eventLoop() {
        return eventLoop;
    }

    public ByteBufAllocator alloc() {
        return alloc;
    }

    /** The aggregated request; owned by the connection's handler, released after the response. */
    public FullHttpRequest request() {
        return request;
    }

    public String requestId() {
        return requestId;
    }

    public long startNanos() {
        return startNanos;
    }

    public String clientIp() {
        return clientIp;
    }

    /** The full canonical path, stage included on the default endpoint. */
    public CanonicalPath path() {
        return path;
    }

    public QueryParams query() {
        return query;
    }

    /** The runtime this request started on (a reload does not change it). */
    public Runtime runtime() {
        return runtime;
    }

    public ApiRuntime api() {
        return api;
    }

    public StageRuntime stage() {
        return stage;
    }

    public RouteRuntime route() {
        return route;
    }

    /** Decoded path parameters by name. */
    public Map<String, String> pathParameters() {
        return pathParameters;
    }

    /** Name of the greedy path parameter the route took, or null. */
    public String greedyName() {
        return greedyName;
    }

    /** The canonical segments the greedy parameter took. */
    public java.util.List<String> greedySegments() {
        return greedySegments;
    }

    public GatewayError error() {
        return error;
    }

    public int status() {
        return status;
    }

    public long endNanos() {
        return endNanos;
    }

    public boolean responded() {
        return responded;
    }

    /** The API key the caller sent, once the API key step accepted it; else null. */
    public dev.tollgate.ir.ApiKeyConfig apiKey() {
        return apiKey;
    }

    /** The usage plan that meters the caller on this route, once the API key step chose it; else null. */
    public dev.tollgate.ir.PlanLimitsConfig plan() {
        return plan;
    }

    /** Records the accepted API key and the plan that meters it on this route. */
    public void apiKey(dev.tollgate.ir.ApiKeyConfig key, dev.tollgate.ir.PlanLimitsConfig meteringPlan) {
        this.apiKey = key;
        this.plan = meteringPlan;
    }

    /** Sees the response (status, headers, body; not to be released) just before it is sent. */
    public void observeResponse(java.util.function.Consumer<FullHttpResponse> observer) {
        this.responseObserver = observer;
    }
}
