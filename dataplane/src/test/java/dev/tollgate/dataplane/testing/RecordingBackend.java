package dev.tollgate.dataplane.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend on 127.0.0.1 that records what it received (path, query, headers) and answers what a
 * test asks of it, the way a real service might: {@code /cookie} sets a session cookie, {@code
 * /private} says {@code Cache-Control: private}, {@code /cors} reflects any {@code Origin} with
 * credentials (a careless CORS set-up), {@code /fail} answers 500; anything else 200. Every answer's
 * body names the request number and what it received, so a test sees which request an answer was
 * made for.
 */
public final class RecordingBackend implements AutoCloseable {
    /**
     * One request as the backend received it.
     *
     * @param path the path
     * @param query the raw query string, or null
     * @param headers the headers, names lower case
     */
    public record Received(String path, String query, Map<String, List<String>> headers) {
        /** Every value of a header, or an empty list. */
        public List<String> header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }
    }

    private final HttpServer server;
    private final AtomicInteger count = new AtomicInteger();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private RecordingBackend(HttpServer server) {
        this.server = server;
    }

    /** Starts one on a free port. */
    public static RecordingBackend start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        RecordingBackend backend = new RecordingBackend(server);
        server.createContext("/", ex -> {
            int n = backend.count.incrementAndGet();
            Map<String, List<String>> headers = new ConcurrentHashMap<>();
            for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
                headers.put(h.getKey().toLowerCase(Locale.ROOT), new ArrayList<>(h.getValue()));
            }
            String path = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery();
            backend.received.add(new Received(path, query, headers));
            Headers out = ex.getResponseHeaders();
            out.set("Content-Type", "application/json");
            int status = 200;
            if (path.endsWith("/cookie")) {
                out.add("Set-Cookie", "session=s" + n + "; HttpOnly");
            } else if (path.endsWith("/private")) {
                out.set("Cache-Control", "private, max-age=60");
            } else if (path.endsWith("/cors")) {
                String origin = ex.getRequestHeaders().getFirst("Origin");
                out.set("Access-Control-Allow-Origin", origin == null ? "*" : origin);
                out.set("Access-Control-Allow-Credentials", "true");
                out.set("Access-Control-Allow-Headers", "*");
            } else if (path.endsWith("/fail")) {
                status = 500;
            }
            String who = headers.getOrDefault("x-api-key", List.of("-")).get(0);
            byte[] body = ("{\"n\":" + n + ",\"path\":\"" + path + "\",\"query\":\"" + (query == null ? "" : query)
                            + "\",\"key\":\"" + who + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        return backend;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Requests received so far. */
    public int count() {
        return count.get();
    }

    /** The last request received. */
    public Received last() {
        return received.get(received.size() - 1);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
