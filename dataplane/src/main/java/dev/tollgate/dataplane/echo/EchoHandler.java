package dev.tollgate.dataplane.echo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Answers one aggregated request. Paths:
 *
 * <ul>
 *   <li>{@code /status/{code}}: that status (200 to 599), the echo JSON as body;
 *   <li>{@code /delay/{millis}}: the echo after that long (scheduled, never sleeping; at most 5 min);
 *   <li>{@code /close}: closes the connection without answering;
 *   <li>{@code /bytes/{n}}: n bytes of {@code application/octet-stream} (at most 64 MiB);
 *   <li>GET {@code /pets}, {@code /v1/pets}: three pets; GET {@code /pets/{id}}, {@code
 *       /v1/pets/{id}}: that pet or 404 {@code {"message":"pet not found"}}; POST {@code /pets},
 *       {@code /v1/pets}: the echo with 201;
 *   <li>POST {@code /2015-03-31/functions/{name}/invocations}: the Lambda invoke API of {@link
 *       DemoFunctions};
 *   <li>anything else: 200 and the echo {@code {"method", "path", "query", "headers", "body"}}.
 * </ul>
 */
final class EchoHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final long MAX_DELAY_MILLIS = TimeUnit.MINUTES.toMillis(5);
    static final int MAX_BYTES = 64 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Pet> PETS =
            List.of(new Pet(1, "dog", 249.99), new Pet(2, "cat", 124.99), new Pet(3, "fish", 0.99));

    /** A pet of the walk-through's backend; field order is the JSON's. */
    record Pet(int id, String type, double price) {}

    /** Requests pipelined behind a delayed one, answered in order once it is done. */
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();

    private boolean delaying;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (delaying) {
            waiting.add(request.retain());
            return;
        }
        handle(ctx, request);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseWaiting();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseWaiting();
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, json(Map.of("message", "malformed request")));
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.rawPath();
        List<String> segments = segments(path);
        HttpMethod method = request.method();

        if (segments.size() == 4
                && HttpMethod.POST.equals(method)
                && segments.get(0).equals("2015-03-31")
                && segments.get(1).equals("functions")
                && segments.get(3).equals("invocations")) {
            byte[] event = new byte[request.content().readableBytes()];
            request.content().getBytes(request.content().readerIndex(), event);
            DemoFunctions.Result result = DemoFunctions.invoke(segments.get(2), event);
            FullHttpResponse response = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(json(result.payload())));
            if (result.error()) {
                response.headers().set("X-Amz-Function-Error", "Unhandled");
            }
            send(ctx, request, response, "application/json");
            return;
        }
        if (segments.size() == 1 && segments.get(0).equals("close")) {
            ctx.close();
            return;
        }
        if (segments.size() == 2 && segments.get(0).equals("status")) {
            Integer code = parse(segments.get(1), 200, 599);
            if (code == null) {
                respond(
                        ctx,
                        request,
                        HttpResponseStatus.BAD_REQUEST,
                        json(Map.of("message", "status must be 200-599")));
            } else {
                respond(ctx, request, HttpResponseStatus.valueOf(code), echo(request, uri));
            }
            return;
        }
        if (segments.size() == 2 && segments.get(0).equals("delay")) {
            Integer millis = parse(segments.get(1), 0, (int) MAX_DELAY_MILLIS);
            if (millis == null) {
                respond(
                        ctx,
                        request,
                        HttpResponseStatus.BAD_REQUEST,
                        json(Map.of("message", "delay must be 0-300000")));
                return;
            }
            byte[] body = echo(request, uri);
            // Only the head is kept: a buffer held by a task that never runs (server stopped) would leak.
            HttpRequest head = new DefaultHttpRequest(
                    request.protocolVersion(),
                    request.method(),
                    request.uri(),
                    request.headers().copy());
            // Reading goes on (so a client's close is seen at once); requests behind wait their turn.
            delaying = true;
            ctx.executor()
                    .schedule(
                            () -> {
                                respond(ctx, head, HttpResponseStatus.OK, body);
                                delaying = false;
                                drain(ctx);
                            },
                            millis,
                            TimeUnit.MILLISECONDS);
            return;
        }
        if (segments.size() == 2 && segments.get(0).equals("bytes")) {
            Integer n = parse(segments.get(1), 0, MAX_BYTES);
            if (n == null) {
                respond(ctx, request, HttpResponseStatus.BAD_REQUEST, json(Map.of("message", "n must be 0-67108864")));
                return;
            }
            ByteBuf content = ctx.alloc().buffer(n);
            for (int i = 0; i < n; i++) {
                content.writeByte('a' + i % 26);
            }
            respond(ctx, request, HttpResponseStatus.OK, content, "application/octet-stream");
            return;
        }
        List<String> petPath =
                segments.size() > 0 && segments.get(0).equals("v1") ? segments.subList(1, segments.size()) : segments;
        if (!petPath.isEmpty() && petPath.get(0).equals("pets")) {
            if (petPath.size() == 1 && HttpMethod.GET.equals(method)) {
                respond(ctx, request, HttpResponseStatus.OK, json(PETS));
                return;
            }
            if (petPath.size() == 1 && HttpMethod.POST.equals(method)) {
                respond(ctx, request, HttpResponseStatus.CREATED, echo(request, uri));
                return;
            }
            if (petPath.size() == 2 && HttpMethod.GET.equals(method)) {
                Pet pet = PETS.stream()
                        .filter(p -> String.valueOf(p.id()).equals(petPath.get(1)))
                        .findFirst()
                        .orElse(null);
                if (pet == null) {
                    respond(ctx, request, HttpResponseStatus.NOT_FOUND, json(Map.of("message", "pet not found")));
                } else {
                    respond(ctx, request, HttpResponseStatus.OK, json(pet));
                }
                return;
            }
        }
        respond(ctx, request, HttpResponseStatus.OK, echo(request, uri));
    }

    private void drain(ChannelHandlerContext ctx) {
        FullHttpRequest next;
        while (!delaying && (next = waiting.poll()) != null) {
            try {
                handle(ctx, next);
            } finally {
                next.release();
            }
        }
    }

    private void releaseWaiting() {
        FullHttpRequest r;
        while ((r = waiting.poll()) != null) {
            r.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private static byte[] echo(FullHttpRequest request, QueryStringDecoder uri) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.headers()
                .forEach(h -> headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(h.getValue()));
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("method", request.method().name());
        echo.put("path", uri.rawPath());
        echo.put("query", uri.parameters());
        echo.put("headers", headers);
        echo.put("body", request.content().toString(StandardCharsets.UTF_8));
        return json(echo);
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static void respond(
            ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, byte[] body) {
        respond(ctx, request, status, Unpooled.wrappedBuffer(body), "application/json");
    }

    private static void respond(
            ChannelHandlerContext ctx,
            HttpRequest request,
            HttpResponseStatus status,
            ByteBuf body,
            String contentType) {
        boolean bodiless = status.code() == 204 || status.code() == 304;
        if (bodiless) {
            // These statuses never carry a body; sending one would desynchronise the connection.
            body.release();
            body = Unpooled.EMPTY_BUFFER;
        }
        send(
                ctx,
                request,
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body),
                bodiless ? null : contentType);
    }

    private static void send(
            ChannelHandlerContext ctx, HttpRequest request, FullHttpResponse response, String contentType) {
        ByteBuf body = response.content();
        if (contentType != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
            HttpUtil.setContentLength(response, body.readableBytes());
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    private static Integer parse(String text, int min, int max) {
        try {
            int v = Integer.parseInt(text);
            return v >= min && v <= max ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
