package dev.tollgate.microbench;

import dev.tollgate.dataplane.accesslog.AccessLogFormat;
import dev.tollgate.dataplane.accesslog.ContextValues;
import dev.tollgate.dataplane.accesslog.LineBuffer;
import dev.tollgate.ir.StageConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One access-log line in the default (CLF) format: rendered to a {@link String} and encoded (what
 * each line cost across the event loop and the writer thread before lines were rendered as bytes)
 * against rendered straight into a reused {@link LineBuffer}; and {@code $context.requestTime}
 * formatted per request against once a second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AccessLogBench {
    AccessLogFormat format;
    ContextValues values;
    LineBuffer line;
    long now;

    @Setup
    public void build() {
        format = AccessLogFormat.parse(StageConfig.DEFAULT_ACCESS_LOG_FORMAT);
        now = System.currentTimeMillis();
        line = new LineBuffer(256);
        values = v -> switch (v) {
            case IDENTITY_SOURCE_IP -> "127.0.0.1";
            case REQUEST_TIME -> AccessLogFormat.requestTime(now);
            case HTTP_METHOD -> "GET";
            case PATH -> "/logged/hello";
            case PROTOCOL -> "HTTP/1.1";
            case STATUS -> Integer.toString(200);
            case RESPONSE_LENGTH -> Long.toString(97);
            case EXTENDED_REQUEST_ID, REQUEST_ID -> "0f8fad5b-d9cb-469f-a165-70867728950e";
            case RESPONSE_LATENCY -> Long.toString(1);
            default -> null;
        };
    }

    @Benchmark
    public byte[] renderStringThenEncode() {
        return format.render(values).getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public int renderBytes() {
        line.clear();
        format.renderTo(values, line);
        return line.length();
    }

    @Benchmark
    public String requestTimeFormattedEachTime() {
        return AccessLogFormat.REQUEST_TIME.format(Instant.ofEpochMilli(now));
    }

    @Benchmark
    public String requestTimeOncePerSecond() {
        return AccessLogFormat.requestTime(now);
    }
}
