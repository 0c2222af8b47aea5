package dev.tollgate.compiler;

/**
 * The one rule for an OTLP/HTTP collector's address, shared by the Gateway's {@code
 * spec.tracing.endpoint} and the data plane's {@code --otlp-endpoint} flag.
 */
public final class OtlpEndpoints {
    private OtlpEndpoints() {}

    /**
     * A collector URL as its traces URL: {@code /v1/traces} appended when it has no path (as
     * OpenTelemetry's {@code OTEL_EXPORTER_OTLP_ENDPOINT}); null when it is no http(s) URL without
     * credentials, query or fragment.
     */
    public static String tracesUrl(String url) {
        Urls u = url == null ? null : Urls.parse(url);
        if (u == null
                || !(u.scheme().equals("http") || u.scheme().equals("https"))
                || u.host().isEmpty()
                || u.query() != null) {
            return null;
        }
        if (u.path().isEmpty() || u.path().equals("/")) {
            return u.scheme() + "://" + u.authority() + "/v1/traces";
        }
        return url;
    }
}
