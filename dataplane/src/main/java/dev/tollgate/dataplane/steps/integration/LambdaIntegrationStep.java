package dev.tollgate.dataplane.steps.integration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.dataplane.functions.FunctionGate;
import dev.tollgate.dataplane.functions.FunctionGates;
import dev.tollgate.dataplane.functions.FunctionPermit;
import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.http.MediaTypes;
import dev.tollgate.dataplane.runtime.BodyReadingStep;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.ExecutionLog;
import dev.tollgate.dataplane.runtime.HostPort;
import dev.tollgate.dataplane.runtime.IntegrationRequest;
import dev.tollgate.dataplane.runtime.LambdaEvents;
import dev.tollgate.dataplane.runtime.WebSocketEvent;
import dev.tollgate.dataplane.template.JsonValues;
import dev.tollgate.dataplane.template.TemplateException;
import dev.tollgate.dataplane.upstream.UpstreamException;
import dev.tollgate.dataplane.upstream.UpstreamSender;
import dev.tollgate.ir.LambdaIntegrationConfig;
import dev.tollgate.ir.PassthroughBehavior;
import dev.tollgate.ir.ProtocolType;
import dev.tollgate.ir.WebSocketRouteConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.Future;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AWS's LAMBDA_PROXY and LAMBDA integrations over the Lambda invoke API: the payload (AWS's proxy
 * event, or what the request template rendered) is POSTed to {@code
 * /2015-03-31/functions/FUNCTION/invocations} at the endpoint (or Service) the function's
 * concurrency bound grants ({@link FunctionGates}), without blocking. The function's answer is the
 * response (proxy) or is mapped by the integration responses selected on its {@code errorMessage}
 * (LAMBDA). A function error (the invoke API's {@code X-Amz-Function-Error} header, or the
 * {@code errorMessage}/{@code errorType} answer the emulator returns), a malformed proxy answer or an
 * unreachable function answers 502 {@code Internal server error}; the timeout 504 {@code Endpoint
 * request timed out} (the endpoint stays taken until the function ends the invocation); a function
 * at its bound whose queue is full or slow 500, as AWS answers a throttled function. HTTP APIs
 * answer these with their own wording ({@link GatewayError#forHttpApi}).
 * A WebSocket route's function gets AWS's WebSocket event ({@link LambdaEvents#webSocket}); the
 * answer of a one-way route or of {@code $disconnect} is not read.
 */
final class LambdaIntegrationStep implements BodyReadingStep {
    private static final Logger LOG = LoggerFactory.getLogger(LambdaIntegrationStep.class);

    private final LambdaIntegrationConfig config;
    private final UpstreamSender client;
    private final String hostHeader;
    private final String path;
    private final FunctionGate gate;
    private final IntegrationResponses responses;
    private final String name;

    LambdaIntegrationStep(
            LambdaIntegrationConfig config,
            HostPort backend,
            UpstreamSender client,
            FunctionGate gate,
            IntegrationResponses responses,
            String name) {
        this.config = config;
        this.client = client;
        String host = backend.host().indexOf(':') >= 0 ? "[" + backend.host() + "]" : backend.host();
        this.hostHeader = host + ":" + backend.port();
        this.path = config.invokePath();
        this.gate = gate;
        this.responses = responses;
        this.name = name;
    }

    @Override
    public void apply(Exchange exchange) {
        byte[] payload;
        try {
            payload = payload(exchange);
        } catch (JsonProcessingException e) {
            exchange.internalError(e);
            return;
        }
        if (payload == null) {
            exchange.fail(GatewayError.UNSUPPORTED_MEDIA_TYPE);
            return;
        }
        Future<FunctionPermit> permit =
                gate.acquire(exchange.eventLoop(), Math.min(FunctionGates.MAX_WAIT_MILLIS, config.timeoutMillis()));
        if (permit.isDone()) {
            granted(exchange, permit, payload);
            return;
        }
        // The permit's listener runs on the exchange's loop; it must release a permit the exchange
        // can no longer use, so it is not a continuation the exchange may drop.
        permit.addListener(f -> granted(exchange, permit, payload));
    }

    private void granted(Exchange exchange, Future<FunctionPermit> permit, byte[] payload) {
        if (!permit.isSuccess()) {
            if (!exchange.responded()) {
                exchange.trace("Execution failed: function " + config.functionName() + " is throttled");
                exchange.fail(GatewayError.FUNCTION_THROTTLED);
            }
            return;
        }
        FunctionPermit held = permit.getNow();
        if (exchange.responded()) {
            held.release();
            return;
        }
        try {
            invoke(exchange, held, payload);
        } catch (RuntimeException e) {
            held.release();
            exchange.internalError(e);
        }
    }

    /** The invoke payload, or null when passthrough refuses the body's content type. */
    private byte[] payload(Exchange exchange) throws JsonProcessingException {
        if (config.proxy()) {
            // A WebSocket route's function gets AWS's WebSocket event, whatever the payload format.
            ObjectNode event = exchange.webSocket() != null
                    ? LambdaEvents.webSocket(exchange, exchange.body())
                    : "2.0".equals(config.payloadFormatVersion())
                            ? LambdaEvents.v2(exchange, exchange.body())
                            : LambdaEvents.v1(exchange, exchange.body());
            return LambdaEvents.JSON.writeValueAsBytes(event);
        }
        IntegrationRequest mapped = exchange.integrationRequest();
        if (mapped != null) {
            return mapped.body();
        }
        PassthroughBehavior b = config.passthroughBehavior();
        if (b == PassthroughBehavior.NEVER
                || (b == PassthroughBehavior.WHEN_NO_TEMPLATES
                        && !config.requestTemplates().isEmpty())) {
            return null;
        }
        ByteBuf body = exchange.body();
        if (body == null || !body.isReadable()) {
            // The invoke API takes JSON: an empty request is the empty object.
            return "{}".getBytes(StandardCharsets.UTF_8);
        }
        byte[] bytes = new byte[body.readableBytes()];
        body.getBytes(body.readerIndex(), bytes);
        return bytes;
    }

    private void invoke(Exchange exchange, FunctionPermit permit, byte[] payload) {
        FullHttpRequest request = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.POST, path, Unpooled.wrappedBuffer(payload));
        request.headers()
                .set(HttpHeaderNames.HOST, hostHeader)
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, payload.length)
                .set("X-Amz-Invocation-Type", "RequestResponse")
                .set(HttpIntegrationStep.REQUEST_ID, exchange.requestId());
        if (exchange.tracing()) {
            exchange.trace("Endpoint request URI: " + permit.address() + path);
            exchange.trace("Endpoint request body after transformations: "
                    + ExecutionLog.body(Unpooled.wrappedBuffer(payload)));
        }
        long start = System.nanoTime();
        Future<FullHttpResponse> answer = permit.invoke(client, exchange.eventLoop(), request, config.timeoutMillis());
        exchange.resume(answer, (response, error) -> {
            long latency = System.nanoTime() - start;
            if (error != null) {
                if (error instanceof UpstreamException u) {
                    HttpIntegrationStep.failed(exchange, u, latency);
                } else {
                    exchange.integrationDone(latency, -1, error.getClass().getSimpleName());
                    exchange.fail(GatewayError.INTEGRATION_FAILURE);
                }
                return;
            }
            try {
                answered(exchange, response, latency);
            } finally {
                response.release();
            }
        });
    }

    private void answered(Exchange exchange, FullHttpResponse invoke, long latency) {
        int status = invoke.status().code();
        byte[] payload = new byte[invoke.content().readableBytes()];
        invoke.content().getBytes(invoke.content().readerIndex(), payload);
        if (status == 429) {
            exchange.integrationDone(latency, status, "TooManyRequestsException");
            exchange.fail(GatewayError.FUNCTION_THROTTLED);
            return;
        }
        if (status != 200) {
            exchange.integrationDone(latency, status, "Invoke API answered " + status);
            LOG.debug("{}: the invoke API of {} answered {}", name, config.functionName(), status);
            exchange.fail(GatewayError.INTEGRATION_FAILURE);
            return;
        }
        String errorMessage = LambdaEvents.functionError(invoke.headers(), payload);
        exchange.integrationDone(latency, status, errorMessage);
        if (exchange.tracing()) {
            exchange.trace("Endpoint response body before transformations: "
                    + ExecutionLog.body(Unpooled.wrappedBuffer(payload)));
        }
        if (config.proxy()) {
            if (errorMessage != null) {
                exchange.trace(
                        "Lambda execution failed with status 200 due to customer function error: " + errorMessage);
                exchange.fail(GatewayError.INTEGRATION_FAILURE);
                return;
            }
            boolean rest = exchange.api().config().protocolType() == ProtocolType.REST;
            FullHttpResponse response = LambdaProxyAnswer.parse(
                    payload,
                    "2.0".equals(config.payloadFormatVersion()),
                    rest,
                    !rest || exchange.api().payload().acceptsBinary(exchange.request()),
                    exchange.alloc());
            if (response == null && answerUnused(exchange)) {
                // AWS reads no answer of a one-way WebSocket route (or of $disconnect): none is malformed.
                exchange.respond(new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER));
                return;
            }
            if (response == null) {
                exchange.trace("Execution failed due to configuration error: Malformed Lambda proxy response");
                exchange.fail(GatewayError.INTEGRATION_FAILURE);
                return;
            }
            exchange.respond(response);
            return;
        }
        custom(exchange, payload, errorMessage);
    }

    /** Whether the exchange is a WebSocket event whose answer is never used: a one-way message route or $disconnect. */
    private static boolean answerUnused(Exchange exchange) {
        WebSocketEvent event = exchange.webSocket();
        if (event == null || WebSocketEvent.CONNECT.equals(event.eventType())) {
            return false;
        }
        WebSocketRouteConfig route = exchange.route().config().webSocket();
        return WebSocketEvent.DISCONNECT.equals(event.eventType()) || route == null || !route.twoWay();
    }

    /** LAMBDA: the integration response selected on the error message maps the function's answer. */
    private void custom(Exchange exchange, byte[] payload, String errorMessage) {
        if (responses.isEmpty()) {
            // No integration responses: a success passes as a 200 JSON answer, an error fails.
            if (errorMessage != null) {
                exchange.fail(GatewayError.INTEGRATION_FAILURE);
                return;
            }
            FullHttpResponse response = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1,
                    HttpResponseStatus.OK,
                    exchange.alloc().buffer(payload.length).writeBytes(payload));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, MediaTypes.JSON);
            exchange.respond(response);
            return;
        }
        IntegrationResponses.Compiled selected = responses.selectLambda(errorMessage);
        if (selected == null) {
            exchange.fail(GatewayError.API_CONFIGURATION_ERROR);
            return;
        }
        ByteBuf body = Unpooled.wrappedBuffer(payload);
        try {
            exchange.respond(
                    IntegrationResponses.build(selected, exchange, new DefaultHttpHeaders(), body, "application/json"));
        } catch (TemplateException | JsonValues.InvalidBodyException | IllegalArgumentException e) {
            exchange.fail(GatewayError.API_CONFIGURATION_ERROR);
        }
    }
}
