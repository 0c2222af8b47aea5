package dev.tollgate.dataplane.runtime;

import dev.tollgate.dataplane.accesslog.AccessLogFormat;
import dev.tollgate.dataplane.accesslog.ContextValues;
import dev.tollgate.dataplane.http.CanonicalPath;
import dev.tollgate.dataplane.http.ErrorResponder;
import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.http.QueryParams;
import dev.tollgate.dataplane.metrics.RouteMeters;
import dev.tollgate.dataplane.tls.TlsInfo;
import dev.tollgate.ir.ApiKeyConfig;
import dev.tollgate.ir.ContextVariable;
import dev.tollgate.ir.PlanLimitsConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request in flight: what arrived, what routing decided and what happened, in typed fields.
 * Confined to its event loop, so it needs no synchronisation.
 *
 * <p>Every piece of work on a request runs through one guard: the dispatch ({@link #start}) and
 * every continuation after an asynchronous hop ({@link #resume}). Whatever throws there is logged
 * once with the request id and answered 500 {@code {"message":"Internal server error"}}, so a bug in
 * a step never leaves the client waiting; a continuation that arrives after the response is
 * dropped.
 */
public final class Exchange implements ContextValues {
    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

    private final EventLoop eventLoop;
    private final ByteBufAllocator alloc;
    private final FullHttpRequest request;
    private final ResponseSink sink;
    private final String requestId;
    private final long startNanos;
    private final long startEpochMillis;
    private final String clientIp;
    private final TlsInfo tls;
    private final String rawPath;
    private final CanonicalPath path;
    private final QueryParams query;

    // Set by routing.
    private Runtime runtime;
    private ApiRuntime api;
    private StageRuntime stage;
    private RouteRuntime route;
    private Map<String, String> pathParameters = Map.of();
    private List<String> greedySegments = List.of();
    private String greedyName;

    // Set by the steps.
    private StepChain chain;
    private int nextStep;
    private long integrationLatencyMillis = -1;
    private int integrationStatus = -1;
    private String integrationError;

    // Set by an authorizer that let the request through.
    private String principalId;
    private Map<String, String> authorizerClaims = Map.of();

    // Set by the API key step: the caller's key and the usage plan that meters it here.
    private ApiKeyConfig apiKey;
    private PlanLimitsConfig plan;
    // Set by the cache step: sees the response before it is sent; whether the cache answered.
    private Consumer<FullHttpResponse> responseObserver;
    private boolean cacheHit;

    // Set when the response is sent.
    private GatewayError error;
    private int status;
    private long responseLength = -1;
    private long endNanos;
    private boolean responded;

    /**
     * @param eventLoop the loop of the client's channel: every step runs and resumes there
     * @param alloc the channel's allocator
     * @param request the aggregated request, owned by the connection's handler
     * @param sink where the one response goes
     * @param requestId the gateway's id of the request ({@code x-amzn-RequestId})
     * @param startNanos when the request started ({@link System#nanoTime()})
     * @param startEpochMillis when the request started (wall clock)
     * @param clientIp the TCP peer's address
     * @param tls the connection's TLS facts, or null on plain HTTP
     * @param rawPath the path as sent
     * @param path the canonical path
     * @param query the decoded query string
     */
    public Exchange(
            EventLoop eventLoop,
            ByteBufAllocator alloc,
            FullHttpRequest request,
            ResponseSink sink,
            String requestId,
            long startNanos,
            long startEpochMillis,
            String clientIp,
            TlsInfo tls,
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
        this.tls = tls;
        this.rawPath = rawPath;
        this.path = path;
        this.query = query;
    }

    /**
     * Routes this request on {@code runtime} and runs its route's steps, on the calling thread (the
     * exchange's event loop); whatever throws is answered 500.
     */
    public void start(Runtime runtime) {
        guarded(() -> runtime.dispatch(this));
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
    void startChain(StepChain chain) {
        this.chain = chain;
        this.nextStep = 0;
        proceed();
    }

    /**
     * The one way a step continues after an asynchronous hop (a Redis answer, a cache lookup, an
     * authorizer or key-set call): {@code then} gets the result, or null and the failure, on this
     * exchange's event loop, inline when the result is already there and this is the loop. If
     * {@code then} throws, the request is answered 500; if the exchange has responded meanwhile,
     * {@code then} is not called (a reference-counted result is released).
     */
    public <T> void resume(CompletionStage<T> result, Continuation<? super T> then) {
        CompletableFuture<T> future = result.toCompletableFuture();
        if (future.isDone() && eventLoop.inEventLoop()) {
            T value = null;
            Throwable failure = null;
            try {
                value = future.join();
            } catch (CompletionException | CancellationException e) {
                failure = unwrap(e);
            }
            continueWith(value, failure, then);
            return;
        }
        future.whenComplete((value, failure) -> onLoop(value, () -> continueWith(value, unwrap(failure), then)));
    }

    /** As {@link #resume(CompletionStage, Continuation)}, for a Netty future (the upstream client's). */
    public <T> void resume(Future<T> result, Continuation<? super T> then) {
        result.addListener(f -> {
            T value = result.isSuccess() ? result.getNow() : null;
            onLoop(value, () -> continueWith(value, result.cause(), then));
        });
    }

    private void onLoop(Object value, Runnable task) {
        if (eventLoop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            eventLoop.execute(task);
        } catch (RejectedExecutionException e) {
            // The loop is shutting down and its connection with it: nobody is left to answer.
            ReferenceCountUtil.release(value);
            LOG.debug("request {} abandoned: its event loop stopped", requestId);
        }
    }

    private <T> void continueWith(T value, Throwable failure, Continuation<? super T> then) {
        if (responded) {
            ReferenceCountUtil.release(value);
            return;
        }
        guarded(() -> then.resume(value, failure));
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** Runs gateway work for this request: whatever it throws is logged once and answered 500. */
    private void guarded(Continuation.Work work) {
        try {
            work.run();
        } catch (Throwable e) {
            if (responded) {
                LOG.error("request {} failed inside the gateway after its response", requestId, e);
                return;
            }
            LOG.error("request {} failed inside the gateway", requestId, e);
            fail(GatewayError.INTERNAL);
        }
    }

    /**
     * Sends the response (adding {@code x-amzn-RequestId} and the API's CORS headers); later calls
     * are ignored. Should decorating it fail, AWS's 500 goes instead: the client always gets an
     * answer.
     */
    public void respond(FullHttpResponse response) {
        if (responded) {
            response.release();
            return;
        }
        responded = true;
        FullHttpResponse out = response;
        try {
            decorate(response);
        } catch (RuntimeException e) {
            LOG.error("request {} failed inside the gateway while answering", requestId, e);
            response.release();
            error = GatewayError.INTERNAL;
            out = ErrorResponder.response(GatewayError.INTERNAL, requestId, alloc);
            status = out.status().code();
            responseLength = out.content().readableBytes();
            endNanos = System.nanoTime();
        }
        sink.send(this, out);
    }

    private void decorate(FullHttpResponse response) {
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
    }

    /**
     * Answers with an AWS-shaped error: the API's customised gateway response for it, else AWS's
     * default; if the customised one cannot be rendered, AWS's default.
     */
    public void fail(GatewayError error) {
        if (responded) {
            return;
        }
        this.error = error;
        FullHttpResponse response = null;
        if (api != null && api.responses() != null) {
            try {
                response = api.responses().response(error, requestId, this, alloc);
            } catch (RuntimeException e) {
                LOG.error(
                        "request {}: the gateway response for {} failed to render", requestId, error.responseType(), e);
            }
        }
        respond(response != null ? response : ErrorResponder.response(error, requestId, alloc));
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

    /** The TLS facts of the request's connection (SNI name, client certificate), or null on plain HTTP. */
    public TlsInfo tls() {
        return tls;
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
            return stage.stageMeters();
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
                    IDENTITY_CLIENT_CERT_NOT_AFTER -> tls == null ? null : tls.value(variable);
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
    public List<String> greedySegments() {
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
    public ApiKeyConfig apiKey() {
        return apiKey;
    }

    /** The usage plan that meters the caller on this route, once the API key step chose it; else null. */
    public PlanLimitsConfig plan() {
        return plan;
    }

    /** Records the accepted API key and the plan that meters it on this route. */
    public void apiKey(ApiKeyConfig key, PlanLimitsConfig meteringPlan) {
        this.apiKey = key;
        this.plan = meteringPlan;
    }

    /** Records that the stage cache answered this request. */
    public void cacheHit() {
        this.cacheHit = true;
    }

    /** Whether the stage cache answered this request. */
    public boolean servedFromCache() {
        return cacheHit;
    }

    /** Sees the response (status, headers, body; not to be released) just before it is sent. */
    public void observeResponse(Consumer<FullHttpResponse> observer) {
        this.responseObserver = observer;
    }
}
