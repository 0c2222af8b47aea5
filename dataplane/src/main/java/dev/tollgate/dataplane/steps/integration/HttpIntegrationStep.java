package dev.tollgate.dataplane.steps.integration;

import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.http.HopByHop;
import dev.tollgate.dataplane.http.QueryParams;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.ExecutionLog;
import dev.tollgate.dataplane.runtime.HostPort;
import dev.tollgate.dataplane.runtime.IntegrationRequest;
import dev.tollgate.dataplane.runtime.ParameterValues;
import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.dataplane.template.JsonValues;
import dev.tollgate.dataplane.template.TemplateEngine;
import dev.tollgate.dataplane.template.TemplateException;
import dev.tollgate.dataplane.tracing.RequestTrace;
import dev.tollgate.dataplane.upstream.UpstreamAddress;
import dev.tollgate.dataplane.upstream.UpstreamException;
import dev.tollgate.dataplane.upstream.UpstreamSender;
import dev.tollgate.ir.HttpApiMapping;
import dev.tollgate.ir.HttpIntegrationConfig;
import dev.tollgate.ir.ParameterMapping;
import dev.tollgate.ir.ParameterSource;
import dev.tollgate.ir.PassthroughBehavior;
import dev.tollgate.ir.RouteConfig;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * AWS's HTTP_PROXY and HTTP integrations: builds the backend request's head from the canonical
 * request and the route's mappings and sends it with the {@link UpstreamSender} on the exchange's
 * own event loop; the body streams through chunk by chunk ({@link ProxyCall}) unless a template
 * replaces it or an earlier step read it whole. The answer streams back to the client unless it
 * is mapped (an integration response) or observed (the cache); then it is gathered. A timeout
 * answers 504 {@code Endpoint request timed out}; a refused, reset, oversized or malformed backend
 * answer gives 502.
 *
 * <p>Headers added towards the backend: {@code X-Forwarded-For} (the client's IP appended to the
 * chain a trusted proxy sent, else the client's IP alone), {@code
 * X-Forwarded-Proto}, {@code X-Forwarded-Host} (the client's Host) and {@code x-amzn-RequestId}
 * (the gateway's request id, so backend logs can be joined with the access log); the trace
 * headers as {@link RequestTrace} says ({@code traceparent}, {@code tracestate}, {@code
 * X-Amzn-Trace-Id}), to proxy and non-proxy integrations alike.
 */
final class HttpIntegrationStep implements Step {
    /** Request id header sent to the backend. */
    static final String REQUEST_ID = "x-amzn-RequestId";
    // Names set on every proxied request, made once with their hash codes (a String's is computed
    // again by the header map on every set).
    private static final AsciiString REQUEST_ID_HEADER = AsciiString.cached(REQUEST_ID);
    private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("X-Forwarded-For");
    private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("X-Forwarded-Proto");
    private static final AsciiString X_FORWARDED_HOST = AsciiString.cached("X-Forwarded-Host");
    private static final AsciiString HTTPS = AsciiString.cached("https");
    private static final AsciiString HTTP = AsciiString.cached("http");

    /**
     * Backend request headers skip Netty's per-header validation: copied headers were validated when
     * the client's request was decoded, names of mapped ones by the compiler, and mapped values are
     * checked by {@link #safeHeaderValue} (validating everything again costs on every request).
     */
    private static final DefaultHttpHeadersFactory UNVALIDATED_HEADERS =
            DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    /** Client headers a proxy never copies: the gateway sets its own (or none) for the backend. */
    private static final AsciiString[] NOT_FORWARDED = {
        HttpHeaderNames.HOST, HttpHeaderNames.EXPECT, HttpHeaderNames.CONTENT_LENGTH, HttpHeaderNames.CONTENT_TYPE
    };

    /**
     * Client headers that claim to say where a request came from; passed on only from a trusted
     * proxy ({@code X-Forwarded-For} is rebuilt either way).
     */
    private static final AsciiString[] UNTRUSTED_FORWARDING = {
        AsciiString.cached("forwarded"), AsciiString.cached("x-real-ip")
    };

    /**
     * Client headers some backends (IIS, Symfony, Laravel) take as the request's real path, which
     * would let a caller reach a backend path the route never maps: never passed on.
     */
    private static final AsciiString[] OVERRIDES = {
        AsciiString.cached("x-original-url"), AsciiString.cached("x-rewrite-url")
    };

    private final HttpIntegrationConfig config;
    private final UpstreamSender client;
    private final UpstreamAddress address;
    private final String hostHeader;
    private final PathTemplate path;
    private final Map<String, ParameterMapping> pathMappings;
    private final List<ParameterMapping> queryMappings;
    private final List<ParameterMapping> headerMappings;
    private final IntegrationResponses responses;
    private final HttpMethod fixedMethod;
    private final AwsCall aws;
    /** An HTTP API route's v2 parameter mappings, or null without any. */
    private final HttpApiMappings httpApi;

    HttpIntegrationStep(
            HttpIntegrationConfig config,
            HostPort backend,
            UpstreamSender client,
            TemplateEngine templates,
            String name,
            AwsCall aws) {
        this.config = config;
        this.client = client;
        this.aws = aws;
        this.address = new UpstreamAddress(config.upstream().scheme(), backend.host(), backend.port());
        int defaultPort = "https".equals(config.upstream().scheme()) ? 443 : 80;
        String host = backend.host().indexOf(':') >= 0 ? "[" + backend.host() + "]" : backend.host();
        this.hostHeader = backend.port() == defaultPort ? host : host + ":" + backend.port();
        this.path = PathTemplate.parse(config.pathTemplate());
        if (config.requestParameters().isEmpty()) {
            // A proxy maps no parameters: its (mostly thousands of) routes share the empty collections.
            this.pathMappings = Map.of();
            this.queryMappings = List.of();
            this.headerMappings = List.of();
        } else {
            this.pathMappings = new HashMap<>();
            this.queryMappings = new ArrayList<>();
            this.headerMappings = new ArrayList<>();
            for (ParameterMapping m : config.requestParameters()) {
                switch (m.target()) {
                    case PATH -> pathMappings.put(m.name(), m);
                    case QUERYSTRING -> queryMappings.add(m);
                    case HEADER -> headerMappings.add(m);
                }
            }
        }
        this.responses = IntegrationResponses.of(config.responses(), templates, name);
        this.fixedMethod = RouteConfig.ANY.equals(config.httpMethod()) ? null : HttpMethod.valueOf(config.httpMethod());
        this.httpApi = config.httpApiRequestMappings().isEmpty()
                        && config.httpApiResponseMappings().isEmpty()
                ? null
                : new HttpApiMappings(config.httpApiRequestMappings(), config.httpApiResponseMappings());
    }

    @Override
    public void apply(Exchange exchange) {
        HttpRequest in = exchange.request();
        IntegrationRequest mapped = exchange.integrationRequest();
        ByteBuf fixedBody;
        byte[] payload = null;
        String bodyType;
        String bodyEncoding = null;
        if (mapped != null) {
            payload = mapped.body();
            // The request mapping step rendered (or converted) the body.
            fixedBody = exchange.alloc().buffer(mapped.body().length).writeBytes(mapped.body());
            bodyType = mapped.contentType();
            bodyEncoding = mapped.contentEncoding();
        } else if (!config.proxy() && passthroughRefused()) {
            exchange.fail(GatewayError.UNSUPPORTED_MEDIA_TYPE);
            return;
        } else {
            // A body an earlier step read whole is sent as it is; otherwise it streams through.
            fixedBody = exchange.body() == null ? null : exchange.body().retainedDuplicate();
            bodyType = in.headers().get(HttpHeaderNames.CONTENT_TYPE);
            if (!config.proxy()) {
                bodyEncoding = in.headers().get(HttpHeaderNames.CONTENT_ENCODING);
            }
        }
        long length = fixedBody != null
                ? fixedBody.readableBytes()
                : exchange.requestBody().declaredLength();
        HttpMethod method = fixedMethod != null ? fixedMethod : in.method();
        HttpHeaders headers = config.proxy() ? in.headers() : UNVALIDATED_HEADERS.newHeaders();
        HttpRequest out = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri(exchange), headers);
        if (!headers(exchange, headers, bodyType, length)) {
            if (fixedBody != null) {
                fixedBody.release();
            }
            exchange.fail(GatewayError.BAD_REQUEST);
            return;
        }
        if (bodyEncoding != null) {
            headers.set(HttpHeaderNames.CONTENT_ENCODING, bodyEncoding);
        }
        if (exchange.tracing()) {
            String target = address.scheme() + "://" + hostHeader + out.uri();
            exchange.trace("Endpoint request URI: " + target);
            exchange.trace("Endpoint request headers: " + ExecutionLog.headers(out.headers()));
            if (fixedBody == null) {
                exchange.trace("Endpoint request body after transformations: [streamed]");
            } else {
                exchange.traceBody("Endpoint request body after transformations: ", fixedBody);
            }
            exchange.trace("Sending request to " + target);
        }
        // Signed after the execution log has the request, so the signature is never logged.
        if (aws != null && !aws.sign(exchange, out, payload, fixedBody, address)) {
            if (fixedBody != null) {
                fixedBody.release();
            }
            exchange.fail(GatewayError.API_CONFIGURATION_ERROR);
            return;
        }
        new ProxyCall(this, exchange, fixedBody).start(client, address, out, config.timeoutMillis());
    }

    /** AWS: NEVER refuses any unmapped type; WHEN_NO_TEMPLATES refuses once any template exists. */
    private boolean passthroughRefused() {
        PassthroughBehavior b = config.passthroughBehavior();
        return b == PassthroughBehavior.NEVER
                || (b == PassthroughBehavior.WHEN_NO_TEMPLATES
                        && !config.requestTemplates().isEmpty());
    }

    String uri(Exchange exchange) {
        String fixedPath = path.fixed();
        String p = fixedPath != null ? fixedPath : path.fill(name -> pathValue(exchange, name));
        if (queryMappings.isEmpty() && exchange.integrationRequest() == null && httpApi == null) {
            // A plain proxy's target: the path and the client's query as it came, nothing to merge.
            String q = config.proxy() ? exchange.query().encoded() : "";
            return q.isEmpty() ? p : p + "?" + q;
        }
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
        String q = query.toString();
        if (httpApi != null) {
            String overwritten = httpApi.path(exchange);
            if (overwritten != null) {
                p = overwritten;
            }
            if (httpApi.changesQuery()) {
                q = httpApi.query(exchange, q);
            }
        }
        return q.isEmpty() ? p : p + "?" + q;
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
     * LF or another control character, e.g. from a decoded query string). A proxy forwards the
     * client's headers: {@code out} is then the client request's own header map, rewritten in place
     * (hop-by-hop ones dropped, the gateway's set) rather than copied, as this runs on every
     * proxied request; what the exchange reads later (its Host, keep-alive) it read at its start.
     */
    private boolean headers(Exchange exchange, HttpHeaders out, String bodyType, long length) {
        HttpHeaders in = exchange.request().headers();
        // Read from the client's headers before they are rewritten.
        String[] mapped = null;
        if (!headerMappings.isEmpty()) {
            mapped = new String[headerMappings.size()];
            for (int i = 0; i < mapped.length; i++) {
                List<String> values = ParameterValues.of(headerMappings.get(i).source(), exchange, null);
                if (!values.isEmpty()) {
                    mapped[i] = String.join(",", values);
                    if (!safeHeaderValue(mapped[i])) {
                        return false;
                    }
                }
            }
        }
        String[] httpApiValues = null;
        if (httpApi != null && httpApi.changesHeaders()) {
            httpApiValues = httpApi.headerValues(exchange);
            if (httpApiValues == null) {
                return false;
            }
        }
        // Only a trusted proxy's chain is kept: anyone else could write any address into it.
        String forwarded = exchange.peerTrusted() ? forwardedFor(in) : null;
        String host = in.get(HttpHeaderNames.HOST);
        if (config.proxy()) {
            HopByHop.strip(out);
            for (AsciiString name : NOT_FORWARDED) {
                out.remove(name);
            }
            for (AsciiString name : OVERRIDES) {
                out.remove(name);
            }
            if (!exchange.peerTrusted()) {
                for (AsciiString name : UNTRUSTED_FORWARDING) {
                    out.remove(name);
                }
            }
        }
        if (mapped != null) {
            for (int i = 0; i < mapped.length; i++) {
                // A mapped header is the gateway's word: it replaces the client's, and an absent
                // source removes the client's, so a caller cannot forge what the backend trusts
                // (a client certificate's DN, a claim, the authorizer's principal).
                if (mapped[i] != null) {
                    out.set(headerMappings.get(i).name(), mapped[i]);
                } else {
                    out.remove(headerMappings.get(i).name());
                }
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
        if (httpApiValues != null) {
            httpApi.applyHeaders(out, httpApiValues);
        }
        if (length >= 0) {
            out.set(HttpHeaderNames.CONTENT_LENGTH, length);
        } else {
            // A body of unknown length (chunked, or HTTP/2 without Content-Length) streams chunked.
            out.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        out.set(X_FORWARDED_FOR, forwarded == null ? exchange.clientIp() : forwarded + ", " + exchange.clientIp());
        out.set(X_FORWARDED_PROTO, exchange.tls() != null ? HTTPS : HTTP);
        if (host != null) {
            out.set(X_FORWARDED_HOST, host);
        }
        out.set(REQUEST_ID_HEADER, exchange.requestId());
        RequestTrace trace = exchange.requestTrace();
        if (trace != null) {
            trace.writeTo(out);
        }
        return true;
    }

    /** The client's {@code X-Forwarded-For} chain, several header lines joined; null without one. */
    private static String forwardedFor(HttpHeaders in) {
        List<String> all = in.getAll(X_FORWARDED_FOR);
        return all.isEmpty() ? null : String.join(", ", all);
    }

    /** Field-value characters only: no CTL but HTAB (RFC 9110 5.5). */
    static boolean safeHeaderValue(CharSequence value) {
        return HopByHop.safeValue(value);
    }

    /**
     * Whether the backend's answer is mapped by integration responses (so gathered whole); a
     * proxy's answer, and a non-proxy route's that declares none (a Tollgate convenience), pass
     * as they are, less what AWS remaps and drops.
     */
    boolean mapsResponses() {
        return !config.proxy() && !responses.isEmpty();
    }

    /** The HTTP API response mappings for the backend's status, or null when none apply. */
    List<HttpApiMapping> responseMappings(int status) {
        return httpApi == null ? null : httpApi.forStatus(status);
    }

    /** Whether the HTTP API response mappings for this status read the body (so it is gathered). */
    boolean mappingsReadBody(int status) {
        return httpApi != null && httpApi.readsBody(status);
    }

    /** Answers a backend call that failed: 504 on a timeout, else 502. */
    static void failed(Exchange exchange, UpstreamException cause, long latencyNanos) {
        exchange.integrationDone(latencyNanos, -1, cause.kind().name());
        exchange.trace(
                cause.kind() == UpstreamException.Kind.TIMEOUT
                        ? "Execution failed due to a timeout error after " + latencyNanos / 1_000_000 + " ms"
                        : "Execution failed due to configuration error: "
                                + cause.kind().name());
        exchange.fail(
                cause.kind() == UpstreamException.Kind.TIMEOUT
                        ? GatewayError.INTEGRATION_TIMEOUT
                        : GatewayError.INTEGRATION_FAILURE);
    }

    /** Answers with a whole backend response (taken over), through the integration responses if any. */
    void answered(Exchange exchange, FullHttpResponse backend) {
        exchange.traceBody("Endpoint response body before transformations: ", backend.content());
        List<HttpApiMapping> edits = responseMappings(backend.status().code());
        HttpHeaders original = edits == null ? null : backend.headers().copy();
        if (!mapsResponses()) {
            proxyHeaders(backend.headers());
            if (edits != null) {
                HttpApiMappings.applyResponse(edits, exchange, backend, original, backend.content());
            }
            backend.setProtocolVersion(HttpVersion.HTTP_1_1);
            exchange.respond(backend);
            return;
        }
        IntegrationResponses.Compiled selected =
                responses.select(backend.status().code());
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
            if (edits != null) {
                HttpApiMappings.applyResponse(edits, exchange, mapped, original, backend.content());
            }
        } catch (TemplateException | JsonValues.InvalidBodyException | IllegalArgumentException e) {
            exchange.fail(GatewayError.API_CONFIGURATION_ERROR);
            return;
        } finally {
            backend.release();
        }
        exchange.respond(mapped);
    }

    /**
     * A streamed answer's head as AWS returns a proxied one (see {@link #proxyHeaders}), the
     * backend's length, when it gave one, still framing the body.
     */
    static void proxyHead(HttpHeaders headers) {
        String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        proxyHeaders(headers);
        if (length != null) {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, length);
        }
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
    static final List<IntegrationResponses.Remapped> PROXY_REMAPPED =
            IntegrationResponses.Remapped.of("Connection", "Content-Length", "Date", "Server");
}
