package dev.tollgate.dataplane.server;

import dev.tollgate.dataplane.http.CanonicalPath;
import dev.tollgate.dataplane.http.MalformedRequestException;
import dev.tollgate.dataplane.http.QueryParams;
import dev.tollgate.dataplane.http.RequestIds;
import dev.tollgate.dataplane.metrics.GatewayMetrics;
import dev.tollgate.dataplane.net.Transport;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.ExecutionLog;
import dev.tollgate.dataplane.runtime.Runtime;
import dev.tollgate.dataplane.runtime.RuntimeServices;
import dev.tollgate.dataplane.runtime.ServiceResolver;
import dev.tollgate.dataplane.runtime.StepFactory;
import dev.tollgate.dataplane.runtime.StepOrder;
import dev.tollgate.dataplane.steps.integration.IntegrationStepFactory;
import dev.tollgate.dataplane.tls.BackendTlsClients;
import dev.tollgate.dataplane.tls.KeyMaterial;
import dev.tollgate.dataplane.upstream.UpstreamClient;
import dev.tollgate.dataplane.upstream.UpstreamClientOptions;
import dev.tollgate.ir.GatewayConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one request through a method as AWS's TestInvokeMethod does, on the gateway's own runtime:
 * a runtime is built from the config of a virtual stage (see {@code TestInvokeStage}), and one
 * exchange is dispatched on an event loop with a capturing sink and an execution log. As AWS's
 * test, it bypasses authorization, API keys, usage plans, throttling and the cache: the runtime's
 * step order holds the integration slot only, so routing, request and response mapping and the
 * real backend call are the gateway's own.
 */
public final class TestInvoker implements AutoCloseable {
    /** {@code $context.identity.sourceIp} of a test invocation, as AWS's. */
    public static final String SOURCE_IP = "test-invoke-source-ip";

    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern(
                    "EEE MMM dd HH:mm:ss 'UTC' yyyy", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final RuntimeServices services;
    private final EventLoopGroup loops;
    private final List<AutoCloseable> owned;

    TestInvoker(ServiceResolver resolver, StepFactory integration, EventLoopGroup loops, List<AutoCloseable> owned) {
        this.services = new RuntimeServices(
                resolver, new GatewayMetrics(), new StepOrder().with(StepOrder.Slot.INTEGRATION, integration));
        this.loops = loops;
        this.owned = List.copyOf(owned);
    }

    /**
     * A test invoker of its own, outside a running gateway (the {@code test-invoke} command): one
     * event loop, its own upstream client, backend CA bundles from {@code keys}.
     */
    public static TestInvoker standalone(ServiceResolver resolver, KeyMaterial keys) {
        Transport transport = Transport.best();
        EventLoopGroup group = transport.newGroup(1, "tollgate-test-invoke");
        UpstreamClient upstream = new UpstreamClient(transport, UpstreamClientOptions.defaults());
        BackendTlsClients tls = new BackendTlsClients(transport);
        tls.keys(keys);
        return new TestInvoker(
                resolver,
                new IntegrationStepFactory(upstream, tls),
                group,
                List.of(upstream, tls, () -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS)
                        .awaitUninterruptibly(5, TimeUnit.SECONDS)));
    }

    /**
     * The request of a test invocation, as AWS's TestInvokeMethod takes it.
     *
     * @param httpMethod the method
     * @param pathWithQueryString the resource path with its query string, e.g. {@code /pets/1?x=y}
     * @param headers headers by name, each with its values
     * @param body the body, or null
     */
    public record Request(
            String httpMethod, String pathWithQueryString, Map<String, List<String>> headers, String body) {
        public Request {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            body = body == null ? "" : body;
        }
    }

    /**
     * What a test invocation returns, with AWS TestInvokeMethod's fields.
     *
     * @param status the status code sent
     * @param body the body sent
     * @param headers the last value of each header sent
     * @param multiValueHeaders every value of each header sent
     * @param log the execution log, one line per step
     * @param latency milliseconds from dispatch to response
     */
    public record Result(
            int status,
            String body,
            Map<String, String> headers,
            Map<String, List<String>> multiValueHeaders,
            String log,
            long latency) {}

    /**
     * Runs {@code request} against stage {@code stage} of API {@code api} in {@code config} (the
     * config of a virtual stage); the result completes when the response is sent.
     *
     * @throws IllegalArgumentException when the path is not one a client could send
     */
    public CompletableFuture<Result> invoke(GatewayConfig config, String api, String stage, Request request) {
        String path = request.pathWithQueryString().startsWith("/")
                ? request.pathWithQueryString()
                : "/" + request.pathWithQueryString();
        String uri = "/" + stage + (path.equals("/") ? "" : path);
        int q = uri.indexOf('?');
        String rawPath = q < 0 ? uri : uri.substring(0, q);
        CanonicalPath canonical;
        QueryParams query;
        try {
            canonical = CanonicalPath.parse(rawPath);
            query = QueryParams.parse(q < 0 ? null : uri.substring(q + 1));
        } catch (MalformedRequestException e) {
            throw new IllegalArgumentException("not a path a client could send: " + request.pathWithQueryString());
        }
        Runtime runtime = Runtime.build(List.of(config), services, null);
        byte[] body = request.body().getBytes(StandardCharsets.UTF_8);
        FullHttpRequest http = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1,
                HttpMethod.valueOf(request.httpMethod().toUpperCase(Locale.ROOT)),
                uri,
                Unpooled.wrappedBuffer(body));
        request.headers()
                .forEach((name, values) -> values.forEach(v -> http.headers().add(name, v)));
        http.headers()
                .set(HttpHeaderNames.HOST, api + "." + config.namespace() + "." + config.endpointSuffix())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        EventLoop loop = loops.next();
        CompletableFuture<Result> result = new CompletableFuture<>();
        List<String> log = new ArrayList<>();
        ExecutionLog lines = text -> log.add(LOG_TIME.format(Instant.now()) + " : " + text);
        String requestId = RequestIds.next();
        loop.execute(() -> {
            long start = System.nanoTime();
            Exchange exchange = new Exchange(
                    loop,
                    ByteBufAllocator.DEFAULT,
                    http,
                    (ex, response) -> {
                        try {
                            result.complete(finish(ex, response, lines, log, start));
                        } finally {
                            response.release();
                            http.release();
                        }
                    },
                    requestId,
                    start,
                    System.currentTimeMillis(),
                    SOURCE_IP,
                    null,
                    rawPath,
                    canonical,
                    query);
            exchange.traceTo(lines);
            lines.line("Execution log for request " + requestId);
            lines.line("Starting execution for request: " + requestId);
            exchange.start(runtime);
        });
        return result;
    }

    private static Result finish(
            Exchange exchange, FullHttpResponse response, ExecutionLog lines, List<String> log, long start) {
        long latency = (System.nanoTime() - start) / 1_000_000;
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Map<String, List<String>> multi = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, String> e : response.headers()) {
            headers.put(e.getKey(), e.getValue());
            multi.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
        String body = response.content().toString(StandardCharsets.UTF_8);
        int status = response.status().code();
        lines.line("Method response body after transformations: " + ExecutionLog.body(response.content()));
        lines.line("Method response headers: " + ExecutionLog.headers(response.headers()));
        lines.line(exchange.error() == null ? "Successfully completed execution" : "Execution failed");
        lines.line("Method completed with status: " + status);
        return new Result(status, body, headers, multi, String.join("\n", log) + "\n", latency);
    }

    @Override
    public void close() {
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                // Closing is best effort: nothing more to release.
            }
        }
    }
}
