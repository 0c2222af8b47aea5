package dev.tollgate.dataplane.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.dataplane.echo.EchoServer;
import dev.tollgate.dataplane.net.Transport;
import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.FreePorts;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UpstreamClientIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT = 10_000;

    private static EventLoopGroup group;
    private EventLoop loop;
    private EchoServer echo;
    private UpstreamClient client;
    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @BeforeAll
    static void startLoops() {
        group = Transport.best().newGroup(2, "upstream-it");
    }

    @AfterAll
    static void stopLoops() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @BeforeEach
    void setUp() {
        loop = group.next();
        echo = EchoServer.start("127.0.0.1", 0);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.close();
        }
        echo.close();
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    private UpstreamClient client(UpstreamClientOptions options) {
        client = new UpstreamClient(Transport.best(), options);
        return client;
    }

    private UpstreamClient client() {
        return client(UpstreamClientOptions.defaults());
    }

    private ScriptedServer scripted(ScriptedServer.Script script) throws IOException {
        ScriptedServer server = ScriptedServer.start(script);
        closeAfter.add(server);
        return server;
    }

    private UpstreamAddress echoAddress() {
        return UpstreamAddress.http("127.0.0.1", echo.port());
    }

    private static FullHttpRequest request(HttpMethod method, String uri, String body) {
        FullHttpRequest r = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, method, uri, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.HOST, "backend.test");
        return r;
    }

    private static FullHttpRequest get(String uri) {
        return request(HttpMethod.GET, uri, "");
    }

    /** Status and body of a successful call. */
    private record Answer(int status, String body) {}

    private Answer call(UpstreamAddress address, FullHttpRequest request) throws Exception {
        FullHttpResponse response = client.send(loop, address, request, TIMEOUT).get(15, TimeUnit.SECONDS);
        try {
            return new Answer(response.status().code(), response.content().toString(StandardCharsets.UTF_8));
        } finally {
            response.release();
        }
    }

    private UpstreamException failure(UpstreamAddress address, FullHttpRequest request, long timeoutMillis) {
        Future<FullHttpResponse> future = client.send(loop, address, request, timeoutMillis);
        return failureOf(future);
    }

    private static UpstreamException failureOf(Future<FullHttpResponse> future) {
        Throwable thrown = null;
        try {
            FullHttpResponse unexpected = future.get(15, TimeUnit.SECONDS);
            String status = unexpected.status().toString();
            unexpected.release();
            throw new AssertionError("expected a failure, got " + status);
        } catch (ExecutionException e) {
            thrown = e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(thrown).isInstanceOf(UpstreamException.class);
        return (UpstreamException) thrown;
    }

    @Test
    void sequentialRequestsReuseOneKeepAliveConnection() throws Exception {
        client();
        for (int i = 0; i < 10; i++) {
            assertThat(call(echoAddress(), get("/n/" + i)).status()).isEqualTo(200);
        }
        assertThat(echo.connectionsAccepted()).isEqualTo(1);
        assertThat(client.metrics().connectionsOpened()).isEqualTo(1);
        assertThat(client.metrics().connectionsReused()).isEqualTo(9);
    }

    @Test
    void eachEventLoopKeepsItsOwnConnections() throws Exception {
        client();
        EventLoop first = loop;
        EventLoop second = group.next();
        while (second == first) {
            second = group.next();
        }
        for (EventLoop l : List.of(first, second, first, second)) {
            FullHttpResponse r =
                    client.send(l, echoAddress(), get("/"), TIMEOUT).get(15, TimeUnit.SECONDS);
            r.release();
        }
        assertThat(echo.connectionsAccepted()).isEqualTo(2);
        assertThat(client.metrics().connectionsReused()).isEqualTo(2);
    }

    @Test
    void headResponseWithoutBodyLeavesTheConnectionReusable() throws Exception {
        client();
        Answer head = call(echoAddress(), request(HttpMethod.HEAD, "/thing", ""));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(call(echoAddress(), get("/after")).status()).isEqualTo(200);
        assertThat(echo.connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void callerHostHeaderIsSentAsItIsAndABodyGetsAContentLength() throws Exception {
        client();
        FullHttpRequest post = request(HttpMethod.POST, "/things?a=1", "hello");
        assertThat(post.headers().contains(HttpHeaderNames.CONTENT_LENGTH)).isFalse();

        Answer answer = call(echoAddress(), post);

        JsonNode echoed = JSON.readTree(answer.body());
        assertThat(echoed.get("method").asText()).isEqualTo("POST");
        assertThat(echoed.get("body").asText()).isEqualTo("hello");
        assertThat(echoed.at("/headers/host/0").asText()).isEqualTo("backend.test");
        assertThat(echoed.at("/headers/content-length/0").asText()).isEqualTo("5");
    }

    @Test
    void concurrentRequestsBeyondTheCapQueueAndAllSucceedOnAtMostCapConnections() throws Exception {
        client(UpstreamClientOptions.defaults().withMaxConnectionsPerHost(4));
        List<Future<FullHttpResponse>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(client.send(loop, echoAddress(), get("/delay/20"), TIMEOUT));
        }
        for (Future<FullHttpResponse> f : futures) {
            FullHttpResponse r = f.get(15, TimeUnit.SECONDS);
            assertThat(r.status().code()).isEqualTo(200);
            r.release();
        }
        assertThat(echo.connectionsAccepted()).isBetween(1, 4);
        assertThat(client.metrics().connectionsOpened()).isBetween(1L, 4L);
        assertThat(client.metrics().connectionsReused())
                .isEqualTo(50 - client.metrics().connectionsOpened());
    }

    @Test
    void requestBeyondAFullWaitingQueueFailsAtOnceWithConnectFailed() throws Exception {
        client(UpstreamClientOptions.defaults().withMaxConnectionsPerHost(1).withMaxPendingPerHost(2));
        // Sent from one thread to one loop, so they reach the pool in this order.
        List<Future<FullHttpResponse>> accepted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            accepted.add(client.send(loop, echoAddress(), get("/delay/300"), TIMEOUT));
        }
        UpstreamException refused = failure(echoAddress(), get("/delay/300"), TIMEOUT);

        assertThat(refused.kind()).isEqualTo(UpstreamException.Kind.CONNECT_FAILED);
        assertThat(refused.getMessage()).contains("no free connection").contains("2 requests already waiting");
        assertThat(accepted.get(0).isDone()).isFalse();
        for (Future<FullHttpResponse> f : accepted) {
            FullHttpResponse r = f.get(15, TimeUnit.SECONDS);
            assertThat(r.status().code()).isEqualTo(200);
            r.release();
        }
        assertThat(echo.connectionsAccepted()).isEqualTo(1);
    }

    /** Answers the first request of each connection, then drops the connection on the next one. */
    private static void answerOnceThenDropNext(ScriptedServer.Conn conn) throws IOException {
        if (conn.readRequest() == null) {
            return;
        }
        conn.ok("first on connection " + conn.index);
        conn.readRequest();
        // Closed without a byte of answer: what a backend's idle close looks like to a writer.
    }

    @Test
    void getOnAStaleKeepAliveConnectionIsResentOnceOnANewConnection() throws Exception {
        client();
        ScriptedServer server = scripted(UpstreamClientIT::answerOnceThenDropNext);
        UpstreamAddress address = UpstreamAddress.http("127.0.0.1", server.port());

        assertThat(call(address, get("/a")).body()).isEqualTo("first on connection 0");
        assertThat(call(address, get("/b")).body()).isEqualTo("first on connection 1");

        assertThat(server.connectionsAccepted()).isEqualTo(2);
        assertThat(client.metrics().requestsRetried()).isEqualTo(1);
        assertThat(server.errors()).isEmpty();
    }

    @Test
    void postOnAStaleKeepAliveConnectionFailsConnectionResetWithoutResend() throws Exception {
        client();
        ScriptedServer server = scripted(UpstreamClientIT::answerOnceThenDropNext);
        UpstreamAddress address = UpstreamAddress.http("127.0.0.1", server.port());

        assertThat(call(address, get("/a")).status()).isEqualTo(200);
        UpstreamException e = failure(address, request(HttpMethod.POST, "/orders", "{}"), TIMEOUT);

        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.CONNECTION_RESET);
        assertThat(server.connectionsAccepted()).isEqualTo(1);
        assertThat(client.metrics().requestsRetried()).isZero();
    }

    @Test
    void getTheBackendAlwaysDropsFailsConnectionResetAfterOneResend() throws Exception {
        client();
        assertThat(call(echoAddress(), get("/warm-up")).status()).isEqualTo(200);

        UpstreamException e = failure(echoAddress(), get("/close"), TIMEOUT);

        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.CONNECTION_RESET);
        assertThat(echo.connectionsAccepted()).isEqualTo(2);
        assertThat(client.metrics().requestsRetried()).isEqualTo(1);
    }

    @Test
    void getOnAFreshConnectionTheBackendDropsIsNotResent() throws Exception {
        client();
        UpstreamException e = failure(echoAddress(), get("/close"), TIMEOUT);

        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.CONNECTION_RESET);
        assertThat(echo.connectionsAccepted()).isEqualTo(1);
        assertThat(client.metrics().requestsRetried()).isZero();
    }

    @Test
    void idleConnectionTheBackendClosesIsEvictedFromThePool() throws Exception {
        client();
        ScriptedServer server = scripted(conn -> {
            if (conn.readRequest() != null) {
                conn.ok("once");
            }
            // returns: the socket is closed while the client holds the connection idle
        });
        UpstreamAddress address = UpstreamAddress.http("127.0.0.1", server.port());

        assertThat(call(address, get("/a")).body()).isEqualTo("once");
        Await.until("the pool notices the close", () -> client.metrics().connectionsClosed() == 1);
        assertThat(call(address, get("/b")).body()).isEqualTo("once");

        assertThat(server.connectionsAccepted()).isEqualTo(2);
        assertThat(client.metrics().connectionsReused()).isZero();
        assertThat(client.metrics().requestsRetried()).isZero();
    }

    @Test
    void idleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        client(UpstreamClientOptions.defaults().withIdleTimeout(Duration.ofMillis(200)));
        assertThat(call(echoAddress(), get("/a")).status()).isEqualTo(200);

        Await.until("the idle connection is closed", () -> client.metrics().connectionsClosed() == 1);
        Await.until("the backend sees it closed", () -> echo.connectionsOpen() == 0);
        assertThat(call(echoAddress(), get("/b")).status()).isEqualTo(200);
        assertThat(echo.connectionsAccepted()).isEqualTo(2);
    }

    @Test
    void deadlinePassedFailsTimeoutAndTheConnectionIsNeverReused() throws Exception {
        client();
        UpstreamException e = failure(echoAddress(), get("/delay/10000"), 200);

        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.TIMEOUT);
        Await.until("the timed-out connection is closed", () -> echo.connectionsOpen() == 0);
        assertThat(call(echoAddress(), get("/next")).status()).isEqualTo(200);
        assertThat(echo.connectionsAccepted()).isEqualTo(2);
        assertThat(client.metrics().connectionsReused()).isZero();
    }

    @Test
    void requestWaitingInTheQueuePastItsDeadlineFailsTimeout() throws Exception {
        client(UpstreamClientOptions.defaults().withMaxConnectionsPerHost(1));
        Future<FullHttpResponse> slow = client.send(loop, echoAddress(), get("/delay/1000"), TIMEOUT);
        UpstreamException e = failure(echoAddress(), get("/queued"), 100);

        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.TIMEOUT);
        FullHttpResponse r = slow.get(15, TimeUnit.SECONDS);
        assertThat(r.status().code()).isEqualTo(200);
        r.release();
        assertThat(echo.connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void refusedConnectionFailsConnectFailed() throws Exception {
        client();
        int port = FreePorts.refusing();
        UpstreamException e = failure(UpstreamAddress.http("127.0.0.1", port), get("/"), TIMEOUT);

        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.CONNECT_FAILED);
        assertThat(e.getMessage()).contains("cannot connect to http://127.0.0.1:" + port);
    }

    @Test
    void unresolvableHostFailsConnectFailed() {
        client();
        UpstreamException e = failure(UpstreamAddress.http("no-such-host.invalid", 80), get("/"), TIMEOUT);

        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.CONNECT_FAILED);
        assertThat(e.getMessage()).contains("no-such-host.invalid");
    }

    @Test
    void hostNameIsResolvedAndConnected() throws Exception {
        client();
        assertThat(call(UpstreamAddress.http("localhost", echo.port()), get("/named"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void resetInTheMiddleOfTheResponseFailsConnectionReset() throws Exception {
        client();
        ScriptedServer server = scripted(conn -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789");
            conn.reset();
        });
        UpstreamException e = failure(UpstreamAddress.http("127.0.0.1", server.port()), get("/"), TIMEOUT);

        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.CONNECTION_RESET);
    }

    @Test
    void closeInTheMiddleOfTheResponseFailsConnectionReset() throws Exception {
        client();
        ScriptedServer server = scripted(conn -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789");
        });
        UpstreamException e = failure(UpstreamAddress.http("127.0.0.1", server.port()), get("/"), TIMEOUT);

        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.CONNECTION_RESET);
    }

    @Test
    void responseDelimitedByCloseIsReceivedWhole() throws Exception {
        client();
        ScriptedServer server = scripted(conn -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it");
        });
        UpstreamAddress address = UpstreamAddress.http("127.0.0.1", server.port());

        assertThat(call(address, get("/")).body()).isEqualTo("all of it");
        assertThat(call(address, get("/")).body()).isEqualTo("all of it");
        assertThat(server.connectionsAccepted()).isEqualTo(2);
    }

    @Test
    void responseLargerThanTheCapFailsResponseTooLargeAndClosesTheConnection() throws Exception {
        client(UpstreamClientOptions.defaults().withMaxResponseBytes(1000));
        assertThat(call(echoAddress(), get("/bytes/1000")).body()).hasSize(1000);

        UpstreamException e = failure(echoAddress(), get("/bytes/1001"), TIMEOUT);

        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.RESPONSE_TOO_LARGE);
        Await.until("the backend sees the connection closed", () -> echo.connectionsOpen() == 0);
        Await.until("the pool accounts for the close", () -> client.metrics().connectionsClosed() == 1);
    }

    @Test
    void chunkedResponseGrowingPastTheCapFailsResponseTooLarge() throws Exception {
        client(UpstreamClientOptions.defaults().withMaxResponseBytes(1000));
        String chunk = "x".repeat(600);
        ScriptedServer server = scripted(conn -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            conn.write("258\r\n" + chunk + "\r\n");
            conn.write("258\r\n" + chunk + "\r\n0\r\n\r\n");
            conn.awaitClientClose();
        });
        UpstreamException e = failure(UpstreamAddress.http("127.0.0.1", server.port()), get("/"), TIMEOUT);

        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.RESPONSE_TOO_LARGE);
        Await.until("the connection is closed", () -> client.metrics().connectionsClosed() == 1);
    }

    @Test
    void malformedStatusLineFailsProtocolError() throws Exception {
        client();
        ScriptedServer server = scripted(conn -> {
            conn.readRequest();
            conn.write("THIS IS NOT HTTP\r\n\r\n");
            conn.awaitClientClose();
        });
        UpstreamException e = failure(UpstreamAddress.http("127.0.0.1", server.port()), get("/"), TIMEOUT);

        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.PROTOCOL_ERROR);
        Await.until("the connection is closed", () -> client.metrics().connectionsClosed() == 1);
    }

    @Test
    void invalidContentLengthFailsProtocolError() throws Exception {
        client();
        ScriptedServer server = scripted(conn -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: lots\r\n\r\nhello");
            conn.awaitClientClose();
        });
        UpstreamException e = failure(UpstreamAddress.http("127.0.0.1", server.port()), get("/"), TIMEOUT);

        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.PROTOCOL_ERROR);
    }

    @Test
    void interimContinueResponseIsSkippedForTheFinalOne() throws Exception {
        client();
        ScriptedServer server = scripted(conn -> {
            conn.readRequest();
            conn.write("HTTP/1.1 100 Continue\r\n\r\n");
            conn.ok("final");
            conn.awaitClientClose();
        });
        Answer answer = call(UpstreamAddress.http("127.0.0.1", server.port()), get("/"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("final");
    }

    @Test
    void backendConnectionCloseHeaderStopsReuse() throws Exception {
        client();
        ScriptedServer server = scripted(conn -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
            // Keeps the socket open: the client must close it itself and not send on it again.
            conn.awaitClientClose();
        });
        UpstreamAddress address = UpstreamAddress.http("127.0.0.1", server.port());

        assertThat(call(address, get("/a")).body()).isEqualTo("ok");
        assertThat(call(address, get("/b")).body()).isEqualTo("ok");

        assertThat(server.connectionsAccepted()).isEqualTo(2);
        assertThat(client.metrics().connectionsReused()).isZero();
        assertThat(server.errors()).isEmpty();
    }

    @Test
    void http10ResponseStopsReuse() throws Exception {
        client();
        ScriptedServer server = scripted(conn -> {
            conn.readRequest();
            conn.write("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok");
            conn.awaitClientClose();
        });
        UpstreamAddress address = UpstreamAddress.http("127.0.0.1", server.port());

        assertThat(call(address, get("/a")).body()).isEqualTo("ok");
        assertThat(call(address, get("/b")).body()).isEqualTo("ok");

        assertThat(server.connectionsAccepted()).isEqualTo(2);
        assertThat(client.metrics().connectionsReused()).isZero();
    }

    @Test
    void futuresCompleteOnTheGivenEventLoop() throws Exception {
        client();
        int refusedPort = FreePorts.refusing();
        List<CompletableFuture<Boolean>> onLoop = new ArrayList<>();
        // From a foreign thread: a success and a failure.
        onLoop.add(completesOnLoop(client.send(loop, echoAddress(), get("/x"), TIMEOUT)));
        onLoop.add(
                completesOnLoop(client.send(loop, UpstreamAddress.http("127.0.0.1", refusedPort), get("/x"), TIMEOUT)));
        // From the loop itself, as the gateway does.
        CompletableFuture<Boolean> fromLoop = new CompletableFuture<>();
        loop.execute(() -> completesOnLoop(client.send(loop, echoAddress(), get("/y"), TIMEOUT))
                .whenComplete((v, t) -> fromLoop.complete(v)));
        onLoop.add(fromLoop);

        for (CompletableFuture<Boolean> f : onLoop) {
            assertThat(f.get(15, TimeUnit.SECONDS)).isTrue();
        }
    }

    private CompletableFuture<Boolean> completesOnLoop(Future<FullHttpResponse> future) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        future.addListener(f -> {
            if (f.isSuccess()) {
                ((FullHttpResponse) f.getNow()).release();
            }
            result.complete(loop.inEventLoop());
        });
        return result;
    }

    @Test
    void cancelledCallClosesItsConnection() throws Exception {
        client();
        Future<FullHttpResponse> future = client.send(loop, echoAddress(), get("/delay/10000"), TIMEOUT);
        Await.until("the request is in flight", () -> echo.connectionsOpen() == 1);

        assertThat(future.cancel(false)).isTrue();

        Await.until("the connection is closed", () -> echo.connectionsOpen() == 0);
    }

    @Test
    void sendAfterCloseFailsConnectFailed() {
        client();
        client.close();

        UpstreamException e = failure(echoAddress(), get("/"), TIMEOUT);

        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.CONNECT_FAILED);
        assertThat(e.getMessage()).contains("closed");
    }

    @Test
    void nonPositiveTimeoutIsRejected() {
        client();
        FullHttpRequest r = get("/");
        assertThatThrownBy(() -> client.send(loop, echoAddress(), r, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(r.refCnt()).isZero();
    }
}
