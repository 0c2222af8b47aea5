package dev.tollgate.dataplane.server;

import dev.tollgate.dataplane.http.ErrorResponder;
import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.http.RequestIds;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses what Netty's decoder lets through and a gateway must not forward: each refusal is
 * answered with AWS's JSON error (400, 414 or 431), counted and logged (never with header values,
 * at most one line per reason per interval) and the connection is closed, because the framing of
 * anything after it cannot be trusted.
 *
 * <p>Absolute-form targets are accepted only when their authority is the Host, and are rewritten
 * to origin-form so later steps see one form. Methods outside AWS's set (CONNECT, TRACE, unknown)
 * get 400.
 */
public final class RequestGuardHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RequestGuardHandler.class);

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[Character.toUpperCase(c)] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private final Refusals refusals;
    private boolean discarding;

    /** A guard whose refusals are counted in {@code refusals} (null: only logged). */
    RequestGuardHandler(Refusals refusals) {
        this.refusals = refusals;
    }

    /** A guard whose refusals are only logged. */
    public RequestGuardHandler() {
        this(null);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (discarding) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            Rejection rejection = check(request);
            if (rejection != null) {
                reject(ctx, rejection);
                ReferenceCountUtil.release(msg);
                return;
            }
        } else if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
            reject(ctx, new Rejection(GatewayError.BAD_REQUEST, "malformed body framing"));
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** Why a request is refused. */
    record Rejection(GatewayError error, String reason) {}

    static Rejection check(HttpRequest request) {
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            Throwable cause = result.cause();
            if (cause instanceof TooLongHttpLineException) {
                return new Rejection(GatewayError.URI_TOO_LONG, "request line too long");
            }
            if (cause instanceof TooLongHttpHeaderException) {
                return new Rejection(GatewayError.HEADERS_TOO_LARGE, "header section too large");
            }
            return new Rejection(
                    GatewayError.BAD_REQUEST,
                    "undecodable request: " + cause.getClass().getSimpleName());
        }
        HttpVersion version = request.protocolVersion();
        if (version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
            return new Rejection(GatewayError.BAD_REQUEST, "unsupported HTTP version");
        }
        HttpMethod method = request.method();
        if (!METHODS.contains(method.name())) {
            return new Rejection(GatewayError.BAD_REQUEST, "method not allowed");
        }
        HttpHeaders headers = request.headers();
        if (headers.size() > Limits.MAX_HEADER_COUNT) {
            return new Rejection(GatewayError.HEADERS_TOO_LARGE, "too many headers");
        }
        int size = 0;
        for (Map.Entry<String, String> header : headers) {
            if (!validName(header.getKey())) {
                return new Rejection(GatewayError.BAD_REQUEST, "invalid header name");
            }
            if (!validValue(header.getValue())) {
                return new Rejection(GatewayError.BAD_REQUEST, "control character in header " + header.getKey());
            }
            // As on the wire: "Name: value" and its line end.
            size += header.getKey().length() + header.getValue().length() + 4;
        }
        if (size > Limits.MAX_HEADER_BYTES) {
            return new Rejection(GatewayError.HEADERS_TOO_LARGE, "header section too large");
        }
        List<String> hosts = headers.getAll(HttpHeaderNames.HOST);
        if (hosts.size() > 1) {
            return new Rejection(GatewayError.BAD_REQUEST, "duplicate Host");
        }
        if (hosts.isEmpty() && version == HttpVersion.HTTP_1_1) {
            return new Rejection(GatewayError.BAD_REQUEST, "missing Host");
        }
        if (!hosts.isEmpty() && !validHost(hosts.get(0))) {
            return new Rejection(GatewayError.BAD_REQUEST, "invalid Host");
        }
        List<String> lengths = headers.getAll(HttpHeaderNames.CONTENT_LENGTH);
        List<String> encodings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (lengths.size() > 1) {
            return new Rejection(GatewayError.BAD_REQUEST, "duplicate Content-Length");
        }
        if (lengths.size() == 1 && !digits(lengths.get(0))) {
            return new Rejection(GatewayError.BAD_REQUEST, "invalid Content-Length");
        }
        if (!encodings.isEmpty()) {
            if (!lengths.isEmpty()) {
                return new Rejection(GatewayError.BAD_REQUEST, "Content-Length with Transfer-Encoding");
            }
            if (encodings.size() > 1 || !encodings.get(0).equalsIgnoreCase("chunked")) {
                return new Rejection(GatewayError.BAD_REQUEST, "Transfer-Encoding other than chunked");
            }
            if (version == HttpVersion.HTTP_1_0) {
                return new Rejection(GatewayError.BAD_REQUEST, "Transfer-Encoding in HTTP/1.0");
            }
        }
        return target(request, hosts.isEmpty() ? null : hosts.get(0));
    }

    private static Rejection target(HttpRequest request, String host) {
        String uri = request.uri();
        if (uri.length() > Limits.MAX_URL_LENGTH) {
            return new Rejection(GatewayError.URI_TOO_LONG, "request target too long");
        }
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c <= 0x20 || c >= 0x7F || c == '#') {
                return new Rejection(GatewayError.BAD_REQUEST, "invalid character in request target");
            }
        }
        if (uri.startsWith("/")) {
            return null;
        }
        String lower = uri.toLowerCase(Locale.ROOT);
        int authorityStart;
        if (lower.startsWith("http://")) {
            authorityStart = 7;
        } else if (lower.startsWith("https://")) {
            authorityStart = 8;
        } else {
            return new Rejection(GatewayError.BAD_REQUEST, "request target is not origin- or absolute-form");
        }
        int end = authorityStart;
        while (end < uri.length() && uri.charAt(end) != '/' && uri.charAt(end) != '?') {
            end++;
        }
        String authority = uri.substring(authorityStart, end);
        if (authority.isEmpty()
                || authority.indexOf('@') >= 0
                || host == null
                || !authority.equalsIgnoreCase(host.trim())) {
            return new Rejection(GatewayError.BAD_REQUEST, "absolute-form authority is not the Host");
        }
        String rest = uri.substring(end);
        request.setUri(rest.startsWith("/") ? rest : "/" + rest);
        return null;
    }

    private static boolean validName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 128 || !TCHAR[c]) {
                return false;
            }
        }
        return true;
    }

    private static boolean validValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static boolean validHost(String host) {
        String h = host.trim();
        if (h.isEmpty()) {
            return false;
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '-'
                    || c == '_'
                    || c == ':'
                    || c == '['
                    || c == ']';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean digits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private void reject(ChannelHandlerContext ctx, Rejection rejection) {
        discarding = true;
        String requestId = RequestIds.next();
        String detail = rejection.reason() + " (" + rejection.error().status().code() + ", request " + requestId + ")";
        if (refusals != null) {
            Refusals.Reason reason = rejection.error() == GatewayError.URI_TOO_LONG
                    ? Refusals.Reason.URI_TOO_LONG
                    : rejection.error() == GatewayError.HEADERS_TOO_LARGE
                            ? Refusals.Reason.HEADERS_TOO_LARGE
                            : Refusals.Reason.BAD_REQUEST;
            refusals.rejected(reason, remoteIp(ctx), detail);
        } else {
            LOG.info("rejected request from {}: {}", remoteIp(ctx), detail);
        }
        FullHttpResponse response = ErrorResponder.response(rejection.error(), requestId, ctx.alloc());
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    static String remoteIp(ChannelHandlerContext ctx) {
        return remoteIp(ctx.channel());
    }

    static String remoteIp(Channel channel) {
        return channel.remoteAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress()
                : String.valueOf(channel.remoteAddress());
    }
}
