package dev.tollgate.crds.v1alpha1;

/** What happens to an unauthorized Cache-Control: max-age=0 request. */
public enum UnauthorizedCacheControlHeaderStrategy {
    FAIL_WITH_403,
    SUCCEED_WITH_RESPONSE_HEADER,
    SUCCEED_WITHOUT_RESPONSE_HEADER
}
