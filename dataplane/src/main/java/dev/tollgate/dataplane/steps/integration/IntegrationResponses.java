package dev.tollgate.dataplane.steps.integration;

import dev.tollgate.dataplane.http.MediaTypes;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.ir.IntegrationResponseConfig;
import dev.tollgate.ir.ParameterMapping;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A route's integration responses with their selection patterns compiled once: the first whose
 * pattern matches the whole status code wins, else the default one (no pattern).
 */
final class IntegrationResponses {
    private final List<Pattern> patterns = new ArrayList<>();
    private final List<IntegrationResponseConfig> responses;
    private final IntegrationResponseConfig fallback;

    IntegrationResponses(List<IntegrationResponseConfig> responses) {
        this.responses = responses;
        IntegrationResponseConfig def = null;
        for (IntegrationResponseConfig r : responses) {
            patterns.add(r.selectionPattern() == null ? null : Pattern.compile(r.selectionPattern()));
            if (r.selectionPattern() == null && def == null) {
                def = r;
            }
        }
        this.fallback = def;
    }

    boolean isEmpty() {
        return responses.isEmpty();
    }

    /** The response for the status, or null when none matches and there is no default. */
    IntegrationResponseConfig select(int status) {
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
     * The method response: status and headers from {@code selected}, the body from its template
     * for the request's Accept, else {@code backendBody} with {@code backendContentType}.
     *
     * @param backendHeaders the backend's headers (null for MOCK)
     * @param backendBody the backend's body, taken over (released when a template replaces it);
     *     null for none
     */
    static FullHttpResponse build(
            IntegrationResponseConfig selected,
            Exchange exchange,
            HttpHeaders backendHeaders,
            ByteBuf backendBody,
            String backendContentType) {
        String accept = exchange.request().headers().get(HttpHeaderNames.ACCEPT);
        String key = MediaTypes.select(selected.responseTemplates(), accept);
        ByteBuf body;
        String contentType;
        if (key != null) {
            if (backendBody != null) {
                backendBody.release();
            }
            byte[] bytes = selected.responseTemplates().get(key).getBytes(StandardCharsets.UTF_8);
            body = exchange.alloc().buffer(bytes.length).writeBytes(bytes);
            contentType = key;
        } else {
            body = backendBody != null ? backendBody : Unpooled.EMPTY_BUFFER;
            contentType = backendBody != null ? backendContentType : null;
            if (contentType == null && body.isReadable()) {
                contentType = MediaTypes.JSON;
            }
        }
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(selected.statusCode()), body);
        if (contentType != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        for (ParameterMapping m : selected.responseParameters()) {
            if (m.target() == ParameterMapping.Target.HEADER) {
                List<String> values = ParameterValues.of(m.source(), exchange, backendHeaders);
                if (!values.isEmpty()) {
                    response.headers().set(m.name(), String.join(",", values));
                }
            }
        }
        return response;
    }
}
