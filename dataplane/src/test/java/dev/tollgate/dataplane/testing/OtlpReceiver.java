package dev.tollgate.dataplane.testing;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP trace receiver on 127.0.0.1: {@code POST /v1/traces} with a protobuf {@code
 * ExportTraceServiceRequest} (gzip or not), parsed with OpenTelemetry's own proto classes and
 * answered as a collector answers. What it received is kept for the test to read.
 */
public final class OtlpReceiver implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final List<Received> spans = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();

    /**
     * One span received.
     *
     * @param span the span as exported
     * @param resource the attributes of its resource
     */
    public record Received(Span span, Map<String, String> resource) {
        /** The span's trace id, 32 hex digits. */
        public String traceId() {
            return hex(span.getTraceId());
        }

        /** The span's id, 16 hex digits. */
        public String spanId() {
            return hex(span.getSpanId());
        }

        /** Its parent's id, or empty for a root span. */
        public String parentSpanId() {
            return hex(span.getParentSpanId());
        }

        /** The span's attributes as text. */
        public Map<String, String> attributes() {
            return attributes(span.getAttributesList());
        }

        static Map<String, String> attributes(List<KeyValue> list) {
            Map<String, String> out = new LinkedHashMap<>();
            for (KeyValue kv : list) {
                AnyValue v = kv.getValue();
                out.put(
                        kv.getKey(),
                        switch (v.getValueCase()) {
                            case INT_VALUE -> Long.toString(v.getIntValue());
                            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
                            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
                            default -> v.getStringValue();
                        });
            }
            return out;
        }

        private static String hex(ByteString bytes) {
            return HexFormat.of().formatHex(bytes.toByteArray());
        }
    }

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    /** A receiver on a free port. */
    public static OtlpReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        OtlpReceiver receiver = new OtlpReceiver(server);
        server.createContext("/v1/traces", receiver::handle);
        server.setExecutor(receiver.executor);
        server.start();
        return receiver;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            InputStream in = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                in = new GZIPInputStream(in);
            }
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(in.readAllBytes());
            for (ResourceSpans rs : request.getResourceSpansList()) {
                Map<String, String> resource =
                        Received.attributes(rs.getResource().getAttributesList());
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    for (Span span : ss.getSpansList()) {
                        spans.add(new Received(span, resource));
                    }
                }
            }
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        }
    }

    /** The OTLP/HTTP traces URL to export to. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    /** The collector's base URL (no path), as a Gateway names it. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every span received so far. */
    public List<Received> spans() {
        return new ArrayList<>(spans);
    }

    /** The span of {@code traceId} received so far, if any. */
    public Optional<Received> span(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).findFirst();
    }

    /** The content types of the export requests received. */
    public List<String> contentTypes() {
        return new ArrayList<>(contentTypes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
