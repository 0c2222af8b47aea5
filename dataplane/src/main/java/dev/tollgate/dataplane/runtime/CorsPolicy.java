package dev.tollgate.dataplane.runtime;

import dev.tollgate.ir.CorsConfig;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * One API's CORS behaviour, as AWS's HTTP APIs have it: a preflight ({@code OPTIONS} with {@code
 * Origin} and {@code Access-Control-Request-Method}) is answered by the gateway whatever the routes
 * are, and every other response to an allowed {@code Origin} carries {@code
 * Access-Control-Allow-Origin} (and the exposed headers, credentials flag), errors included. A
 * disallowed origin, method or header gets an answer without CORS headers, so the browser refuses.
 */
public final class CorsPolicy {
    private final boolean anyOrigin;
    private final Set<String> origins;
    private final boolean anyMethod;
    private final Set<String> methods;
    private final String methodsValue;
    private final boolean anyHeader;
    private final Set<String> headers;
    private final String headersValue;
    private final String exposeValue;
    private final String maxAge;
    private final boolean credentials;

    private CorsPolicy(CorsConfig c) {
        this.anyOrigin = c.allowOrigins().contains("*");
        this.origins = Set.copyOf(c.allowOrigins());
        this.anyMethod = c.allowMethods().contains("*");
        this.methods = Set.copyOf(c.allowMethods());
        this.methodsValue = String.join(",", c.allowMethods());
        this.anyHeader = c.allowHeaders().contains("*");
        this.headers = Set.copyOf(c.allowHeaders());
        this.headersValue = String.join(",", c.allowHeaders());
        this.exposeValue = String.join(",", c.exposeHeaders());
        this.maxAge = c.maxAgeSeconds() < 0 ? null : Integer.toString(c.maxAgeSeconds());
        this.credentials = c.allowCredentials();
    }

    /** The API's policy, or null when it has no CORS settings. */
    public static CorsPolicy of(CorsConfig config) {
        return config == null ? null : new CorsPolicy(config);
    }

    /** Whether the request is a CORS preflight the gateway answers itself. */
    public static boolean isPreflight(HttpRequest request) {
        return request.method().equals(HttpMethod.OPTIONS)
                && request.headers().contains(HttpHeaderNames.ORIGIN)
                && request.headers().contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
    }

    /** AWS's preflight answer: 204, with the CORS headers when origin, method and headers pass. */
    public FullHttpResponse preflight(HttpRequest request) {
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT, Unpooled.EMPTY_BUFFER);
        HttpHeaders in = request.headers();
        String origin = in.get(HttpHeaderNames.ORIGIN);
        String method =
                in.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD).trim().toUpperCase(Locale.ROOT);
        String requested = in.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
        HttpHeaders out = response.headers();
        out.add(HttpHeaderNames.VARY, "Origin");
        if (!originAllowed(origin) || !(anyMethod || methods.contains(method)) || !headersAllowed(requested)) {
            return response;
        }
        allowOrigin(out, origin);
        out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, anyMethod ? method : methodsValue);
        if (requested != null && !requested.isBlank()) {
            out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, anyHeader ? requested.trim() : headersValue);
        } else if (!headersValue.isEmpty() && !anyHeader) {
            out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, headersValue);
        }
        if (maxAge != null) {
            out.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, maxAge);
        }
        return response;
    }

    /** Adds the CORS headers of an actual (non-preflight) response to an allowed origin. */
    public void decorate(HttpRequest request, HttpResponse response) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin == null || isPreflight(request)) {
            // A preflight's headers were decided by preflight(); adding more would widen them.
            return;
        }
        HttpHeaders out = response.headers();
        out.add(HttpHeaderNames.VARY, "Origin");
        if (!originAllowed(origin)) {
            return;
        }
        // The gateway's values replace any the backend sent, so they cannot widen the policy.
        out.remove(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN);
        out.remove(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS);
        allowOrigin(out, origin);
        if (!exposeValue.isEmpty()) {
            out.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, exposeValue);
        }
    }

    private void allowOrigin(HttpHeaders out, String origin) {
        // With credentials the origin is echoed (browsers refuse * then); the compiler forbids * with it.
        out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, anyOrigin && !credentials ? "*" : origin);
        if (credentials) {
            out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        }
    }

    private boolean originAllowed(String origin) {
        if (origin == null) {
            return false;
        }
        return anyOrigin || origins.contains(origin.trim().toLowerCase(Locale.ROOT));
    }

    private boolean headersAllowed(String requested) {
        if (anyHeader || requested == null || requested.isBlank()) {
            return true;
        }
        Set<String> asked = new HashSet<>();
        for (String h : requested.split(",")) {
            String name = h.trim().toLowerCase(Locale.ROOT);
            if (!name.isEmpty()) {
                asked.add(name);
            }
        }
        return headers.containsAll(asked);
    }
}
