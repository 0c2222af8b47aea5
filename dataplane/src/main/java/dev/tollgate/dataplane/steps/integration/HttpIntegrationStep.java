package dev.tollgate.dataplane.steps.integration;

import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.http.HopByHop;
import dev.tollgate.dataplane.http.MediaTypes;
import dev.tollgate.dataplane.http.QueryParams;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.ExecutionLog;
import dev.tollgate.dataplane.runtime.HostPort;
import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.dataplane.upstream.UpstreamAddress;
import dev.tollgate.dataplane.upstream.UpstreamException;
import dev.tollgate.dataplane.upstream.UpstreamSender;
import dev.tollgate.ir.HttpIntegrationConfig;
import dev.tollgate.ir.IntegrationResponseConfig;
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
import java.nio.charset.StandardCharsets;
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

    HttpIntegrationStep(HttpIntegrationConfig config, HostPort backend, UpstreamSender client) {
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
        this.responses = new IntegrationResponses(config.responses());
        this.fixedMethod = RouteConfig.ANY.equals(config.httpMethod()) ? null : HttpMethod.valueOf(config.httpMethod());
    }

    @Override
    public void apply(Exchange exchange) {
        FullHttpRequest in = exchange.request();
        String contentType = MediaTypes.essence(in.headers().get(HttpHeaderNames.CONTENT_TYPE));
        ByteBuf body;
        String bodyType;
        String templateKey = templateFor(contentType);
        if (templateKey != null) {
            byte[] bytes = config.requestTemplates().get(templateKey).getBytes(StandardCharsets.UTF_8);
            body = exchange.alloc().buffer(bytes.length).writeBytes(bytes);
            bodyType = templateKey;
        } else if (passthroughRefused()) {
            exchange.fail(GatewayError.UNSUPPORTED_MEDIA_TYPE);
            return;
        } else {
            body = in.content().retainedDuplicate();
            bodyType = in.headers().get(HttpHeaderNames.CONTENT_TYPE);
        }
        HttpMethod method = fixedMethod != null ? fixedMethod : in.method();
        FullHttpRequest out = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, method, uri(exchange), body, UNVALIDATED_HEADERS, UNVALIDATED_TRAILERS);
        if (!headers(exchange, out.headers(), bodyType, body.readableBytes())) {
            out.release();
            exchange.fail(GatewayError.BAD_REQUEST);
            return;
        }
        if (exchange.tracing()) {
            String target = address.scheme() + "://" + hostHeader + out.uri();
            exchange.trace("Endpoint request URI: " + target);
            exchange.trace("Endpoint request headers: " + ExecutionLog.headers(out.headers()));
            exchange.trace("Endpoint request body after transformations: " + ExecutionLog.body(body));
            exchange.trace("Sending request to " + target);
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

    private String templateFor(String contentType) {
        for (String key : config.requestTemplates().keySet()) {
            if (key.equalsIgnoreCase(contentType)) {
                return key;
            }
        }
        return null;
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
        for (ParameterMapping m : queryMappings) {
            for (String v : ParameterValues.of(m.source(), exchange, null)) {
                QueryParams.appendPair(query, m.name(), v);
            }
        }
        return query.length() == 0 ? p : p + "?" + query;
    }

    private PathTemplate.Value pathValue(Exchange exchange, String name) {
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
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
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
            exchange.trace(
                    timeout
                            ? "Execution failed due to a timeout error after " + latency / 1_000_000 + " ms"
                            : "Execution failed due to configuration error: " + kind);
            exchange.fail(timeout ? GatewayError.INTEGRATION_TIMEOUT : GatewayError.INTEGRATION_FAILURE);
            return;
        }
        int status = backend.status().code();
        exchange.integrationDone(latency, status, null);
        if (exchange.tracing()) {
            exchange.trace(
                    "Received response. Status: " + status + ", Integration latency: " + latency / 1_000_000 + " ms");
            exchange.trace("Endpoint response headers: " + ExecutionLog.headers(backend.headers()));
            exchange.trace("Endpoint response body before transformations: " + ExecutionLog.body(backend.content()));
        }
        IntegrationResponseConfig selected = config.proxy() ? null : responses.select(status);
        if (selected == null) {
            HopByHop.strip(backend.headers());
            backend.setProtocolVersion(HttpVersion.HTTP_1_1);
            exchange.respond(backend);
            return;
        }
        FullHttpResponse mapped = IntegrationResponses.build(
                selected,
                exchange,
                backend.headers(),
                backend.content().retain(),
                backend.headers().get(HttpHeaderNames.CONTENT_TYPE));
        backend.release();
        exchange.respond(mapped);
    }
}
