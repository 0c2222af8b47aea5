package dev.tollgate.dataplane.echo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EchoServerIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EchoServer server;
    private HttpClient http;

    @BeforeEach
    void start() {
        server = EchoServer.start("127.0.0.1", 0);
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(pathAndQuery))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anyOtherRequestIsEchoedAsJson() throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(uri("/some/where?b=2&a=1&a=3"))
                        .header("X-Trace", "one")
                        .header("X-Trace", "two")
                        .PUT(HttpRequest.BodyPublishers.ofString("héllo"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode echo = JSON.readTree(r.body());
        assertThat(echo.get("method").asText()).isEqualTo("PUT");
        assertThat(echo.get("path").asText()).isEqualTo("/some/where");
        assertThat(echo.at("/query/a").toString()).isEqualTo("[\"1\",\"3\"]");
        assertThat(echo.at("/query/b").toString()).isEqualTo("[\"2\"]");
        assertThat(echo.at("/headers/x-trace").toString()).isEqualTo("[\"one\",\"two\"]");
        assertThat(echo.at("/headers/host/0").asText()).isEqualTo("127.0.0.1:" + server.port());
        assertThat(echo.get("body").asText()).isEqualTo("héllo");
    }

    @Test
    void rawPathIsEchoedWithoutDecoding() throws Exception {
        JsonNode echo = JSON.readTree(get("/a%20b/c?x=%2F").body());

        assertThat(echo.get("path").asText()).isEqualTo("/a%20b/c");
        assertThat(echo.at("/query/x/0").asText()).isEqualTo("/");
    }

    @Test
    void statusPathAnswersThatStatusWithTheEcho() throws Exception {
        HttpResponse<String> r = get("/status/418?why=teapot");

        assertThat(r.statusCode()).isEqualTo(418);
        assertThat(JSON.readTree(r.body()).get("path").asText()).isEqualTo("/status/418");
    }

    @Test
    void statusPathWithNoContentAnswersWithoutBodyAndKeepsTheConnection() throws Exception {
        HttpResponse<String> r = get("/status/204");
        HttpResponse<String> next = get("/after");

        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(server.connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void statusPathOutOfRangeAnswers400() throws Exception {
        assertThat(get("/status/99").statusCode()).isEqualTo(400);
        assertThat(get("/status/abc").statusCode()).isEqualTo(400);
    }

    @Test
    void delayPathAnswersTheEchoAfterTheDelay() throws Exception {
        HttpResponse<String> r = get("/delay/100");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("path").asText()).isEqualTo("/delay/100");
    }

    @Test
    void delayedRequestsDoNotHoldUpOtherConnections() throws Exception {
        var slow = http.sendAsync(
                HttpRequest.newBuilder(uri("/delay/300000")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> fast = get("/quick");

        assertThat(fast.statusCode()).isEqualTo(200);
        assertThat(slow.isDone()).isFalse();
        slow.cancel(true);
    }

    @Test
    void requestPipelinedBehindADelayedOneIsAnsweredAfterIt() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("GET /delay/100 HTTP/1.1\r\nHost: echo\r\n\r\n"
                                    + "GET /quick HTTP/1.1\r\nHost: echo\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answers.indexOf("\"path\":\"/delay/100\""))
                    .isNotNegative()
                    .isLessThan(answers.indexOf("\"path\":\"/quick\""));
        }
    }

    @Test
    void closePathClosesTheConnectionWithoutAnAnswer() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /close HTTP/1.1\r\nHost: echo\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();

            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void bytesPathAnswersThatManyOctets() throws Exception {
        HttpResponse<byte[]> r = http.send(
                HttpRequest.newBuilder(uri("/bytes/100000")).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/octet-stream");
        assertThat(r.body()).hasSize(100_000);
        assertThat(get("/bytes/0").body()).isEmpty();
    }

    @Test
    void petsListsThreePets() throws Exception {
        for (String path : new String[] {"/pets", "/v1/pets"}) {
            HttpResponse<String> r = get(path);

            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode pets = JSON.readTree(r.body());
            assertThat(pets.isArray()).isTrue();
            assertThat(pets).hasSize(3);
            assertThat(pets.get(0).get("id").asInt()).isEqualTo(1);
            assertThat(pets.get(0).get("type").asText()).isEqualTo("dog");
            assertThat(pets.get(0).get("price").asDouble()).isEqualTo(249.99);
        }
    }

    @Test
    void petByIdAnswersThatPetOr404() throws Exception {
        JsonNode cat = JSON.readTree(get("/pets/2").body());
        assertThat(cat.get("id").asInt()).isEqualTo(2);
        assertThat(cat.get("type").asText()).isEqualTo("cat");
        assertThat(JSON.readTree(get("/v1/pets/3").body()).get("type").asText()).isEqualTo("fish");

        HttpResponse<String> missing = get("/pets/42");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"message\":\"pet not found\"}");
    }

    @Test
    void postPetsEchoesWith201() throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(uri("/pets"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"bird\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode echo = JSON.readTree(r.body());
        assertThat(echo.get("method").asText()).isEqualTo("POST");
        assertThat(echo.get("body").asText()).isEqualTo("{\"type\":\"bird\"}");
    }

    @Test
    void connectionIsKeptAliveAcrossRequests() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(get("/n/" + i).statusCode()).isEqualTo(200);
        }
        assertThat(server.connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void http10RequestWithoutKeepAliveIsAnsweredAndClosed() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /old HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 200 OK").contains("\"path\":\"/old\"");
        }
    }

    @Test
    void startOnABusyPortFailsWithTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> EchoServer.start("127.0.0.1", port))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + port);
        }
    }
}
