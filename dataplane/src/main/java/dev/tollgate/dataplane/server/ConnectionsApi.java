package dev.tollgate.dataplane.server;

import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.http.Json;
import dev.tollgate.dataplane.limits.Connections;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.RequestBody;
import dev.tollgate.dataplane.runtime.WebSocketEndpoint;
import dev.tollgate.dataplane.steps.authorizer.AuthErrors;
import dev.tollgate.dataplane.steps.authorizer.KubernetesReviews;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AWS's {@code @connections} management API on a WebSocket stage: {@code POST} sends its body to
 * the connection as a message (200), {@code GET} answers {@code connectedAt}, {@code identity} and
 * {@code lastActiveAt} (200), {@code DELETE} closes it (204); an id no open connection has answers
 * 410 {@code GoneException}, wherever the connection would be (the registry spans replicas through
 * Redis).
 *
 * <p>Authorized as AWS_IAM is, with Kubernetes identity: a bearer token whose identity may {@code
 * manage-connections} on {@code restapis/STAGE} (resource name the API) in the API's namespace; in
 * local mode a caller on the loopback address needs no identity.
 */
final class ConnectionsApi implements WebSocketEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionsApi.class);

    /** A message larger than a WebSocket message may be. */
    static final GatewayError PAYLOAD_TOO_LARGE = new GatewayError(
            HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
            "Message too big",
            "PayloadTooLargeException",
            "REQUEST_TOO_LARGE");

    private final WebSockets sockets;
    private final Supplier<KubernetesReviews> reviews;

    ConnectionsApi(WebSockets sockets, Supplier<KubernetesReviews> reviews) {
        this.sockets = sockets;
        this.reviews = reviews;
    }

    @Override
    public void connections(Exchange exchange, String namespace, String api, String stage, String connectionId) {
        if (sockets.loopbackManagement() && isLoopback(exchange.clientIp())) {
            serve(exchange, namespace, connectionId);
            return;
        }
        String header = exchange.request().headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            exchange.fail(AuthErrors.MISSING_TOKEN);
            return;
        }
        KubernetesReviews r = reviews.get();
        if (r == null) {
            // No cluster to ask: fail closed, as an AWS_IAM route does.
            exchange.fail(GatewayError.INTERNAL);
            return;
        }
        String token = header.substring(7).trim();
        exchange.resume(
                r.review(token, namespace, api, stage, KubernetesReviews.MANAGE_CONNECTIONS_VERB),
                (decision, error) -> {
                    if (error != null) {
                        LOG.warn(
                                "{}/RestApi/{}: Kubernetes review failed: {}",
                                namespace,
                                api,
                                error.getClass().getSimpleName());
                        exchange.fail(GatewayError.INTERNAL);
                    } else if (!decision.authenticated()) {
                        exchange.fail(AuthErrors.INVALID_TOKEN);
                    } else if (!decision.allowed()) {
                        exchange.fail(new GatewayError(
                                HttpResponseStatus.FORBIDDEN,
                                "User: " + decision.username()
                                        + " is not authorized to perform: execute-api:ManageConnections on resource: "
                                        + namespace + "/" + api + "/" + stage + "/@connections",
                                "AccessDeniedException",
                                "ACCESS_DENIED"));
                    } else {
                        serve(exchange, namespace, connectionId);
                    }
                });
    }

    private void serve(Exchange exchange, String namespace, String id) {
        if (id == null || id.isEmpty()) {
            exchange.fail(GatewayError.FORBIDDEN);
            return;
        }
        Connections registry = sockets.registry();
        HttpMethod method = exchange.request().method();
        if (method.equals(HttpMethod.POST)) {
            exchange.requestBody().aggregate(new RequestBody.Aggregated() {
                @Override
                public void accept(ByteBuf body) {
                    if (body.readableBytes() > sockets.limits().maxMessageBytes()) {
                        exchange.fail(PAYLOAD_TOO_LARGE);
                        return;
                    }
                    byte[] message = ByteBufUtil.getBytes(body);
                    answer(exchange, registry.post(namespace, id, message, false), HttpResponseStatus.OK);
                }

                @Override
                public void refuse(GatewayError error) {
                    exchange.fail(error);
                }
            });
        } else if (method.equals(HttpMethod.DELETE)) {
            answer(exchange, registry.delete(namespace, id), HttpResponseStatus.NO_CONTENT);
        } else if (method.equals(HttpMethod.GET)) {
            exchange.resume(registry.info(namespace, id), (info, error) -> {
                if (error != null) {
                    exchange.fail(GatewayError.INTERNAL);
                } else if (info == null) {
                    exchange.fail(GatewayError.GONE);
                } else {
                    String json = "{\"connectedAt\":\"" + Instant.ofEpochMilli(info.connectedAtMillis())
                            + "\",\"identity\":{\"sourceIp\":\"" + Json.escape(info.sourceIp())
                            + "\"},\"lastActiveAt\":\"" + Instant.ofEpochMilli(info.lastActiveAtMillis()) + "\"}";
                    FullHttpResponse response = new DefaultFullHttpResponse(
                            HttpVersion.HTTP_1_1,
                            HttpResponseStatus.OK,
                            Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
                    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
                    exchange.respond(response);
                }
            });
        } else {
            exchange.fail(GatewayError.FORBIDDEN);
        }
    }

    private static void answer(Exchange exchange, CompletionStage<Connections.Outcome> outcome, HttpResponseStatus ok) {
        exchange.resume(outcome, (result, error) -> {
            if (error != null || result == Connections.Outcome.UNAVAILABLE) {
                exchange.fail(GatewayError.INTERNAL);
            } else if (result == Connections.Outcome.GONE) {
                exchange.fail(GatewayError.GONE);
            } else {
                exchange.respond(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, ok, Unpooled.EMPTY_BUFFER));
            }
        });
    }

    private static boolean isLoopback(String ip) {
        if (ip == null) {
            return false;
        }
        try {
            // A literal address: no name is resolved.
            return InetAddress.getByName(ip).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
