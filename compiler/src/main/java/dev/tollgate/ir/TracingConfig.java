package dev.tollgate.ir;

/**
 * Where the data plane exports the spans of stages with tracing on.
 *
 * @param endpoint the OTLP/HTTP collector's traces URL ({@code http[s]://host:port/v1/traces})
 * @param samplingRatio the share of new traces sampled, within 0..1; a caller's sampled flag wins
 */
public record TracingConfig(String endpoint, double samplingRatio) {
    public TracingConfig {
        Ir.require(endpoint, "endpoint");
        if (!(samplingRatio >= 0 && samplingRatio <= 1)) {
            throw new IllegalArgumentException("samplingRatio is within 0..1: " + samplingRatio);
        }
    }
}
