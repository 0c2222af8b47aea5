package dev.tollgate.controlapi.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.controlapi.auth.Caller;
import dev.tollgate.controlapi.sigv4.SigV4Error;
import dev.tollgate.controlapi.sigv4.SigV4Verifier;
import dev.tollgate.controlapi.sigv4.SignedRequest;
import dev.tollgate.controlapi.sigv4.Verification;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the control API with the JDK's HTTP server on its own small pool of threads (never on a
 * data plane event loop): every request's SigV4 signature is verified first, then the request is
 * routed to an operation. Errors are AWS's: status, {@code x-amzn-ErrorType} and {@code
 * {"message": ...}}; every response carries {@code x-amzn-RequestId}. More requests in flight than
 * the pool and its small queue take are answered 429 TooManyRequestsException at once.
 */
public final class ControlApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlApiServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** AWS's control-plane payload limit is far lower than the data plane's; imports are the largest bodies. */
    static final int MAX_BODY_BYTES = 6 * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final SigV4Verifier<Caller> verifier;
    private final Router router;
    private final Semaphore inFlight;
    private final AtomicLong refusals = new AtomicLong();

    private ControlApiServer(
            HttpServer server, ExecutorService executor, SigV4Verifier<Caller> verifier, Router router, int limit) {
        this.server = server;
        this.executor = executor;
        this.verifier = verifier;
        this.router = router;
        this.inFlight = new Semaphore(limit);
    }

    /**
     * Starts serving.
     *
     * @param bind the address to bind, e.g. {@code 127.0.0.1}
     * @param port the port, 0 for a free one
     * @param threads the worker threads
     */
    public static ControlApiServer start(
            String bind, int port, int threads, SigV4Verifier<Caller> verifier, Router router) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(bind, port), 64);
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "tollgate-control-api-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService executor = Executors.newFixedThreadPool(threads, factory);
        ControlApiServer server = new ControlApiServer(http, executor, verifier, router, threads * 16);
        http.createContext("/", server::handle);
        http.setExecutor(executor);
        http.start();
        return server;
    }

    /** The port served. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Requests refused at the signature check since start (logged at debug, one line each). */
    public long refusals() {
        return refusals.get();
    }

    private void handle(HttpExchange exchange) {
        String requestId = UUID.randomUUID().toString();
        try (exchange) {
            if (!inFlight.tryAcquire()) {
                send(exchange, requestId, error(AwsException.tooManyRequests("Too Many Requests")));
                return;
            }
            try {
                send(exchange, requestId, serve(exchange));
            } finally {
                inFlight.release();
            }
        } catch (IOException e) {
            LOG.debug("control API connection closed early: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("control API request {} failed", requestId, e);
        }
    }

    private Reply serve(HttpExchange exchange) throws IOException {
        byte[] body = readBody(exchange.getRequestBody());
        if (body == null) {
            return error(new AwsException(
                    "RequestEntityTooLargeException",
                    413,
                    "Request must be smaller than " + MAX_BODY_BYTES + " bytes"));
        }
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String rawPath = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        SignedRequest signed = SignedRequest.of(method, rawPath, rawQuery, headers, body);
        Verification<Caller> verification = verifier.verify(signed);
        if (verification instanceof Verification.Refused<Caller> refused) {
            refusals.incrementAndGet();
            SigV4Error e = refused.error();
            LOG.debug("control API refused {} {}: {}", method, rawPath, e.type());
            return error(new AwsException(e.type(), e.status(), e.message()));
        }
        Caller caller = ((Verification.Verified<Caller>) verification).identity();
        Map<String, List<String>> query = Percent.query(rawQuery);
        Optional<Router.Match> match = router.match(method, rawPath, query);
        if (match.isEmpty()) {
            // AWS answers an unknown path of a signed request with 404 and an UnknownOperationException.
            return error(
                    new AwsException("UnknownOperationException", 404, "Unknown operation " + method + " " + rawPath));
        }
        Call call =
                new Call(caller, method, Percent.decode(rawPath), match.get().parameters(), query, headers, body);
        try {
            return match.get().operation().handle(call);
        } catch (AwsException e) {
            return error(e);
        } catch (RuntimeException e) {
            LOG.error("control API {} {} by {} failed", method, rawPath, caller.accessKeyId(), e);
            return error(new AwsException("InternalFailure", 500, "Internal server error"));
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        return bytes.length > MAX_BODY_BYTES ? null : bytes;
    }

    /** The reply for an error, as AWS's. */
    public static Reply error(AwsException e) {
        ObjectNode body = JSON.createObjectNode().put("message", e.getMessage());
        return new Reply(
                e.status(),
                body.toString().getBytes(StandardCharsets.UTF_8),
                "application/json",
                Map.of("x-amzn-ErrorType", e.type()));
    }

    private static void send(HttpExchange exchange, String requestId, Reply reply) throws IOException {
        var h = exchange.getResponseHeaders();
        h.set("x-amzn-RequestId", requestId);
        if (reply.contentType() != null) {
            h.set("Content-Type", reply.contentType());
        }
        reply.headers().forEach(h::set);
        boolean noBody = reply.body().length == 0 || exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }

    /** Stops accepting, lets requests in flight finish (up to a second), and stops the threads. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
