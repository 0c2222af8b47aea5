// bench/tracing-cost — the CPU cost per request of the gateway's tracing code, in process:
//   java -cp dataplane/target/tollgate-dataplane.jar bench/tracing-cost/TracingCost.java [REQUESTS]
// For each variant it runs what a request does (read the trace headers at routing, write them on
// the backend request, end the span with the request's values) REQUESTS times after a warm-up,
// and prints the CPU time of the calling thread (what an event loop pays) and of the whole process
// (adding the SDK's export thread and the in-process OTLP receiver) per request. CPU time, not wall
// time, so a machine busy with other work changes the figures less.
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.dataplane.accesslog.ContextValues;
import dev.tollgate.dataplane.tracing.RequestTrace;
import dev.tollgate.dataplane.tracing.Tracing;
import dev.tollgate.ir.ContextVariable;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.opentelemetry.api.trace.Tracer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

public class TracingCost {
    private static final ContextValues VALUES = v -> switch (v) {
        case HTTP_METHOD -> "GET";
        case PATH -> "/prod/pets/7";
        case IDENTITY_SOURCE_IP -> "10.1.2.3";
        case DOMAIN_NAME -> "pets.default.execute-api.localhost";
        case IDENTITY_USER_AGENT -> "curl/8.0";
        case API_ID -> "pets";
        case STAGE -> "prod";
        case REQUEST_ID -> "c0ffee00-0000-4000-8000-000000000000";
        case STATUS, INTEGRATION_STATUS -> "200";
        case INTEGRATION_LATENCY -> "3";
        default -> null;
    };

    private static final int CHUNK = 4000;

    interface Variant {
        void request(long i);
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        AtomicLong exports = new AtomicLong();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/v1/traces", x -> {
            x.getRequestBody().readAllBytes();
            exports.incrementAndGet();
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        receiver.start();
        Tracing tracing = new Tracing("http://127.0.0.1:" + receiver.getAddress().getPort() + "/v1/traces");
        Tracer tracer = tracing.tracer();
        HttpHeaders none = new DefaultHttpHeaders();
        HttpHeaders parent = new DefaultHttpHeaders()
                .add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        HttpHeaders unsampled = new DefaultHttpHeaders()
                .add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
        run("tracing off, no trace header", n, i -> once(none, false, null, i));
        run("tracing off, traceparent continued", n, i -> once(parent, false, null, i));
        run("tracing on, caller's 00 (not sampled)", n, i -> once(unsampled, true, tracer, i));
        run("tracing on, every span exported", n, i -> once(none, true, tracer, i));
        tracing.close();
        receiver.stop(0);
        System.out.printf("export requests received: %d%n", exports.get());
    }

    private static void once(HttpHeaders in, boolean on, Tracer tracer, long i) {
        RequestTrace t = RequestTrace.start(in, on, tracer, "GET", i * 1000, "default");
        t.routed("GET", "/pets/{id}");
        HttpHeaders out = new DefaultHttpHeaders();
        t.writeTo(out);
        t.end(VALUES, i * 1000 + 500_000);
    }

    private static void run(String name, int n, Variant v) throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        loop(n, v, threads);
        // Let the export thread send what the warm-up queued.
        Thread.sleep(2500);
        long process0 = os.getProcessCpuTime();
        long caller = loop(n, v, threads);
        // Let the export thread send what this variant queued, so its CPU is counted here.
        Thread.sleep(2500);
        long process1 = os.getProcessCpuTime();
        System.out.printf(
                "%-40s caller %6.2f µs/request, process %6.2f µs/request%n",
                name, caller / 1000.0 / n, (process1 - process0) / 1000.0 / n);
    }

    /**
     * Runs {@code n} requests paced below the export queue's size per batch interval, so no span is
     * dropped; returns the calling thread's CPU time.
     */
    private static long loop(int n, Variant v, ThreadMXBean threads) throws InterruptedException {
        long caller = 0;
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            v.request(i);
            if (i % CHUNK == CHUNK - 1) {
                caller += threads.getCurrentThreadCpuTime() - start;
                Thread.sleep(1200);
                start = threads.getCurrentThreadCpuTime();
            }
        }
        return caller + threads.getCurrentThreadCpuTime() - start;
    }
}
