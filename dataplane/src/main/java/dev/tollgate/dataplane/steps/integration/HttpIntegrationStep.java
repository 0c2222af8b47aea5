package dev.tollgate.dataplane.steps.integration;

import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.http.HopByHop;
import dev.tollgate.dataplane.http.QueryParams;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.HostPort;
import dev.tollgate.dataplane.runtime.IntegrationRequest;
import dev.tollgate.dataplane.runtime.ParameterValues;
import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.dataplane.template.JsonValues;
import dev.tollgate.dataplane.template.TemplateEngine;
import dev.tollgate.dataplane.template.TemplateException;
import dev.tollgate.dataplane.upstream.UpstreamAddress;
import dev.tollgate.dataplane.upstream.UpstreamException;
import dev.tollgate.dataplane.upstream.UpstreamSender;
import dev.tollgate.ir.HttpIntegrationConfig;
import dev.tollgate.ir.ParameterMapping;
import dev.tollgate.ir.ParameterSource;
import dev.tollgate.ir.PassthroughBehavior;
import dev.tollgate.ir.RouteConfig;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * AWS's HTTP_PROXY and HTTP integrations: builds the backend request from the canonical request
 * and the route's mappings, sends it with the {@link UpstreamSender} on the exchange's own event
 * loop (the answer resumes there), and maps the answer. A timeout answers 504 {@code Endpoint
 * request timed out}; a refused, reset, oversized or malformed backend answer gives 502.
 *
 * <p>Headers added towards the backend: {@code X-Forwarded-For} (the client's IP appended), {@code
 * X-Forwarded-Proto}, {@code X-Forwarded-Host} (the client's Host) and {@code x-amzn-RequestId}
 * (the gateway's request id, so backend logs can be joined with the access log).
 */
final class HttpIntegrationStep implements Step {
    /** Request id header sent to the backend. */
    static final String REQUEST_ID = "x-amzn-RequestId";

    /**
     * Backend request headers skip Netty's per-header validation: copied headers were validated when
     * the client's request was decoded, names of mapped ones by the compiler, and mapped values are
     * checked by {@link #safeHeaderValue} (validating everything again costs on every request).
     */
    private static final DefaultHttpHeadersFactory UNVALIDATED_HEADERS =
            DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    private static final DefaultHttpHeadersFactory UNVALIDATED_TRAILERS =
            DefaultHttpHeadersFactory.trailersFactory().withValidation(false);

    /** Client headers a proxy never copies: the gateway sets its own (or none) for the backend. */
    private static final AsciiString[] NOT_FORWARDED = {
        HttpHeaderNames.HOST, HttpHeaderNames.EXPECT, HttpHeaderNames.CONTENT_LENGTH, HttpHeaderNames.CONTENT_TYPE
    };

    private final HttpIntegrationConfig config;
    private final UpstreamSender client;
    private final UpstreamAddress address;
    private final String hostHeader;
    private final PathTemplate path;
    private final Map<String, ParameterMapping> pathMappings = new HashMap<>();
    private final List<ParameterMapping> queryMappings = new ArrayList<>();
    private final List<ParameterMapping> headerMappings = new ArrayList<>();
    private final IntegrationResponses responses;
    private final HttpMethod fixedMethod;

    HttpIntegrationStep(
            HttpIntegrationConfig config,
            HostPort backend,
            UpstreamSender client,
            TemplateEngine templates,
            String name) {
        this.config = config;
        this.client = client;
        this.address = new UpstreamAddress(config.upstream().scheme(), backend.host(), backend.port());
        int defaultPort = "https".equals(config.upstream().scheme()) ? 443 : 80;
        String host = backend.host().indexOf(':') >= 0 ? "[" + backend.host() + "]" : backend.host();
        this.hostHeader = backend.port() == defaultPort ? host : host + ":" + backend.port();
        this.path = PathTemplate.parse(config.pathTemplate());
        for (ParameterMapping m : config.requestParameters()) {
            switch (m.target()) {
                case PATH -> pathMappings.put(m.name(), m);
                case QUERYSTRING -> queryMappings.add(m);
                case HEADER -> headerMappings.add(m);
            }
        }
        this.responses = new IntegrationResponses(config.responses(), templates, name);
        this.fixedMethod = RouteConfig.ANY.equals(config.httpMethod()) ? null : HttpMethod.valueOf(config.httpMethod());
    }

    @Override
    public void apply(Exchange exchange) {
        FullHttpRequest in = exchange.request();
        IntegrationRequest mapped = exchange.integrationRequest();
        ByteBuf body;
        String bodyType;
        String bodyEncoding = null;
        if (mapped != null) {
            // The request mapping step rendered (or converted) the body.
            body = exchange.alloc().buffer(mapped.body().length).writeBytes(mapped.body());
            bodyType = mapped.contentType();
            bodyEncoding = mapped.contentEncoding();
        } else if (!config.proxy() && passthroughRefused()) {
            exchange.fail(GatewayError.UNSUPPORTED_MEDIA_TYPE);
            return;
        } else {
            body = in.content().retainedDuplicate();
            bodyType = in.headers().get(HttpHeaderNames.CONTENT_TYPE);
            if (!config.proxy()) {
                bodyEncoding = in.headers().get(HttpHeaderNames.CONTENT_ENCODING);
            }
        }
        HttpMethod method = fixedMethod != null ? fixedMethod : in.method();
        FullHttpRequest out = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, method, uri(exchange), body, UNVALIDATED_HEADERS, UNVALIDATED_TRAILERS);
        if (bodyEncoding != null) {
            out.headers().set(HttpHeaderNames.CONTENT_ENCODING, bodyEncoding);
        }
        if (!headers(exchange, out.headers(), bodyType, body.readableBytes())) {
            out.release();
            exchange.fail(GatewayError.BAD_REQUEST);
            return;
        }
        long start = System.nanoTime();
        Future<FullHttpResponse> future;
        try {
            future = client.send(exchange.eventLoop(), address, out, config.timeoutMillis());
        } catch (RuntimeException e) {
            exchange.integrationDone(System.nanoTime() - start, -1, e.getClass().getSimpleName());
            exchange.fail(GatewayError.INTEGRATION_FAILURE);
            return;
        }
        exchange.resume(future, (backend, error) -> answered(exchange, backend, error, start));
    }

    /** AWS: NEVER refuses any unmapped type; WHEN_NO_TEMPLATES refuses once any template exists. */
    private boolean passthroughRefused() {
        PassthroughBehavior b = config.passthroughBehavior();
        return b == PassthroughBehavior.NEVER
                || (b == PassthroughBehavior.WHEN_NO_TEMPLATES
                        && !config.requestTemplates().isEmpty());
    }

    String uri(Exchange exchange) {
        String p = path.fill(name -> pathValue(exchange, name));
        StringBuilder query = new StringBuilder();
        if (config.proxy()) {
            query.append(exchange.query().encoded());
        }
        Map<String, String> overrides = exchange.integrationRequest() == null
                ? Map.of()
                : exchange.integrationRequest().query();
        for (ParameterMapping m : queryMappings) {
            if (overrides.containsKey(m.name())) {
                continue;
            }
            for (String v : ParameterValues.of(m.source(), exchange, null)) {
                QueryParams.appendPair(query, m.name(), v);
            }
        }
        overrides.forEach((name, value) -> QueryParams.appendPair(query, name, value));
        return query.length() == 0 ? p : p + "?" + query;
    }

    private PathTemplate.Value pathValue(Exchange exchange, String name) {
        IntegrationRequest mapped = exchange.integrationRequest();
        if (mapped != null && mapped.path().containsKey(name)) {
            return PathTemplate.Value.single(mapped.path().get(name));
        }
        ParameterMapping m = pathMappings.get(name);
        String param = name;
        if (m != null) {
            if (!(m.source() instanceof ParameterSource.Request r && r.location() == ParameterSource.Location.PATH)) {
                List<String> values = ParameterValues.of(m.source(), exchange, null);
                return values.isEmpty() ? null : PathTemplate.Value.single(values.get(values.size() - 1));
            }
            param = r.name();
        }
        // A greedy parameter keeps its segments apart so each is encoded on its own.
        if (param.equals(exchange.greedyName())) {
            return new PathTemplate.Value(exchange.greedySegments());
        }
        String v = exchange.pathParameters().get(param);
        return v == null ? null : PathTemplate.Value.single(v);
    }

    /**
     * Fills the backend request's headers; false when a mapped value could split the header (CR,
     * LF or another control character, e.g. from a decoded query string).
     */
    private boolean headers(Exchange exchange, HttpHeaders out, String bodyType, int length) {
        HttpHeaders in = exchange.request().headers();
        if (config.proxy()) {
            // One pass over the client's headers, copying only what is forwarded: cheaper than
            // copying all and removing (this runs on every proxied request).
            List<String> tokens = HopByHop.connectionTokens(in);
            var it = in.iteratorCharSequence();
            while (it.hasNext()) {
                Map.Entry<CharSequence, CharSequence> e = it.next();
                CharSequence name = e.getKey();
                if (!notForwarded(name) && !HopByHop.dropped(name, tokens)) {
                    out.add(name, e.getValue());
                }
            }
        }
        for (ParameterMapping m : headerMappings) {
            List<String> values = ParameterValues.of(m.source(), exchange, null);
            if (!values.isEmpty()) {
                String value = String.join(",", values);
                if (!safeHeaderValue(value)) {
                    return false;
                }
                out.set(m.name(), value);
            }
        }
        if (exchange.integrationRequest() != null) {
            for (Map.Entry<String, String> e :
                    exchange.integrationRequest().headers().entrySet()) {
                if (!safeHeaderValue(e.getValue()) || !HopByHop.isToken(e.getKey())) {
                    return false;
                }
                out.set(e.getKey(), e.getValue());
            }
        }
        out.set(HttpHeaderNames.HOST, hostHeader);
        if (bodyType != null) {
            out.set(HttpHeaderNames.CONTENT_TYPE, bodyType);
        }
        out.setInt(HttpHeaderNames.CONTENT_LENGTH, length);
        String forwarded = in.get("X-Forwarded-For");
        out.set("X-Forwarded-For", forwarded == null ? exchange.clientIp() : forwarded + ", " + exchange.clientIp());
        out.set("X-Forwarded-Proto", exchange.tls() != null ? "https" : "http");
        String host = in.get(HttpHeaderNames.HOST);
        if (host != null) {
            out.set("X-Forwarded-Host", host);
        }
        out.set(REQUEST_ID, exchange.requestId());
        return true;
    }

    /** Field-value characters only: no CTL but HTAB (RFC 9110 5.5). */
    static boolean safeHeaderValue(CharSequence value) {
        return HopByHop.safeValue(value);
    }

    private static boolean notForwarded(CharSequence name) {
        for (AsciiString n : NOT_FORWARDED) {
            if (n.contentEqualsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private void answered(Exchange exchange, FullHttpResponse backend, Throwable cause, long start) {
        long latency = System.nanoTime() - start;
        if (cause != null) {
            boolean timeout = cause instanceof UpstreamException u && u.kind() == UpstreamException.Kind.TIMEOUT;
            String kind = cause instanceof UpstreamException u
                    ? u.kind().name()
                    : cause.getClass().getSimpleName();
            exchange.integrationDone(latency, -1, kind);
            exchange.fail(timeout ? GatewayError.INTEGRATION_TIMEOUT : GatewayError.INTEGRATION_FAILURE);
            return;
        }
        int status = backend.status().code();
        exchange.integrationDone(latency, status, null);
        if (config.proxy() || responses.isEmpty()) {
            // A proxy's answer passes as it is, less what AWS remaps and drops; so does a non-proxy
            // route's that declares no integration responses (a Tollgate convenience).
            proxyHeaders(backend.headers());
            backend.setProtocolVersion(HttpVersion.HTTP_1_1);
            exchange.respond(backend);
            return;
        }
        IntegrationResponses.Compiled selected = responses.select(status);
        if (selected == null) {
            // AWS: no integration response matches the status and none is the default.
            backend.release();
            exchange.fail(GatewayError.API_CONFIGURATION_ERROR);
            return;
        }
        FullHttpResponse mapped;
        try {
            mapped = IntegrationResponses.build(
                    selected,
                    exchange,
                    backend.headers(),
                    backend.content(),
                    backend.headers().get(HttpHeaderNames.CONTENT_TYPE));
        } catch (TemplateException | JsonValues.InvalidBodyException | IllegalArgumentException e) {
            exchange.fail(GatewayError.API_CONFIGURATION_ERROR);
            return;
        } finally {
            backend.release();
        }
        exchange.respond(mapped);
    }

    /**
     * A proxied answer's headers as AWS returns them: {@code Connection}, {@code Content-Length},
     * {@code Date} and {@code Server} become {@code x-amzn-Remapped-NAME}; {@code Via}, {@code
     * Transfer-Encoding} and the other hop-by-hop headers are dropped.
     */
    static void proxyHeaders(HttpHeaders headers) {
        List<String> tokens = HopByHop.connectionTokens(headers);
        for (String token : tokens) {
            if (!token.equalsIgnoreCase("close") && !token.equalsIgnoreCase("keep-alive")) {
                headers.remove(token);
            }
        }
        IntegrationResponses.remap(headers, PROXY_REMAPPED);
        headers.remove(HttpHeaderNames.VIA);
        HopByHop.strip(headers);
    }

    /** Headers of a proxied answer AWS renames to {@code x-amzn-Remapped-NAME}. */
    static final List<String> PROXY_REMAPPED = List.of("Connection", "Content-Length", "Date", "Server");
}
