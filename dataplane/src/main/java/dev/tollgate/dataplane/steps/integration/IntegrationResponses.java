package dev.tollgate.dataplane.steps.integration;

import dev.tollgate.dataplane.http.HopByHop;
import dev.tollgate.dataplane.http.MediaTypes;
import dev.tollgate.dataplane.runtime.BackendResponse;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.ParameterValues;
import dev.tollgate.dataplane.runtime.PayloadPolicy;
import dev.tollgate.dataplane.runtime.RequestInputs;
import dev.tollgate.dataplane.template.InputVariable;
import dev.tollgate.dataplane.template.MappingTemplate;
import dev.tollgate.dataplane.template.TemplateBindings;
import dev.tollgate.dataplane.template.TemplateEngine;
import dev.tollgate.dataplane.template.TemplateOutput;
import dev.tollgate.ir.ContentHandling;
import dev.tollgate.ir.IntegrationResponseConfig;
import dev.tollgate.ir.ParameterMapping;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A route's integration responses with their selection patterns compiled and templates parsed
 * once: the first whose pattern matches the whole backend status wins, else the default one (no
 * pattern). The chosen one builds the method response as AWS's integration response does:
 * payload converted by contentHandling and the client's Accept, the body rendered by the template
 * for the Accept (else {@code application/json}, else the first) or passed through, headers mapped
 * from the backend's headers and body, stage variables, {@code $context} and literals, then what
 * the template set in {@code $context.responseOverride}; the reserved headers AWS remaps become
 * {@code x-amzn-Remapped-NAME}.
 */
final class IntegrationResponses {
    /** Method response headers AWS renames to {@code x-amzn-Remapped-NAME} on non-proxy integrations. */
    static final List<Remapped> REMAPPED = Remapped.of(
            "Authorization",
            "Connection",
            "Content-Length",
            "Content-MD5",
            "Date",
            "Expect",
            "Host",
            "Max-Forwards",
            "Proxy-Authenticate",
            "Server",
            "Trailer",
            "Upgrade",
            "User-Agent",
            "WWW-Authenticate");

    private final List<Pattern> patterns;
    private final List<Compiled> responses;
    private final Compiled fallback;

    /** One response with its templates parsed. */
    record Compiled(IntegrationResponseConfig config, Map<String, MappingTemplate> templates) {}

    /** No responses mapped, as for every proxy: thousands of routes share it. */
    private static final IntegrationResponses NONE = new IntegrationResponses(List.of(), null, null);

    /** The responses of {@code configs}, their templates parsed; the shared empty one for none. */
    static IntegrationResponses of(List<IntegrationResponseConfig> configs, TemplateEngine engine, String name) {
        return configs.isEmpty() ? NONE : new IntegrationResponses(configs, engine, name);
    }

    IntegrationResponses(List<IntegrationResponseConfig> configs, TemplateEngine engine, String name) {
        this.patterns = new ArrayList<>(configs.size());
        this.responses = new ArrayList<>(configs.size());
        Compiled def = null;
        for (IntegrationResponseConfig r : configs) {
            Map<String, MappingTemplate> templates = new TreeMap<>();
            r.responseTemplates()
                    .forEach((type, text) -> templates.put(
                            type, engine.compile(name + " response " + r.statusCode() + " " + type, text)));
            Compiled c = new Compiled(r, templates);
            responses.add(c);
            patterns.add(r.selectionPattern() == null ? null : Pattern.compile(r.selectionPattern()));
            if (r.selectionPattern() == null && def == null) {
                def = c;
            }
        }
        this.fallback = def;
    }

    boolean isEmpty() {
        return responses.isEmpty();
    }

    /** The response for the status, or null when none matches and there is no default. */
    Compiled select(int status) {
        String code = Integer.toString(status);
        for (int i = 0; i < responses.size(); i++) {
            Pattern p = patterns.get(i);
            if (p != null && p.matcher(code).matches()) {
                return responses.get(i);
            }
        }
        return fallback;
    }

    /**
     * A Lambda function's response, as AWS selects it for a LAMBDA integration: a function error's
     * {@code errorMessage} against each selection pattern, in order; a success, or an error no
     * pattern matches, takes the default one (null when there is none).
     */
    Compiled selectLambda(String errorMessage) {
        if (errorMessage != null) {
            for (int i = 0; i < responses.size(); i++) {
                Pattern p = patterns.get(i);
                if (p != null && p.matcher(errorMessage).matches()) {
                    return responses.get(i);
                }
            }
        }
        return fallback;
    }

    /**
     * The method response.
     *
     * @param backendHeaders the backend's headers (empty for MOCK)
     * @param backendBody the backend's body, read here and not released (null for none)
     * @param backendContentType the backend's content type, or null
     * @throws dev.tollgate.dataplane.template.TemplateException when the template fails
     * @throws dev.tollgate.dataplane.template.JsonValues.InvalidBodyException when a mapping reads a
     *     body that is not JSON as JSON
     * @throws IllegalArgumentException when a payload to convert to binary is not base64
     */
    static FullHttpResponse build(
            Compiled selected,
            Exchange exchange,
            HttpHeaders backendHeaders,
            ByteBuf backendBody,
            String backendContentType) {
        IntegrationResponseConfig config = selected.config();
        PayloadPolicy payload = exchange.api().payload();
        byte[] body = convert(
                backendBody == null ? new byte[0] : ByteBufUtil.getBytes(backendBody),
                payload.isBinary(backendContentType),
                payload.acceptsBinary(exchange.request()),
                config.contentHandling());
        InputVariable method = exchange.requestInput();
        InputVariable input = method != null ? method : RequestInputs.of(exchange, "");
        InputVariable backendInput = new InputVariable(
                new String(body, StandardCharsets.UTF_8),
                input.params().get("path"),
                input.params().get("querystring"),
                input.params().get("header"));
        String key = MediaTypes.select(
                config.responseTemplates(), exchange.request().headers().get(HttpHeaderNames.ACCEPT));
        String contentType;
        TemplateOutput out = null;
        if (key != null) {
            Map<String, String> variables = exchange.stage().config().variables();
            out = selected.templates()
                    .get(key)
                    .render(new TemplateBindings(
                            backendInput, exchange.contextVariables().forTemplate(), variables));
            body = out.body().getBytes(StandardCharsets.UTF_8);
            contentType = key;
        } else {
            contentType = backendBody != null ? backendContentType : null;
            if (contentType == null && body.length > 0) {
                contentType = MediaTypes.JSON;
            }
        }
        int status = out != null && out.responseStatus() != 0 ? out.responseStatus() : config.statusCode();
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status),
                body.length == 0
                        ? Unpooled.EMPTY_BUFFER
                        : exchange.alloc().buffer(body.length).writeBytes(body));
        HttpHeaders headers = response.headers();
        if (contentType != null) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        BackendResponse backend =
                new BackendResponse(backendHeaders == null ? new DefaultHttpHeaders() : backendHeaders, backendInput);
        for (ParameterMapping m : config.responseParameters()) {
            if (m.target() == ParameterMapping.Target.HEADER) {
                List<String> values = ParameterValues.of(m.source(), exchange, backend);
                String value = String.join(",", values);
                if (!values.isEmpty() && HopByHop.safeValue(value)) {
                    headers.set(m.name(), value);
                }
            }
        }
        if (out != null) {
            out.responseHeaders().forEach((name, value) -> {
                if (HopByHop.safeValue(value) && HopByHop.isToken(name)) {
                    headers.set(name, value);
                }
            });
        }
        remap(headers, REMAPPED);
        headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
        return response;
    }

    /**
     * AWS's response payload conversion: a binary payload becomes base64 text when asked
     * (CONVERT_TO_TEXT) or when the client does not accept binary; a text payload is base64-decoded
     * when asked (CONVERT_TO_BINARY) or when the client accepts binary; else it passes.
     */
    static byte[] convert(byte[] body, boolean binary, boolean acceptsBinary, ContentHandling handling) {
        if (binary) {
            boolean toText = handling == ContentHandling.CONVERT_TO_TEXT || (handling == null && !acceptsBinary);
            return toText ? Base64.getEncoder().encode(body) : body;
        }
        boolean toBinary = handling == ContentHandling.CONVERT_TO_BINARY || (handling == null && acceptsBinary);
        return toBinary ? Base64.getMimeDecoder().decode(body) : body;
    }

    /**
     * A header AWS renames in an answer, and its new name {@code x-amzn-Remapped-NAME}: both made
     * once, as every proxied answer is remapped.
     */
    record Remapped(AsciiString name, AsciiString remapped) {
        static List<Remapped> of(String... names) {
            List<Remapped> out = new ArrayList<>(names.length);
            for (String name : names) {
                out.add(new Remapped(AsciiString.cached(name), AsciiString.cached("x-amzn-Remapped-" + name)));
            }
            return List.copyOf(out);
        }
    }

    /** Renames each header of {@code names} present to {@code x-amzn-Remapped-NAME}, values joined by commas. */
    static void remap(HttpHeaders headers, List<Remapped> names) {
        for (int i = 0; i < names.size(); i++) {
            Remapped r = names.get(i);
            Iterator<String> values = headers.valueStringIterator(r.name());
            if (!values.hasNext()) {
                continue;
            }
            String value = values.next();
            if (values.hasNext()) {
                StringBuilder joined = new StringBuilder(value);
                while (values.hasNext()) {
                    joined.append(',').append(values.next());
                }
                value = joined.toString();
            }
            headers.remove(r.name());
            headers.set(r.remapped(), value);
        }
    }
}
