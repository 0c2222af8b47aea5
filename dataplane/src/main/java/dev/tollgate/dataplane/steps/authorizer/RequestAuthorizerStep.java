package dev.tollgate.dataplane.steps.authorizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.dataplane.functions.FunctionGate;
import dev.tollgate.dataplane.functions.FunctionGates;
import dev.tollgate.dataplane.functions.FunctionPermit;
import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.HostPort;
import dev.tollgate.dataplane.runtime.LambdaEvents;
import dev.tollgate.dataplane.runtime.MethodArn;
import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.dataplane.upstream.UpstreamAddress;
import dev.tollgate.dataplane.upstream.UpstreamSender;
import dev.tollgate.ir.RequestAuthorizerConfig;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TOKEN or REQUEST authorizer on one route: reads the identity (401 without a call when it is
 * missing or fails the validation expression), answers from the cache when the identity's policy is
 * fresh, else POSTs AWS's authorizer event to the authorizer service without blocking, caches the
 * answer, and lets the request through only when the policy allows this method's ARN. A Lambda
 * authorizer is invoked on its function's invoke API with AWS's Lambda authorizer event (payload
 * 1.0, or 2.0 for HTTP APIs that ask for it); its {@code Unauthorized} error is a 401, any other
 * function error a 500, and an HTTP API's simple response ({@code isAuthorized}) replaces the policy.
 * A Lambda authorizer's invocations run within its function's concurrency bound ({@link
 * FunctionGates}), shared with the function's integrations; a call refused by the bound is the
 * authorizer failing (500).
 */
final class RequestAuthorizerStep implements Step {
    private static final Logger LOG = LoggerFactory.getLogger(RequestAuthorizerStep.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RequestAuthorizerConfig config;
    private final UpstreamSender client;
    private final FunctionGate gate;
    private final UpstreamAddress address;
    private final String hostHeader;
    private final AuthorizerCache cache;
    private final String cacheScope;
    private final String arnPrefix;
    private final String resource;
    private final Pattern validation;

    RequestAuthorizerStep(
            RequestAuthorizerConfig config,
            HostPort backend,
            String scheme,
            UpstreamSender client,
            FunctionGate gate,
            AuthorizerCache cache,
            String namespace,
            String api) {
        this.config = config;
        this.client = client;
        this.gate = gate;
        this.address = new UpstreamAddress(scheme, backend.host(), backend.port());
        this.hostHeader = backend.host() + ":" + backend.port();
        this.cache = cache;
        this.cacheScope = namespace + "/" + api + "/" + config.name() + "\u0000";
        this.arnPrefix = MethodArn.prefix(namespace, api);
        this.resource = namespace + "/RestApi/" + api;
        this.validation = config.validationExpression() == null ? null : Pattern.compile(config.validationExpression());
    }

    @Override
    public void apply(Exchange exchange) {
        List<String> identity = new ArrayList<>();
        for (String source : config.identitySources()) {
            String value = source.startsWith("header.")
                    ? exchange.request().headers().get(source.substring(7))
                    : exchange.query().last(source.substring(12));
            if (value == null || value.isEmpty()) {
                exchange.fail(AuthErrors.UNAUTHORIZED);
                return;
            }
            identity.add(value);
        }
        if (validation != null && !validation.matcher(identity.get(0)).matches()) {
            exchange.fail(AuthErrors.UNAUTHORIZED);
            return;
        }
        String methodArn = arnPrefix + MethodArn.resource(exchange);
        String key = cacheScope + String.join("\u0000", identity);
        if (config.resultTtlSeconds() > 0) {
            AuthorizerPolicy cached = cache.get(key);
            if (cached != null) {
                decide(exchange, cached, methodArn);
                return;
            }
        }
        if (gate == null) {
            call(exchange, null, identity, methodArn, key);
            return;
        }
        Future<FunctionPermit> permit =
                gate.acquire(exchange.eventLoop(), Math.min(FunctionGates.MAX_WAIT_MILLIS, config.timeoutMillis()));
        if (permit.isDone()) {
            granted(exchange, permit, identity, methodArn, key);
            return;
        }
        // Not a continuation the exchange may drop: a permit it can no longer use is released.
        permit.addListener(f -> granted(exchange, permit, identity, methodArn, key));
    }

    private void granted(
            Exchange exchange, Future<FunctionPermit> permit, List<String> identity, String methodArn, String key) {
        if (!permit.isSuccess()) {
            if (!exchange.responded()) {
                // Not logged per call: a flood of callers would flood the log.
                LOG.debug("{}: authorizer {} throttled", resource, config.name());
                exchange.fail(AuthErrors.AUTHORIZER_FAILURE);
            }
            return;
        }
        if (exchange.responded()) {
            permit.getNow().release();
            return;
        }
        call(exchange, permit.getNow(), identity, methodArn, key);
    }

    /** Invokes the authorizer, within {@code permit} when it is a function (else null). */
    private void call(Exchange exchange, FunctionPermit permit, List<String> identity, String methodArn, String key) {
        long start = System.nanoTime();
        Future<FullHttpResponse> future;
        try {
            FullHttpRequest request = event(exchange, identity, methodArn);
            future = permit == null
                    ? client.send(exchange.eventLoop(), address, request, config.timeoutMillis())
                    : permit.invoke(client, exchange.eventLoop(), request, config.timeoutMillis());
        } catch (RuntimeException e) {
            if (permit != null) {
                permit.release();
            }
            failure(exchange, e.getClass().getSimpleName());
            return;
        }
        cache.countCall();
        exchange.resume(future, (response, error) -> {
            if (error != null) {
                failure(exchange, error.getClass().getSimpleName());
                return;
            }
            try {
                int status = response.status().code();
                byte[] body = new byte[response.content().readableBytes()];
                response.content().getBytes(response.content().readerIndex(), body);
                if (config.lambda()) {
                    String failed = status == 200 ? LambdaEvents.functionError(response.headers(), body) : null;
                    if ("Unauthorized".equals(failed)) {
                        // AWS: a function that fails with "Unauthorized" refuses the caller: 401.
                        exchange.fail(AuthErrors.UNAUTHORIZED);
                        return;
                    }
                    if (status != 200 || failed != null) {
                        failure(exchange, status != 200 ? "invoke API answered " + status : "function error " + failed);
                        return;
                    }
                } else if (status == 401 || status == 403) {
                    // The authorizer's "Unauthorized": AWS answers 401 and caches nothing.
                    exchange.fail(AuthErrors.UNAUTHORIZED);
                    return;
                }
                AuthorizerPolicy policy = status != 200
                        ? null
                        : config.simpleResponses() ? AuthorizerPolicy.simple(body) : AuthorizerPolicy.parse(body);
                if (policy == null) {
                    LOG.warn(
                            "{}: authorizer {} answered {} without a valid policy ({} ms)",
                            resource,
                            config.name(),
                            status,
                            (System.nanoTime() - start) / 1_000_000);
                    exchange.fail(AuthErrors.CONFIGURATION_ERROR);
                    return;
                }
                if (config.resultTtlSeconds() > 0) {
                    cache.put(key, policy, config.resultTtlSeconds());
                }
                decide(exchange, policy, methodArn);
            } finally {
                response.release();
            }
        });
    }

    private void failure(Exchange exchange, String why) {
        LOG.warn("{}: authorizer {} failed: {}", resource, config.name(), why);
        exchange.fail(AuthErrors.AUTHORIZER_FAILURE);
    }

    private void decide(Exchange exchange, AuthorizerPolicy policy, String methodArn) {
        GatewayError error =
                switch (policy.decide(methodArn)) {
                    case ALLOW -> null;
                    case EXPLICIT_DENY -> AuthErrors.EXPLICIT_DENY;
                    // An HTTP API's simple response that is not authorized: AWS's 403 Forbidden.
                    case NOT_ALLOWED ->
                        config.simpleResponses() ? AuthErrors.INSUFFICIENT_SCOPE : AuthErrors.NOT_ALLOWED;
                };
        if (error != null) {
            exchange.fail(error);
            return;
        }
        exchange.authorized(policy.principalId(), policy.context());
        exchange.proceed();
    }

    private FullHttpRequest event(Exchange exchange, List<String> identity, String methodArn) {
        ObjectNode event;
        if (config.lambda() && "2.0".equals(config.payloadFormatVersion())) {
            event = LambdaEvents.requestAuthorizerV2(exchange, methodArn, identity);
        } else if (config.lambda() && config.kind().equals("REQUEST")) {
            event = LambdaEvents.requestAuthorizerV1(exchange, methodArn, identity);
        } else {
            event = httpEvent(exchange, identity, methodArn);
        }
        return request(event);
    }

    /** The event the HTTP-served authorizers have always been sent. */
    private ObjectNode httpEvent(Exchange exchange, List<String> identity, String methodArn) {
        ObjectNode event = JSON.createObjectNode();
        event.put("type", config.kind());
        event.put("methodArn", methodArn);
        if (config.kind().equals("TOKEN")) {
            event.put("authorizationToken", identity.get(0));
        } else {
            event.put("resource", exchange.route().config().resourcePath());
            event.put("path", "/" + MethodArn.path(exchange));
            event.put("httpMethod", exchange.request().method().name());
            ObjectNode headers = event.putObject("headers");
            exchange.request().headers().forEach(h -> {
                if (!headers.has(h.getKey())) {
                    headers.put(h.getKey(), h.getValue());
                }
            });
            ObjectNode query = event.putObject("queryStringParameters");
            for (Map.Entry<String, List<String>> q : exchange.query().asMap().entrySet()) {
                query.put(q.getKey(), q.getValue().get(q.getValue().size() - 1));
            }
            ObjectNode path = event.putObject("pathParameters");
            exchange.pathParameters().forEach(path::put);
            ObjectNode stageVariables = event.putObject("stageVariables");
            exchange.stage().config().variables().forEach(stageVariables::put);
            ObjectNode context = event.putObject("requestContext");
            context.put("requestId", exchange.requestId());
            context.put("stage", exchange.stage().config().name());
            context.put("resourcePath", exchange.route().config().resourcePath());
            context.put("httpMethod", exchange.request().method().name());
            context.put("apiId", exchange.api().config().name());
            context.putObject("identity").put("sourceIp", exchange.clientIp());
        }
        return event;
    }

    private FullHttpRequest request(ObjectNode event) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        FullHttpRequest request = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.POST, config.path(), Unpooled.wrappedBuffer(body));
        request.headers()
                .set(HttpHeaderNames.HOST, hostHeader)
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return request;
    }
}
