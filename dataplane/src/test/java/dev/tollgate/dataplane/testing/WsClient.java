package dev.tollgate.dataplane.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client (the JDK's) for tests: messages it receives are queued, the close code the
 * server sends is kept, and a refused handshake gives the HTTP status.
 */
public final class WsClient implements AutoCloseable {
    private final WebSocket socket;
    private final BlockingQueue<String> messages;
    private final CompletableFuture<Integer> closed;

    private WsClient(WebSocket socket, BlockingQueue<String> messages, CompletableFuture<Integer> closed) {
        this.socket = socket;
        this.messages = messages;
        this.closed = closed;
    }

    /** Connects to {@code ws://127.0.0.1:PORT/PATH} with {@code headers}; throws {@link Refused} on a refused handshake. */
    public static WsClient connect(int port, String path, Map<String, String> headers) throws Exception {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    messages.add(text.toString());
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.complete(-1);
            }
        };
        WebSocket.Builder builder =
                HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        try {
            WebSocket ws = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + path), listener)
                    .get(20, TimeUnit.SECONDS);
            return new WsClient(ws, messages, closed);
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                throw new Refused(
                        refused.getResponse().statusCode(),
                        String.valueOf(refused.getResponse().body()));
            }
            throw e;
        }
    }

    /** Connects without extra headers. */
    public static WsClient connect(int port, String path) throws Exception {
        return connect(port, path, Map.of());
    }

    /** Sends one text message. */
    public void send(String text) throws Exception {
        socket.sendText(text, true).get(20, TimeUnit.SECONDS);
    }

    /** Sends a text message as frames of the given texts (the last one final). */
    public void sendFragments(String... parts) throws Exception {
        for (int i = 0; i < parts.length; i++) {
            socket.sendText(parts[i], i == parts.length - 1).get(20, TimeUnit.SECONDS);
        }
    }

    /** The next message received, waiting up to the test deadline; fails when none comes. */
    public String next() throws Exception {
        String m = messages.poll(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no message within " + Await.DEADLINE);
        }
        return m;
    }

    /** Sends {@code text} and answers the next message received. */
    public String ask(String text) throws Exception {
        send(text);
        return next();
    }

    /** A message received within {@code millis}, or null (for asserting that none came). */
    public String poll(long millis) throws InterruptedException {
        return messages.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** The close code the server sent, waiting up to the test deadline. */
    public int closeCode() throws Exception {
        return closed.get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    /** Whether the server has closed the connection. */
    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS);
        }
        socket.abort();
    }

    /** A refused handshake: the HTTP status the server answered. */
    public static final class Refused extends Exception {
        private final int status;

        Refused(int status, String body) {
            super("handshake refused with " + status + ": " + body);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
