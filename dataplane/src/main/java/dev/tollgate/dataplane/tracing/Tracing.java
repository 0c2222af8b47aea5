package dev.tollgate.dataplane.tracing;

import dev.tollgate.ir.TracingConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenTelemetry SDK that exports the spans of traced stages: OTLP over HTTP (protobuf) to the
 * collector the served Gateway names ({@code spec.tracing}), or the one given on the command line
 * ({@code --otlp-endpoint}, which wins). Spans are handed to a {@link BatchSpanProcessor}: ending
 * one on an event loop only queues it (a full queue drops it, counted by the SDK), and a thread of
 * the SDK's exports batches. A caller's sampled flag is honoured; new traces are sampled at the
 * Gateway's ratio. Outlives every runtime; a new collector or ratio replaces the SDK, the old one
 * flushing what it holds in the background.
 */
public final class Tracing implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Tracing.class);

    /** How long spans wait to be batched at most. */
    static final Duration EXPORT_DELAY = Duration.ofSeconds(1);

    private static final int QUEUE = 8192;
    private static final int BATCH = 512;

    private final String endpointOverride;
    private volatile Exporter current;

    /** One OTLP pipeline: where it exports, at which ratio, and its tracer. */
    private record Exporter(String endpoint, double ratio, SdkTracerProvider provider, Tracer tracer) {}

    /**
     * @param endpointOverride the OTLP/HTTP traces URL given on the command line, used whatever
     *     the Gateway names; null to follow the Gateway
     */
    public Tracing(String endpointOverride) {
        this.endpointOverride = endpointOverride;
        if (endpointOverride != null) {
            configure(null);
        }
    }

    /** Tracing without a command-line collector: spans are exported only where a Gateway names one. */
    public static Tracing followingGateway() {
        return new Tracing(null);
    }

    /**
     * Exports to the collector of the served Gateway's {@code config} (null: it names none) unless
     * the command line named one; a change of collector or ratio replaces the exporter.
     */
    public synchronized void configure(TracingConfig config) {
        String endpoint = endpointOverride != null ? endpointOverride : config == null ? null : config.endpoint();
        double ratio = config == null ? 1.0 : config.samplingRatio();
        Exporter old = current;
        if (old != null && Objects.equals(old.endpoint(), endpoint) && old.ratio() == ratio) {
            return;
        }
        current = endpoint == null ? null : start(endpoint, ratio);
        if (endpoint != null) {
            LOG.info("tracing: exporting spans to {} (sampling new traces at {})", endpoint, ratio);
        }
        if (old != null) {
            // Flushes what it holds from the SDK's own thread; nothing waits for it here.
            old.provider().shutdown();
        }
    }

    private static Exporter start(String endpoint, double ratio) {
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(endpoint)
                .setTimeout(Duration.ofSeconds(10))
                .build();
        BatchSpanProcessor batches = BatchSpanProcessor.builder(exporter)
                .setScheduleDelay(EXPORT_DELAY)
                .setMaxQueueSize(QUEUE)
                .setMaxExportBatchSize(BATCH)
                .build();
        Resource resource = Resource.getDefault()
                .merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "tollgate")));
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(resource)
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(ratio)))
                .addSpanProcessor(batches)
                .build();
        return new Exporter(endpoint, ratio, provider, provider.get("dev.tollgate.dataplane"));
    }

    /** The tracer spans are started with, or null while no collector is named. */
    public Tracer tracer() {
        Exporter e = current;
        return e == null ? null : e.tracer();
    }

    /** Where spans go now, or null. */
    public String endpoint() {
        Exporter e = current;
        return e == null ? null : e.endpoint();
    }

    /** Exports what is queued (waiting up to five seconds), then stops. */
    @Override
    public synchronized void close() {
        Exporter e = current;
        current = null;
        if (e != null) {
            e.provider().shutdown().join(5, TimeUnit.SECONDS);
        }
    }
}
