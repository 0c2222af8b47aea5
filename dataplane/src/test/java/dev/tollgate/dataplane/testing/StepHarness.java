package dev.tollgate.dataplane.testing;

import dev.tollgate.dataplane.metrics.GatewayMetrics;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.Runtime;
import dev.tollgate.dataplane.runtime.RuntimeServices;
import dev.tollgate.dataplane.runtime.ServiceResolver;
import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.dataplane.runtime.StepContext;
import dev.tollgate.dataplane.runtime.StepFactory;
import dev.tollgate.dataplane.runtime.StepOrder;
import dev.tollgate.dataplane.tls.TlsInfo;
import dev.tollgate.ir.GatewayConfig;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A step's behaviour without a server: a runtime built from IR with only the step factories a test
 * names (in their slots), serving built requests on a real event loop, so steps run, hop and resume
 * as they do in the gateway; the one response of each request is captured.
 */
public final class StepHarness implements AutoCloseable {
    private final EventLoopGroup group = new DefaultEventLoopGroup(1);
    private final EventLoop loop = group.next();
    private final StepOrder order = new StepOrder();
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final AtomicInteger requests = new AtomicInteger();
    private Runtime runtime;

    /** Puts {@code factory} in its slot. */
    public StepHarness with(StepOrder.Slot slot, StepFactory factory) {
        order.with(slot, factory);
        return this;
    }

    /** Builds the runtime of the configs with the factories given so far. */
    public StepHarness serve(GatewayConfig... configs) {
        runtime = Runtime.build(
                List.of(configs), new RuntimeServices(ServiceResolver.clusterDns(), metrics, order), null);
        return this;
    }

    /** The registry the steps' meters are in. */
    public GatewayMetrics metrics() {
        return metrics;
    }

    /** The event loop every request runs on. */
    public EventLoop loop() {
        return loop;
    }

    /**
     * The answer to a request, as sent.
     *
     * @param status the status code
     * @param headers the headers
     * @param body the body as UTF-8
     * @param exchange the exchange, as the response left it
     * @param responses how many responses reached the connection (always 1 for a well-behaved chain)
     */
    public record Answer(int status, HttpHeaders headers, String body, Exchange exchange, AtomicInteger responses) {
        /** A header's value, or null. */
        public String header(String name) {
            return headers.get(name);
        }
    }

    /** {@code GET uri} with the Host and headers given as name, value pairs (a null value is left out). */
    public Answer get(String host, String uri, String... headers) throws Exception {
        return send("GET", host, uri, headers);
    }

    /** {@code method uri} with the Host and headers given as name, value pairs (a null value is left out). */
    public Answer send(String method, String host, String uri, String... headers) throws Exception {
        FullHttpRequest request = Exchanges.request(method, host, uri, "");
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i + 1] != null) {
                request.headers().add(headers[i], headers[i + 1]);
            }
        }
        return send(request);
    }

    /** Sends the request (taking it over) on plain HTTP and waits for its response. */
    public Answer send(FullHttpRequest request) throws Exception {
        return send(request, null);
    }

    /** Sends the request (taking it over) as on a connection with {@code tls}, and waits for its response. */
    public Answer send(FullHttpRequest request, TlsInfo tls) throws Exception {
        CompletableFuture<FullHttpResponse> answered = new CompletableFuture<>();
        CompletableFuture<Exchange> started = new CompletableFuture<>();
        AtomicInteger responses = new AtomicInteger();
        loop.execute(() -> {
            Exchange exchange = Exchanges.of(
                    loop,
                    request,
                    "req-" + requests.incrementAndGet(),
                    (ex, response) -> {
                        if (responses.incrementAndGet() == 1) {
                            answered.complete(response);
                        } else {
                            response.release();
                        }
                    },
                    tls);
            started.complete(exchange);
            exchange.start(runtime);
        });
        FullHttpResponse response = answered.get(10, TimeUnit.SECONDS);
        try {
            return new Answer(
                    response.status().code(),
                    response.headers().copy(),
                    response.content().toString(StandardCharsets.UTF_8),
                    started.get(),
                    responses);
        } finally {
            response.release();
            loop.execute(request::release);
        }
    }

    /**
     * A stand-in for the integration (put it in {@link StepOrder.Slot#INTEGRATION}): answers 200
     * with its JSON body and counts the requests that reached it.
     */
    public static final class Backend implements StepFactory {
        private final String body;
        private final AtomicInteger calls = new AtomicInteger();

        public Backend(String body) {
            this.body = body;
        }

        @Override
        public Step create(StepContext context) {
            return exchange -> {
                calls.incrementAndGet();
                FullHttpResponse response = new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1,
                        HttpResponseStatus.OK,
                        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
                exchange.respond(response);
            };
        }

        /** Requests that reached the backend. */
        public int calls() {
            return calls.get();
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
