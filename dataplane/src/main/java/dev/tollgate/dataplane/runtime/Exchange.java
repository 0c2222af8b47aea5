package dev.tollgate.dataplane.runtime;

import dev.tollgate.dataplane.accesslog.AccessLogFormat;
import dev.tollgate.dataplane.accesslog.AccessLogWriter;
import dev.tollgate.dataplane.accesslog.ContextValues;
import dev.tollgate.dataplane.http.CanonicalPath;
import dev.tollgate.dataplane.http.ErrorResponder;
import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.http.QueryParams;
import dev.tollgate.dataplane.metrics.RouteMeters;
import dev.tollgate.dataplane.template.InputVariable;
import dev.tollgate.dataplane.tls.TlsInfo;
import dev.tollgate.dataplane.tracing.RequestTrace;
import dev.tollgate.ir.ApiKeyConfig;
import dev.tollgate.ir.ContextVariable;
import dev.tollgate.ir.ExecutionLogLevel;
import dev.tollgate.ir.PlanLimitsConfig;
import dev.tollgate.ir.ProtocolType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
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
 *
 * <p>The request's head ({@link #request()}) is there for every step; its body is read only when a
 * step needs it: before the first {@link BodyReadingStep} of the chain it is aggregated ({@link
 * #body()}), otherwise the integration streams it through ({@link #requestBody()}). When the client
 * goes away, the pending asynchronous work is cancelled ({@link #clientGone}).
 */
public final class Exchange implements ContextValues {
    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

    private final EventLoop eventLoop;
    private final ByteBufAllocator alloc;
    private final HttpRequest request;
    private final RequestBody requestBody;
    private final ResponseSink sink;
    private final String requestId;
    private final long startNanos;
    private final long startEpochMillis;
    private final String clientIp;
    private boolean peerTrusted;
    private final TlsInfo tls;
    private final String rawPath;
    private final String host;
    private final CanonicalPath path;
    private CanonicalPath stagePath;
    private final QueryParams query;

    // Set by routing.
    private Runtime runtime;
    private ApiRuntime api;
    private StageRuntime stage;
    private RouteRuntime route;
    private Map<String, String> pathParameters = Map.of();
    private List<String> greedySegments = List.of();
    private String greedyName;

    // The whole body, once aggregated for a body-reading step.
    private ByteBuf body;
    // What to cancel should the client go away: the pending asynchronous result, or the backend call.
    private Future<?> pendingFuture;
    private CompletableFuture<?> pendingStage;
    private Runnable onClientGone;

    // Set by the steps.
    private StepChain chain;
    private int nextStep;
    private long integrationLatencyMillis = -1;
    private int integrationStatus = -1;
    private String integrationError;

    // Set by an authorizer that let the request through.
    private String principalId;
    private IamIdentity iamIdentity;
    private Map<String, String> authorizerClaims = Map.of();

    // Set by the API key step: the caller's key and the usage plan that meters it here.
    private ApiKeyConfig apiKey;
    private PlanLimitsConfig plan;
    // Set by the cache step: sees the response before it is sent; whether the cache answered.
    private Consumer<FullHttpResponse> responseObserver;
    private boolean cacheHit;
    // Set by a test invocation, or by routing for a method with execution logging: where the
    // execution log goes.
    private ExecutionLog executionLog;
    // A served request's execution log: its level, and its lines until the request is over.
    private ExecutionLogLevel executionLogLevel;
    private List<String> executionLines;
    // Set by routing: the request's trace context and the gateway's span.
    private RequestTrace trace;

    // Set by the request mapping step: the method request as templates and body mappings see it,
    // and the backend request it mapped.
    private InputVariable requestInput;
    private IntegrationRequest integrationRequest;

    // Set by whatever refuses the request: AWS's $context.error.validationErrorString.
    private String validationErrorString;
    private ContextVariables context;
    private WebSocketEvent webSocket;

    // Set when the response is sent.
    private GatewayError error;
    private int status;
    private long responseLength = -1;
    private long endNanos;
    private boolean responded;

    /**
     * An exchange of a request whose body is already in memory (owned by the caller).
     *
     * @param eventLoop the loop of the client's channel: every step runs and resumes there
     * @param alloc the channel's allocator
     * @param request the aggregated request, owned by the caller
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
        this(
                eventLoop,
                alloc,
                request,
                RequestBody.complete(request.content()),
                sink,
                requestId,
                startNanos,
                startEpochMillis,
                clientIp,
                tls,
                rawPath,
                path,
                query);
        this.body = request.content();
    }

    /**
     * An exchange of a request whose body the connection delivers as it arrives.
     *
     * @param eventLoop the loop of the client's channel: every step runs and resumes there
     * @param alloc the channel's allocator
     * @param request the request's head
     * @param requestBody its body, read when a step needs it
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
            HttpRequest request,
            RequestBody requestBody,
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
        this.requestBody = requestBody;
        this.sink = sink;
        this.requestId = requestId;
        this.startNanos = startNanos;
        this.startEpochMillis = startEpochMillis;
        this.clientIp = clientIp;
        this.tls = tls;
        this.rawPath = rawPath;
        // Read now: a proxy integration rewrites the request's headers for the backend in place.
        this.host = request.headers().get(HttpHeaderNames.HOST);
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

    /**
     * Runs the next step of the route's chain; before the first {@link BodyReadingStep} the body is
     * aggregated (the steps before it, authorizers and limits, run before any body is buffered).
     */
    public void proceed() {
        Step step = chain.at(nextStep);
        if (step == null) {
            // A chain always ends with a step that responds; reaching here is a bug.
            fail(GatewayError.INTERNAL);
            return;
        }
        if (body == null && step instanceof BodyReadingStep) {
            aggregateThenProceed();
            return;
        }
        nextStep++;
        step.apply(this);
    }

    private void aggregateThenProceed() {
        requestBody.aggregate(new RequestBody.Aggregated() {
            @Override
            public void accept(ByteBuf whole) {
                if (!responded) {
                    body = whole;
                    guarded(Exchange.this::proceed);
                }
            }

            @Override
            public void refuse(GatewayError error) {
                fail(error);
            }
        });
    }

    /**
     * Reads the whole body now, for a step that needs it only for some requests (an AWS_IAM caller's
     * signature covers the body, a bearer token does not), then runs {@code then} on this loop;
     * later steps see it as {@link #body()} and the integration sends it from memory. A body already
     * read runs {@code then} at once.
     */
    public void readBody(Continuation.Work then) {
        if (body != null) {
            guarded(then);
            return;
        }
        requestBody.aggregate(new RequestBody.Aggregated() {
            @Override
            public void accept(ByteBuf whole) {
                if (!responded) {
                    body = whole;
                    guarded(then);
                }
            }

            @Override
            public void refuse(GatewayError error) {
                fail(error);
            }
        });
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
        pendingStage = future;
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
        pendingFuture = result;
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
            internalError(e);
        }
    }

    /**
     * A fault inside the gateway while serving this request (caught by a callback that runs outside
     * {@link #resume}, such as a backend connection's): logged once with the request id and
     * answered 500 when the response has not started.
     */
    public void internalError(Throwable e) {
        if (responded) {
            LOG.error("request {} failed inside the gateway after its response", requestId, e);
            return;
        }
        LOG.error("request {} failed inside the gateway", requestId, e);
        fail(GatewayError.INTERNAL);
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
        FullHttpResponse out;
        try {
            out = decorate(response);
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

    private FullHttpResponse decorate(FullHttpResponse response) {
        decorateHead(response);
        if (responseObserver != null) {
            // Before compression: the cache keeps the identity body, whatever the client accepts.
            responseObserver.accept(response);
        }
        FullHttpResponse out = api == null ? response : api.payload().compress(request, response, alloc);
        responseLength = out.content().readableBytes();
        return out;
    }

    private void decorateHead(HttpResponse response) {
        response.headers().set(ErrorResponder.REQUEST_ID_HEADER, requestId);
        CorsPolicy cors = stage != null ? stage.cors() : api != null ? api.cors() : null;
        if (cors != null) {
            cors.decorate(request, response);
        }
        status = response.status().code();
        endNanos = System.nanoTime();
    }

    /**
     * Sends a response whose body streams from {@code body} (a backend's, passed through): the head
     * now, with {@code x-amzn-RequestId} and the API's CORS headers, the chunks as the client takes
     * them. Not for an exchange whose response is observed ({@link #observesResponse()}); later
     * answers are ignored (and {@code body} aborted).
     */
    public void respond(HttpResponse head, ResponseBody body) {
        if (responded) {
            body.abort();
            return;
        }
        responded = true;
        try {
            decorateHead(head);
        } catch (RuntimeException e) {
            LOG.error("request {} failed inside the gateway while answering", requestId, e);
            body.abort();
            error = GatewayError.INTERNAL;
            FullHttpResponse out = ErrorResponder.response(GatewayError.INTERNAL, requestId, alloc);
            status = out.status().code();
            responseLength = out.content().readableBytes();
            endNanos = System.nanoTime();
            sink.send(this, out);
            return;
        }
        sink.stream(this, head, body);
    }

    /**
     * Whether the response must be sent whole: a step watches it before it is sent (the cache), or
     * the API compresses responses.
     */
    public boolean observesResponse() {
        return responseObserver != null || (api != null && api.payload().compresses());
    }

    /** Records the length of a streamed response once it is complete (for logs). */
    public void streamed(long bytes) {
        this.responseLength = bytes;
    }

    /**
     * The client went away before the response: nothing is answered any more, late continuations
     * are dropped, and the pending asynchronous work is cancelled (a backend call gives its pooled
     * connection back). Called by the connection's handler.
     */
    public void clientGone() {
        responded = true;
        if (pendingFuture != null) {
            pendingFuture.cancel(false);
        }
        if (pendingStage != null) {
            pendingStage.cancel(false);
        }
        Runnable action = onClientGone;
        onClientGone = null;
        if (action != null) {
            action.run();
        }
    }

    /**
     * What to do should the client go away while the response is being produced or streamed (the
     * integration's backend call aborts); replaces an earlier one, null clears it.
     */
    public void onClientGone(Runnable action) {
        this.onClientGone = action;
    }

    /**
     * Answers with an AWS-shaped error: the API's customised gateway response for it, else AWS's
     * default; if the customised one cannot be rendered, AWS's default.
     */
    public void fail(GatewayError error) {
        fail(error, null);
    }

    /**
     * As {@link #fail(GatewayError)}, with the detail AWS gives a refused request in {@code
     * $context.error.validationErrorString} (a validator's message), for the gateway response's
     * templates and header mappings.
     */
    public void fail(GatewayError failure, String validationErrorString) {
        if (responded) {
            return;
        }
        GatewayError error =
                api != null && api.config().protocolType() == ProtocolType.HTTP ? failure.forHttpApi() : failure;
        this.error = error;
        this.validationErrorString = validationErrorString;
        if (executionLog != null) {
            executionLog.line("Gateway response type: " + error.responseType() + " with status code: "
                    + error.status().code() + " (" + error.message() + ")");
        }
        FullHttpResponse response = null;
        GatewayResponses responses = stage != null ? stage.responses() : api != null ? api.responses() : null;
        if (responses != null) {
            try {
                response = responses.response(error, requestId, this, alloc);
            } catch (RuntimeException e) {
                LOG.error(
                        "request {}: the gateway response for {} failed to render", requestId, error.responseType(), e);
            }
        }
        respond(response != null ? response : ErrorResponder.response(error, requestId, alloc));
    }

    void routed(Runtime runtime, ApiRuntime api, StageRuntime stage, CanonicalPath stagePath) {
        this.runtime = runtime;
        this.api = api;
        this.stage = stage;
        this.stagePath = stagePath;
        if (stage != null && trace == null) {
            trace = RequestTrace.start(
                    request.headers(),
                    stage.tracingEnabled(),
                    stage.tracer(),
                    request.method().name(),
                    startEpochMillis * 1_000_000L,
                    stage.namespace());
        }
    }

    void matched(RouteRuntime route, Router.Match<RouteRuntime> match) {
        this.route = route;
        if (trace != null) {
            trace.routed(route.config().httpMethod(), route.config().resourcePath());
        }
        if (executionLog == null && stage != null && stage.executionLogs() != null) {
            executionLogLevel = stage.executionLogLevel(
                    route.config().httpMethod(), route.config().resourcePath());
            if (executionLogLevel != null) {
                List<String> lines = new ArrayList<>();
                executionLines = lines;
                executionLog = ExecutionLog.served(lines);
            }
        }
        if (match != null) {
            this.pathParameters = match.pathParameters();
            this.greedySegments = match.greedySegments();
            this.greedyName = match.greedyName();
        }
        if (executionLog != null) {
            executionLog.line("HTTP Method: " + request.method().name() + ", Resource Path: "
                    + route.config().resourcePath());
            executionLog.line("Method request path: " + pathParameters);
            executionLog.line("Method request query string: " + query.asMap());
            executionLog.line("Method request headers: " + ExecutionLog.headers(request.headers()));
            traceBody("Method request body before transformations: ", body);
        }
    }

    /**
     * Appends a body line to the execution log of a test invocation; served execution logs hold no
     * bodies (AWS logs them only with full request and response data logging).
     */
    public void traceBody(String prefix, ByteBuf content) {
        if (executionLog != null && executionLog.bodies()) {
            executionLog.line(prefix + ExecutionLog.body(content));
        }
    }

    /** Whether the execution log shows bodies (a test invocation's): a streamed answer is then gathered. */
    public boolean tracesBodies() {
        return executionLog != null && executionLog.bodies();
    }

    /** The request's trace context (what its backend is sent), or null before it was routed to a stage. */
    public RequestTrace requestTrace() {
        return trace;
    }

    /** Whether the request's stage writes an access log (false before it was routed to a stage). */
    public boolean logsAccess() {
        return stage != null && stage.logsAccess();
    }

    /** The writer of the stage's access log destination, or null for the server's standard one. */
    public AccessLogWriter accessLogWriter() {
        return stage == null ? null : stage.accessLogWriter();
    }

    /**
     * The request is over (its response sent): the gateway's span ends and is queued for export, and
     * a served execution log is written (at ERROR only when the request ended in an error: a gateway
     * error, or a 5xx answer).
     */
    public void completed() {
        if (trace != null) {
            trace.end(this, startEpochMillis * 1_000_000L + (endNanos - startNanos));
        }
        List<String> lines = executionLines;
        if (lines == null) {
            return;
        }
        executionLines = null;
        boolean failed = error != null || status >= 500 || integrationError != null;
        if (executionLogLevel == ExecutionLogLevel.INFO || failed) {
            lines.add("Method completed with status: " + status);
            stage.executionLogs().write(requestId, lines);
        }
    }

    /** Writes this exchange's execution log to {@code log} (a test invocation's, which shows bodies). */
    public void traceTo(ExecutionLog log) {
        this.executionLog = log;
    }

    /** Whether an execution log is attached: trace points build their lines only then. */
    public boolean tracing() {
        return executionLog != null;
    }

    /** Appends a line to the execution log, if one is attached. */
    public void trace(String line) {
        if (executionLog != null) {
            executionLog.line(line);
        }
    }

    /** Records the caller an authorizer accepted: its principal and claims (values as text). */
    public void authorized(String principalId, Map<String, String> claims) {
        this.principalId = principalId;
        this.authorizerClaims = Map.copyOf(claims);
    }

    /** Records the IAM-style identity of an AWS_IAM caller ({@code $context.identity.*}). */
    public void iamIdentity(IamIdentity identity) {
        this.iamIdentity = identity;
    }

    /** The AWS_IAM caller's identity, or null when the method is not AWS_IAM or nobody was accepted. */
    public IamIdentity iamIdentity() {
        return iamIdentity;
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
        return contextVariables().value(variable);
    }

    /** The request's {@code $context}: access log values, dotted AWS names, the template maps. */
    public ContextVariables contextVariables() {
        if (context == null) {
            context = new ContextVariables(this);
        }
        return context;
    }

    /** The WebSocket event this exchange serves ({@code $connect}, a message, {@code $disconnect}), or null. */
    public WebSocketEvent webSocket() {
        return webSocket;
    }

    /** Marks this exchange as serving a WebSocket connection's event. */
    public void webSocket(WebSocketEvent event) {
        this.webSocket = event;
    }

    /**
     * Runs {@code route} of {@code stage} for this exchange (a WebSocket event, whose route is chosen
     * by key rather than by method and path), on the calling thread (the exchange's event loop).
     */
    public void startRoute(Runtime runtime, ApiRuntime servedApi, StageRuntime servedStage, RouteRuntime servedRoute) {
        guarded(() -> {
            routed(runtime, servedApi, servedStage, path);
            matched(servedRoute, null);
            startChain(servedRoute.chain());
        });
    }

    /** The client's Host header as it arrived, or null. */
    public String host() {
        return host;
    }

    public EventLoop eventLoop() {
        return eventLoop;
    }

    public ByteBufAllocator alloc() {
        return alloc;
    }

    /** The request's head (method, target, headers): there for every step. */
    public HttpRequest request() {
        return request;
    }

    /**
     * The whole request body, for a {@link BodyReadingStep} (the chain aggregates it before the
     * first one); null on a route that streams it. Owned by the connection: never released by a step.
     */
    public ByteBuf body() {
        return body;
    }

    /** The request body as the connection delivers it, for an integration that streams it through. */
    public RequestBody requestBody() {
        return requestBody;
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

    /**
     * Marks the TCP peer as a trusted proxy (the listener's {@code trustedProxies}): the forwarding
     * headers it sent ({@code X-Forwarded-For}, {@code Forwarded}, {@code X-Real-IP}) are passed on.
     */
    public void trustPeer() {
        this.peerTrusted = true;
    }

    /** Whether the TCP peer is a trusted proxy whose forwarding headers are passed on. */
    public boolean peerTrusted() {
        return peerTrusted;
    }

    /** The full canonical path, stage included on the default endpoint. */
    public CanonicalPath path() {
        return path;
    }

    public QueryParams query() {
        return query;
    }

    /** The path within the stage (no stage segment, no base path), once routed; else null. */
    public CanonicalPath stagePath() {
        return stagePath;
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

    /** The method request as mapping templates see it, once the request mapping step built it; else null. */
    public InputVariable requestInput() {
        return requestInput;
    }

    /** The backend request the request mapping step built (body, overrides); null without one. */
    public IntegrationRequest integrationRequest() {
        return integrationRequest;
    }

    /** Records what the request mapping step built. */
    public void mapped(InputVariable input, IntegrationRequest mapped) {
        this.requestInput = input;
        this.integrationRequest = mapped;
    }

    /** AWS's {@code $context.error.validationErrorString} of a refused request, or null. */
    public String validationErrorString() {
        return validationErrorString;
    }

    /** The request path as sent ({@code $context.path}). */
    public String rawPath() {
        return rawPath;
    }

    public long startEpochMillis() {
        return startEpochMillis;
    }

    /** The integration's latency in ms, or -1 before it answered. */
    public long integrationLatencyMillis() {
        return integrationLatencyMillis;
    }

    /** The backend's status, or -1 before it answered. */
    public int integrationStatus() {
        return integrationStatus;
    }

    /** What went wrong calling the backend, or null. */
    public String integrationError() {
        return integrationError;
    }

    /** The response body's length as sent, or -1 before the response. */
    public long responseLength() {
        return responseLength;
    }

    /** Sees the response (status, headers, body; not to be released) just before it is sent. */
    public void observeResponse(Consumer<FullHttpResponse> observer) {
        this.responseObserver = observer;
    }
}
