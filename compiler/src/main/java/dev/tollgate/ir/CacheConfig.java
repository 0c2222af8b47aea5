package dev.tollgate.ir;

import java.util.List;
import java.util.Objects;

/**
 * Response caching of one route, as AWS caches: GET requests (another method's when a method
 * setting turns caching on for it), only 2xx responses of the integration; the key is the method,
 * the resource path and the key parameters, and for a method other than GET its request body.
 *
 * @param ttlSeconds seconds a response stays cached (1–3600; 0 is compiled as no caching)
 * @param keyParameters request values that are part of the key, sorted by location then name
 * @param requireAuthorizationForCacheControl whether {@code Cache-Control: max-age=0} needs an
 *     authorized caller to invalidate (with no authorizer on the gateway yet: a valid API key on a
 *     key-required method counts as authorized)
 * @param unauthorized what an unauthorized invalidation request gets
 */
public record CacheConfig(
        int ttlSeconds,
        List<CacheKeyParameter> keyParameters,
        boolean requireAuthorizationForCacheControl,
        CacheInvalidation unauthorized) {

    /** AWS's default TTL. */
    public static final int DEFAULT_TTL_SECONDS = 300;

    /** AWS's maximum TTL. */
    public static final int MAX_TTL_SECONDS = 3600;

    public CacheConfig {
        if (ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
            throw new IllegalArgumentException("bad ttlSeconds " + ttlSeconds);
        }
        keyParameters = Ir.list(keyParameters);
        unauthorized = Objects.requireNonNullElse(unauthorized, CacheInvalidation.SUCCEED_WITH_RESPONSE_HEADER);
    }
}
