package dev.tollgate.dataplane.runtime;

import dev.tollgate.dataplane.accesslog.ContextValues;
import dev.tollgate.dataplane.http.ErrorResponder;
import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.http.Json;
import dev.tollgate.ir.ContextVariable;
import dev.tollgate.ir.GatewayResponseConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One API's customised gateway responses, looked up as AWS does: the error's own response type
 * first, then {@code DEFAULT_4XX} or {@code DEFAULT_5XX} by the error's status class; with none,
 * the default AWS answer.
 */
public final class GatewayResponses {
    private static final Pattern CONTEXT_REF = Pattern.compile("\\$context\\.([A-Za-z0-9_.]+)");
    private static final String JSON = "application/json";

    private final Map<String, GatewayResponseConfig> byType;

    private GatewayResponses(Map<String, GatewayResponseConfig> byType) {
        this.byType = byType;
    }

    /** The API's responses, or null when it customises none (every error gets AWS's default). */
    public static GatewayResponses of(List<GatewayResponseConfig> configs) {
        if (configs == null || configs.isEmpty()) {
            return null;
        }
        Map<String, GatewayResponseConfig> byType = new HashMap<>();
        for (GatewayResponseConfig c : configs) {
            byType.put(c.type(), c);
        }
        return new GatewayResponses(Map.copyOf(byType));
    }

    /** The customisation that applies to the error, if any. */
    Optional<GatewayResponseConfig> find(GatewayError error) {
        GatewayResponseConfig c = byType.get(error.responseType());
        if (c == null) {
            int code = error.status().code();
            c = byType.get(code >= 500 ? "DEFAULT_5XX" : code >= 400 ? "DEFAULT_4XX" : "");
        }
        return Optional.ofNullable(c);
    }

    /** The response for the error: the customised one, else AWS's default shape. */
    public FullHttpResponse response(
            GatewayError error, String requestId, ContextValues context, ByteBufAllocator alloc) {
        Optional<GatewayResponseConfig> found = find(error);
        if (found.isEmpty()) {
            return ErrorResponder.response(error, requestId, alloc);
        }
        GatewayResponseConfig c = found.get();
        HttpResponseStatus status = c.statusCode() == 0 ? error.status() : HttpResponseStatus.valueOf(c.statusCode());
        String contentType = JSON;
        String template = c.templates().get(JSON);
        if (template == null && !c.templates().isEmpty()) {
            contentType = c.templates().firstKey();
            template = c.templates().get(contentType);
        }
        byte[] body = (template == null
                        ? "{\"message\":\"" + Json.escape(error.message()) + "\"}"
                        : render(template, error, context))
                .getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, status, alloc.buffer(body.length).writeBytes(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(ErrorResponder.REQUEST_ID_HEADER, requestId)
                .set(ErrorResponder.ERROR_TYPE_HEADER, error.errorType());
        c.headers().forEach((name, value) -> response.headers().set(name, value));
        return response;
    }

    /**
     * Substitutes {@code $context.NAME}; {@code $context.error.messageString} is the message as a
     * quoted JSON string, as AWS defines it. Unknown or absent values become empty text.
     */
    static String render(String template, GatewayError error, ContextValues context) {
        Matcher m = CONTEXT_REF.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 32);
        while (m.find()) {
            String name = m.group(1);
            String value;
            if (name.equals("error.messageString")) {
                value = "\"" + Json.escape(error.message()) + "\"";
            } else if (name.equals("error.message")) {
                value = error.message();
            } else if (name.equals("error.responseType")) {
                value = error.responseType();
            } else {
                value = ContextVariable.fromAwsName(name).map(context::value).orElse(null);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
