package dev.tollgate.dataplane.testing;

import dev.tollgate.dataplane.http.CanonicalPath;
import dev.tollgate.dataplane.http.QueryParams;
import dev.tollgate.dataplane.metrics.GatewayMetrics;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.Runtime;
import dev.tollgate.dataplane.runtime.RuntimeServices;
import dev.tollgate.dataplane.runtime.ServiceResolver;
import dev.tollgate.dataplane.runtime.StepOrder;
import dev.tollgate.ir.GatewayConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;

/** Routes built requests through a runtime whose integration step only records the exchange. */
public final class Exchanges {
    private Exchanges() {}

    /** What a routed request produced. */
    public record Routed(Exchange exchange, FullHttpResponse response, boolean reachedIntegration) {}

    /** Routes {@code method uri} with the Host through the configs; nothing is sent anywhere. */
    public static Routed route(List<GatewayConfig> configs, String method, String host, String uri) throws Exception {
        List<Exchange> reached = new ArrayList<>();
        StepOrder order = new StepOrder().with(StepOrder.Slot.INTEGRATION, ctx -> ex -> {
            reached.add(ex);
            ex.respond(new io.netty.handler.codec.http.DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, io.netty.handler.codec.http.HttpResponseStatus.OK));
        });
        Runtime runtime = Runtime.build(
                configs, new RuntimeServices(ServiceResolver.clusterDns(), new GatewayMetrics(), order), null);
        FullHttpRequest request = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), uri, Unpooled.EMPTY_BUFFER);
        request.headers().set("Host", host);
        int q = uri.indexOf('?');
        String rawPath = q < 0 ? uri : uri.substring(0, q);
        FullHttpResponse[] response = new FullHttpResponse[1];
        EmbeddedChannel channel = new EmbeddedChannel();
        Exchange exchange = new Exchange(
                channel.eventLoop(),
                ByteBufAllocator.DEFAULT,
                request,
                (ex, r) -> response[0] = r,
                "req-1",
                System.nanoTime(),
                System.currentTimeMillis(),
                "10.0.0.1",
                null,
                rawPath,
                CanonicalPath.parse(rawPath),
                QueryParams.parse(q < 0 ? null : uri.substring(q + 1)));
        runtime.dispatch(exchange);
        return new Routed(exchange, response[0], !reached.isEmpty());
    }
}
