package dev.tollgate.dataplane.runtime;

import dev.tollgate.dataplane.http.ErrorResponder;
import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.http.HopByHop;
import dev.tollgate.dataplane.http.Json;
import dev.tollgate.dataplane.http.MediaTypes;
import dev.tollgate.dataplane.template.InputVariable;
import dev.tollgate.dataplane.template.MappingTemplate;
import dev.tollgate.dataplane.template.TemplateBindings;
import dev.tollgate.dataplane.template.TemplateEngine;
import dev.tollgate.ir.GatewayResponseConfig;
import dev.tollgate.ir.ParameterMapping;
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
import java.util.TreeMap;

/**
 * One API's customised gateway responses, looked up as AWS does: the error's own response type
 * first, then {@code DEFAULT_4XX} or {@code DEFAULT_5XX} by the error's status class; with none,
 * the default AWS answer. Body templates are VTL, parsed when the runtime is built, and see the
 * request's {@code $context} (its {@code error.*} included: message, messageString, responseType,
 * validationErrorString), {@code $stageVariables}, {@code $input} and {@code $util}; headers are
 * literals or mapped from the method request, a stage variable or {@code $context}.
 */
public final class GatewayResponses {
    private final Map<String, Compiled> byType;

    private GatewayResponses(Map<String, Compiled> byType) {
        this.byType = byType;
    }

    /** One response with its templates parsed. */
    private record Compiled(GatewayResponseConfig config, TreeMap<String, MappingTemplate> templates) {}

    /**
     * The API's responses, or null when it customises none (every error gets AWS's default).
     *
     * @param api {@code namespace/name}, for logs
     */
    public static GatewayResponses of(String api, List<GatewayResponseConfig> configs, TemplateEngine engine) {
        if (configs == null || configs.isEmpty()) {
            return null;
        }
        Map<String, Compiled> byType = new HashMap<>();
        for (GatewayResponseConfig c : configs) {
            TreeMap<String, MappingTemplate> templates = new TreeMap<>();
            c.templates()
                    .forEach((type, text) -> templates.put(
                            type, engine.compile(api + " gateway response " + c.type() + " " + type, text)));
            byType.put(c.type(), new Compiled(c, templates));
        }
        return new GatewayResponses(Map.copyOf(byType));
    }

    /** The customisation that applies to the error, if any. */
    Optional<GatewayResponseConfig> find(GatewayError error) {
        return compiled(error).map(Compiled::config);
    }

    private Optional<Compiled> compiled(GatewayError error) {
        Compiled c = byType.get(error.responseType());
        if (c == null) {
            int code = error.status().code();
            c = byType.get(code >= 500 ? "DEFAULT_5XX" : code >= 400 ? "DEFAULT_4XX" : "");
        }
        return Optional.ofNullable(c);
    }

    /**
     * The response for the error the exchange failed with: the customised one, else AWS's default
     * shape.
     *
     * @throws RuntimeException when a template fails (the caller answers AWS's default instead)
     */
    public FullHttpResponse response(GatewayError error, String requestId, Exchange exchange, ByteBufAllocator alloc) {
        Optional<Compiled> found = compiled(error);
        if (found.isEmpty()) {
            return ErrorResponder.response(error, requestId, alloc);
        }
        GatewayResponseConfig c = found.get().config();
        HttpResponseStatus status = c.statusCode() == 0 ? error.status() : HttpResponseStatus.valueOf(c.statusCode());
        String contentType =
                MediaTypes.select(c.templates(), exchange.request().headers().get(HttpHeaderNames.ACCEPT));
        String body;
        if (contentType == null) {
            contentType = MediaTypes.JSON;
            body = "{\"message\":\"" + Json.escape(error.message()) + "\"}";
        } else {
            InputVariable input =
                    exchange.requestInput() != null ? exchange.requestInput() : RequestInputs.of(exchange, "");
            Map<String, String> variables = exchange.stage() == null
                    ? Map.of()
                    : exchange.stage().config().variables();
            body = found.get()
                    .templates()
                    .get(contentType)
                    .render(new TemplateBindings(
                            input, exchange.contextVariables().forTemplate(), variables))
                    .body();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, status, alloc.buffer(bytes.length).writeBytes(bytes));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                .set(ErrorResponder.REQUEST_ID_HEADER, requestId)
                .set(ErrorResponder.ERROR_TYPE_HEADER, error.errorType());
        c.headers().forEach((name, value) -> response.headers().set(name, value));
        for (ParameterMapping m : c.parameters()) {
            List<String> values = ParameterValues.of(m.source(), exchange, null);
            String value = String.join(",", values);
            if (!values.isEmpty() && HopByHop.safeValue(value)) {
                response.headers().set(m.name(), value);
            }
        }
        return response;
    }
}
