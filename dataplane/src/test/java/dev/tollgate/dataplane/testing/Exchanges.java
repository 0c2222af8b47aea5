package dev.tollgate.dataplane.testing;

import dev.tollgate.dataplane.http.CanonicalPath;
import dev.tollgate.dataplane.http.MalformedRequestException;
import dev.tollgate.dataplane.http.QueryParams;
import dev.tollgate.dataplane.metrics.GatewayMetrics;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.ResponseSink;
import dev.tollgate.dataplane.runtime.Runtime;
import dev.tollgate.dataplane.runtime.RuntimeServices;
import dev.tollgate.dataplane.runtime.ServiceResolver;
import dev.tollgate.dataplane.runtime.StepOrder;
import dev.tollgate.dataplane.tls.TlsInfo;
import dev.tollgate.ir.GatewayConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Exchanges built as the connection handler builds them, without a socket. */
public final class Exchanges {
    /** The client address of built exchanges. */
    public static final String CLIENT_IP = "10.0.0.1";

    private Exchanges() {}

    /** What a routed request produced. */
    public record Routed(Exchange exchange, FullHttpResponse response, boolean reachedIntegration) {}

    /** A request as the aggregator hands it on: method, target, Host and a UTF-8 body. */
    public static FullHttpRequest request(String method, String host, String uri, String body) {
        FullHttpRequest request = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1,
                HttpMethod.valueOf(method),
                uri,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        request.headers().set("Host", host).setInt("Content-Length", body.length());
        return request;
    }

    /**
     * An exchange of {@code request} with id {@code requestId} on {@code loop}, its response going
     * to {@code sink}; as from {@link #CLIENT_IP}, over TLS when {@code tls} is not null.
     */
    public static Exchange of(
            EventLoop loop, FullHttpRequest request, String requestId, ResponseSink sink, TlsInfo tls) {
        String uri = request.uri();
        int q = uri.indexOf('?');
        String rawPath = q < 0 ? uri : uri.substring(0, q);
        try {
            return new Exchange(
                    loop,
                    ByteBufAllocator.DEFAULT,
                    request,
                    sink,
                    requestId,
                    System.nanoTime(),
                    System.currentTimeMillis(),
                    CLIENT_IP,
                    tls,
                    rawPath,
                    CanonicalPath.parse(rawPath),
                    QueryParams.parse(q < 0 ? null : uri.substring(q + 1)));
        } catch (MalformedRequestException e) {
            throw new IllegalArgumentException("a test request the gateway would refuse: " + uri, e);
        }
    }

    /** Routes {@code method uri} with the Host through the configs; nothing is sent anywhere. */
    public static Routed route(List<GatewayConfig> configs, String method, String host, String uri) {
        List<Exchange> reached = new ArrayList<>();
        StepOrder order = new StepOrder().with(StepOrder.Slot.INTEGRATION, ctx -> ex -> {
            reached.add(ex);
            ex.respond(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        });
        Runtime runtime = Runtime.build(
                configs, new RuntimeServices(ServiceResolver.clusterDns(), new GatewayMetrics(), order), null);
        FullHttpResponse[] response = new FullHttpResponse[1];
        EmbeddedChannel channel = new EmbeddedChannel();
        Exchange exchange =
                of(channel.eventLoop(), request(method, host, uri, ""), "req-1", (ex, r) -> response[0] = r, null);
        exchange.start(runtime);
        return new Routed(exchange, response[0], !reached.isEmpty());
    }
}
