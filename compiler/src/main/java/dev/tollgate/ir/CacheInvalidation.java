package dev.tollgate.ir;

/**
 * What a request with {@code Cache-Control: max-age=0} gets when the method requires authorization
 * to invalidate and the caller has none (AWS's {@code unauthorizedCacheControlHeaderStrategy}).
 */
public enum CacheInvalidation {
    /** Refused with 403. */
    FAIL_WITH_403,
    /** Served (from the cache when it holds the response) with an {@code X-Cache-Control} warning. */
    SUCCEED_WITH_RESPONSE_HEADER,
    /** Served (from the cache when it holds the response), header ignored silently. */
    SUCCEED_WITHOUT_RESPONSE_HEADER
}
