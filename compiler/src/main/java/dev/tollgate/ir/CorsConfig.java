package dev.tollgate.ir;

import java.util.List;

/**
 * HTTP-API-style CORS settings of one API: the gateway answers preflight requests itself and adds
 * the CORS headers to every response whose {@code Origin} is allowed, errors included.
 *
 * @param allowOrigins allowed origins, exact (lower case) or {@code *}; sorted
 * @param allowMethods allowed methods in upper case or {@code *}; sorted
 * @param allowHeaders allowed request headers in lower case or {@code *}; sorted
 * @param exposeHeaders response headers exposed to scripts; sorted
 * @param maxAgeSeconds seconds a preflight answer may be cached, or -1 to send no {@code
 *     Access-Control-Max-Age}
 * @param allowCredentials whether {@code Access-Control-Allow-Credentials: true} is sent
 */
public record CorsConfig(
        List<String> allowOrigins,
        List<String> allowMethods,
        List<String> allowHeaders,
        List<String> exposeHeaders,
        int maxAgeSeconds,
        boolean allowCredentials) {
    public CorsConfig {
        allowOrigins = Ir.list(allowOrigins);
        allowMethods = Ir.list(allowMethods);
        allowHeaders = Ir.list(allowHeaders);
        exposeHeaders = Ir.list(exposeHeaders);
        if (maxAgeSeconds < -1) {
            throw new IllegalArgumentException("bad maxAgeSeconds " + maxAgeSeconds);
        }
    }
}
