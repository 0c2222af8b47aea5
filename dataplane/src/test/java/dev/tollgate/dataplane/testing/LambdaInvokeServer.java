package dev.tollgate.dataplane.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real server of the Lambda invoke API on 127.0.0.1, as AWS's Runtime Interface Emulator serves
 * it: {@code POST /2015-03-31/functions/{name}/invocations} runs the named handler on the event and
 * answers 200 with the function's result as JSON; a handler that throws answers 200 with {@code
 * X-Amz-Function-Error: Unhandled} and {@code {"errorMessage", "errorType", "stackTrace"}}. Like the
 * emulator, a function runs one invocation at a time: a second concurrent one is refused (and
 * counted), so a test can prove the gateway never sends one.
 */
public final class LambdaInvokeServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A function: the event in, its result out (a {@link Raw} is sent as it is). */
    @FunctionalInterface
    public interface Handler {
        Object handle(JsonNode event) throws Exception;
    }

    /** A result sent byte for byte, not as JSON of a value (a malformed answer). */
    public record Raw(String payload) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16);
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> lastEvents = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    private final AtomicInteger refusedConcurrent = new AtomicInteger();
    private final Map<String, String> lastQueries = new ConcurrentHashMap<>();

    public LambdaInvokeServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(executor);
        server.createContext("/2015-03-31/functions/", this::invoke);
        server.start();
    }

    /** A Lambda authorizer's answer: the principal and a policy of one statement on {@code resource}. */
    public static Map<String, Object> policy(String principal, String effect, String resource) {
        return Map.of(
                "principalId",
                principal,
                "policyDocument",
                Map.of(
                        "Version",
                        "2012-10-17",
                        "Statement",
                        List.of(Map.of("Action", "execute-api:Invoke", "Effect", effect, "Resource", resource))));
    }

    /** Serves {@code name} with the handler. */
    public LambdaInvokeServer function(String name, Handler handler) {
        handlers.put(name, handler);
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The event the function was last invoked with, or null. */
    public JsonNode lastEvent(String name) {
        return lastEvents.get(name);
    }

    /** The query string of the function's last invocation, or null. */
    public String lastQuery(String name) {
        return lastQueries.get(name);
    }

    /** Invocations of the function so far. */
    public int calls(String name) {
        AtomicInteger n = calls.get(name);
        return n == null ? 0 : n.get();
    }

    /** Invocations refused because one of the same function was running. */
    public int refusedConcurrent() {
        return refusedConcurrent.get();
    }

    private void invoke(HttpExchange ex) throws IOException {
        try (ex) {
            String[] parts = ex.getRequestURI().getRawPath().split("/");
            if (!"POST".equals(ex.getRequestMethod()) || parts.length != 5 || !parts[4].equals("invocations")) {
                send(ex, 404, Map.of(), "{\"message\":\"not the invoke API\"}");
                return;
            }
            String name = parts[3];
            byte[] body = ex.getRequestBody().readAllBytes();
            Handler handler = handlers.get(name);
            if (handler == null) {
                send(ex, 404, Map.of(), "{\"Type\":\"User\",\"message\":\"Function not found: " + name + "\"}");
                return;
            }
            AtomicInteger now = running.computeIfAbsent(name, k -> new AtomicInteger());
            if (now.incrementAndGet() > 1) {
                now.decrementAndGet();
                refusedConcurrent.incrementAndGet();
                send(ex, 500, Map.of(), "{\"errorMessage\":\"function is busy\",\"errorType\":\"Runtime.Busy\"}");
                return;
            }
            Map<String, String> answerHeaders;
            String answer;
            try {
                calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                JsonNode event = JSON.readTree(body);
                lastEvents.put(name, event);
                if (ex.getRequestURI().getRawQuery() != null) {
                    lastQueries.put(name, ex.getRequestURI().getRawQuery());
                }
                try {
                    Object result = handler.handle(event);
                    answerHeaders = Map.of();
                    answer = result instanceof Raw raw ? raw.payload() : JSON.writeValueAsString(result);
                } catch (Exception e) {
                    answerHeaders = Map.of("X-Amz-Function-Error", "Unhandled");
                    answer = JSON.writeValueAsString(Map.of(
                            "errorMessage", String.valueOf(e.getMessage()),
                            "errorType", e.getClass().getSimpleName(),
                            "stackTrace", List.of()));
                }
            } finally {
                // The invocation is over once its answer exists: the function takes the next one
                // before the answer's bytes go out, as a runtime does once it has posted its response.
                now.decrementAndGet();
            }
            send(ex, 200, answerHeaders, answer);
        }
    }

    private static void send(HttpExchange ex, int status, Map<String, String> headers, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        headers.forEach(ex.getResponseHeaders()::set);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
