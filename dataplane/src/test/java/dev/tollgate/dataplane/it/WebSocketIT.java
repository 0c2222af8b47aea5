package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.dataplane.server.WebSocketLimits;
import dev.tollgate.dataplane.steps.authorizer.KubernetesReviews;
import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.Folders;
import dev.tollgate.dataplane.testing.LocalGateway;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.dataplane.testing.RawWebSocket;
import dev.tollgate.dataplane.testing.WsClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WebSocket APIs through local mode with the JDK's WebSocket client: {@code $connect} refusing an
 * upgrade, route selection and route responses, frames reassembled, AWS's limits and close codes,
 * the {@code @connections} API, and reloads under open connections.
 */
class WebSocketIT {
    private static final String HOST = "room.default.execute-api.localhost";
    private static final Pattern ID = Pattern.compile("\\{\"id\":\"([A-Za-z0-9_-]+)\"}");

    private Path folder;
    private LocalGateway local;
    private int port;

    static String api(String whoamiTemplate) {
        return """
                apiVersion: apigateway.tollgate.dev/v1alpha1
                kind: RestApi
                metadata:
                  name: room
                spec:
                  protocolType: WEBSOCKET
                  routeSelectionExpression: $request.body.action
                  routes:
                    - routeKey: $connect
                      integration:
                        integrationRef: room-mock
                        requestTemplates:
                          application/json: '#if($input.params(''pass'') == "open-sesame"){"statusCode": 200}#else{"statusCode": 401}#end'
                        responses:
                          - selectionPattern: "401"
                            statusCode: 401
                            responseTemplates:
                              application/json: '{"message": "Unauthorized"}'
                          - statusCode: 200
                    - routeKey: whoami
                      routeResponseSelectionExpression: $default
                      integration:
                        integrationRef: room-mock
                        responses:
                          - statusCode: 200
                            responseTemplates:
                              application/json: 'TEMPLATE'
                    - routeKey: quiet
                      integration:
                        integrationRef: room-mock
                    - routeKey: big
                      routeResponseSelectionExpression: $default
                      integration:
                        integrationRef: room-mock
                        responses:
                          - statusCode: 200
                            responseTemplates:
                              application/json: '#foreach($i in [1..7000])0123456789#end'
                ---
                apiVersion: apigateway.tollgate.dev/v1alpha1
                kind: Integration
                metadata:
                  name: room-mock
                spec:
                  type: MOCK
                ---
                apiVersion: apigateway.tollgate.dev/v1alpha1
                kind: Stage
                metadata:
                  name: room-prod
                spec:
                  restApiRef: room
                  stageName: prod
                """
                .replace("TEMPLATE", whoamiTemplate);
    }

    static final String ID_TEMPLATE = "{\"id\":\"$context.connectionId\"}";

    @BeforeEach
    void start() throws Exception {
        folder = Files.createTempDirectory("ws-it");
        Folders.write(folder, "room.yaml", api(ID_TEMPLATE));
        local = LocalGateway.on(folder).flags("--default-api", "room").start();
        port = local.port();
    }

    @AfterEach
    void stop() throws Exception {
        if (local != null) {
            local.close();
        }
        Folders.delete(folder);
    }

    private WsClient open() throws Exception {
        return WsClient.connect(port, "/prod?pass=open-sesame");
    }

    private static String idOf(WsClient ws) throws Exception {
        Matcher m = ID.matcher(ws.ask("{\"action\":\"whoami\"}"));
        assertThat(m.matches()).isTrue();
        return m.group(1);
    }

    private RawHttp.Response connections(String method, String id, String body) throws Exception {
        return RawHttp.request(port, HOST, method, "/prod/@connections/" + id, "", body);
    }

    @Test
    void aConnectThatAnswersNon2xxRefusesTheUpgradeWithItsStatus() {
        assertThatThrownBy(() -> WsClient.connect(port, "/prod?pass=wrong"))
                .isInstanceOfSatisfying(
                        WsClient.Refused.class, r -> assertThat(r.status()).isEqualTo(401));
    }

    @Test
    void aMessageForAnUnknownRouteWithoutDefaultGetsAwsForbiddenMessage() throws Exception {
        try (WsClient ws = open()) {
            String answer = ws.ask("{\"action\":\"nothing-here\"}");
            assertThat(answer).startsWith("{\"message\": \"Forbidden\", \"connectionId\":\"");
            // A non-JSON message selects no route either.
            assertThat(ws.ask("not json")).startsWith("{\"message\": \"Forbidden\"");
        }
    }

    @Test
    void aOneWayRouteSendsNothingBack() throws Exception {
        try (WsClient ws = open()) {
            ws.send("{\"action\":\"quiet\"}");
            // The next answer is whoami's: the one-way route's answer was never sent.
            assertThat(ws.ask("{\"action\":\"whoami\"}")).startsWith("{\"id\":");
        }
    }

    @Test
    void framesAreReassembledIntoOneMessage() throws Exception {
        try (WsClient ws = open()) {
            ws.sendFragments("{\"act", "ion\":\"who", "ami\"}");
            assertThat(ws.next()).startsWith("{\"id\":");
        }
    }

    @Test
    void aFrameOver32KbClosesWith1009() throws Exception {
        // The JDK's client splits large messages into frames of its own: one frame is written by hand.
        try (RawWebSocket ws = RawWebSocket.connect(port, HOST, "/prod?pass=open-sesame")) {
            ws.sendText("x".repeat(33 * 1024));
            RawWebSocket.Frame close = ws.next();
            assertThat(close.fin()).isTrue();
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(((close.payload()[0] & 0xff) << 8) | (close.payload()[1] & 0xff))
                    .isEqualTo(1009);
        }
    }

    @Test
    void aRouteResponseOver32KbIsSentAsContinuationFramesOf32KbAtMost() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(port, HOST, "/prod?pass=open-sesame")) {
            ws.sendText("{\"action\":\"big\"}"); // 70,000 bytes: 32 KB, 32 KB and the rest
            assertThat(message(ws, 3)).isEqualTo("0123456789".repeat(7000));
        }
    }

    @Test
    void aConnectionsPostOver32KbIsSentAsContinuationFramesOf32KbAtMost() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(port, HOST, "/prod?pass=open-sesame")) {
            ws.sendText("{\"action\":\"whoami\"}");
            Matcher m = ID.matcher(ws.next().text());
            assertThat(m.matches()).isTrue();
            String body = "abcdefgh".repeat(12 * 1024); // 96 KB
            assertThat(connections("POST", m.group(1), body).status()).isEqualTo(200);
            assertThat(message(ws, 3)).isEqualTo(body);
        }
    }

    /**
     * Reads one text message of {@code frames} frames: a text frame without FIN, continuation frames,
     * the last with FIN; each at most 32 KB.
     */
    private static String message(RawWebSocket ws, int frames) throws Exception {
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        for (int i = 0; i < frames; i++) {
            RawWebSocket.Frame frame = ws.next();
            assertThat(frame.opcode()).isEqualTo(i == 0 ? 0x1 : 0x0);
            assertThat(frame.fin())
                    .as("frame %d of %d bytes: %.80s", i, frame.payload().length, frame.text())
                    .isEqualTo(i == frames - 1);
            assertThat(frame.payload().length).isLessThanOrEqualTo(32 * 1024);
            whole.write(frame.payload());
        }
        return whole.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aMessageOver128KbInSmallFramesClosesWith1009() throws Exception {
        try (WsClient ws = open()) {
            String part = "x".repeat(30 * 1024);
            ws.sendFragments(part, part, part, part, part, "end");
            assertThat(ws.closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void anIdleConnectionIsClosedWith1001() throws Exception {
        local.server()
                .webSockets()
                .limits(WebSocketLimits.AWS.withTimeouts(Duration.ofMillis(300), Duration.ofHours(2)));
        try (WsClient ws = open()) {
            assertThat(ws.closeCode()).isEqualTo(1001);
        }
    }

    @Test
    void aConnectionPastItsMaximumDurationIsClosedWith1001() throws Exception {
        local.server()
                .webSockets()
                .limits(WebSocketLimits.AWS.withTimeouts(Duration.ofHours(1), Duration.ofMillis(300)));
        try (WsClient ws = open()) {
            assertThat(ws.closeCode()).isEqualTo(1001);
        }
    }

    @Test
    void connectionsApiPostsGetsAndDeletes() throws Exception {
        try (WsClient ws = open()) {
            String id = idOf(ws);
            RawHttp.Response posted = connections("POST", id, "hello from the backend");
            assertThat(posted.status()).isEqualTo(200);
            assertThat(ws.next()).isEqualTo("hello from the backend");

            RawHttp.Response info = connections("GET", id, "");
            assertThat(info.status()).isEqualTo(200);
            assertThat(info.body())
                    .matches("\\{\"connectedAt\":\"\\d{4}-.+Z\",\"identity\":\\{\"sourceIp\":\"127.0.0.1\"},"
                            + "\"lastActiveAt\":\"\\d{4}-.+Z\"}");

            RawHttp.Response deleted = connections("DELETE", id, "");
            assertThat(deleted.status()).isEqualTo(204);
            assertThat(ws.closeCode()).isEqualTo(1000);

            Await.until("the connection is gone", () -> {
                try {
                    return connections("POST", id, "late").status() == 410;
                } catch (Exception e) {
                    return false;
                }
            });
            RawHttp.Response gone = connections("GET", id, "");
            assertThat(gone.status()).isEqualTo(410);
            assertThat(gone.header("x-amzn-ErrorType")).isEqualTo("GoneException");
        }
    }

    @Test
    void outsideLocalModeConnectionsApiNeedsAKubernetesIdentityThatMayManageConnections() throws Exception {
        local.server().webSockets().allowLoopbackManagement(false);
        try (WsClient ws = open()) {
            String id = idOf(ws);
            RawHttp.Response anonymous = connections("GET", id, "");
            assertThat(anonymous.status()).isEqualTo(403);
            assertThat(anonymous.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
            // Without a cluster to review tokens, the API fails closed.
            assertThat(RawHttp.request(port, HOST, "GET", "/prod/@connections/" + id, "Authorization: Bearer t\r\n", "")
                            .status())
                    .isEqualTo(500);
            List<String> asked = new CopyOnWriteArrayList<>();
            local.server().authorizers().kubernetes(new KubernetesReviews() {
                @Override
                public CompletableFuture<Decision> review(String token, String namespace, String api, String stage) {
                    return review(token, namespace, api, stage, VERB);
                }

                @Override
                public CompletableFuture<Decision> review(
                        String token, String namespace, String api, String stage, String verb) {
                    asked.add(verb + " " + namespace + "/" + api + "/" + stage);
                    return CompletableFuture.completedFuture(new Decision(
                            !token.equals("bad"), "system:serviceaccount:default:" + token, token.equals("notifier")));
                }
            });
            RawHttp.Response allowed = RawHttp.request(
                    port, HOST, "POST", "/prod/@connections/" + id, "Authorization: Bearer notifier\r\n", "ping");
            assertThat(allowed.status()).isEqualTo(200);
            assertThat(ws.next()).isEqualTo("ping");
            assertThat(asked).containsExactly("manage-connections default/room/prod");
            RawHttp.Response denied = RawHttp.request(
                    port, HOST, "POST", "/prod/@connections/" + id, "Authorization: Bearer intruder\r\n", "x");
            assertThat(denied.status()).isEqualTo(403);
            assertThat(denied.header("x-amzn-ErrorType")).isEqualTo("AccessDeniedException");
            RawHttp.Response invalid = RawHttp.request(
                    port, HOST, "POST", "/prod/@connections/" + id, "Authorization: Bearer bad\r\n", "x");
            assertThat(invalid.status()).isEqualTo(403);
            assertThat(invalid.header("x-amzn-ErrorType")).isEqualTo("UnrecognizedClientException");
        }
    }

    @Test
    void aRouteThrottleAppliesToItsMessagesAndAnswersTooManyRequestsOnTheSocket() throws Exception {
        try (WsClient ws = open()) {
            String id = idOf(ws);
            // The route whoami gets a bucket of one message, refilled once in 100 s.
            Folders.write(
                    folder,
                    "room.yaml",
                    api(ID_TEMPLATE)
                            .replace(
                                    "  stageName: prod\n",
                                    """
                                      stageName: prod
                                      methodSettings:
                                        - resourcePath: /whoami
                                          httpMethod: "*"
                                          throttling: {rateLimit: 0.01, burstLimit: 1}
                                    """));
            String throttled =
                    Await.value(() -> ws.ask("{\"action\":\"whoami\"}"), a -> a.startsWith("{\"message\": \"Too Many"));
            assertThat(throttled)
                    .matches("\\{\"message\": \"Too Many Requests\", \"connectionId\":\"" + id
                            + "\", \"requestId\":\"[^\"]+\"}");
            assertThat(ws.ask("{\"action\":\"whoami\"}")).startsWith("{\"message\": \"Too Many Requests\"");
            // Other routes keep their own limits, and the connection stays open.
            assertThat(ws.ask("{\"action\":\"big\"}")).hasSize(70_000);
            assertThat(ws.isClosed()).isFalse();
        }
    }

    @Test
    void anUnknownConnectionIdIsGone() throws Exception {
        assertThat(connections("POST", "AAAAAAAAAAAAAAAAAAAAAA", "x").status()).isEqualTo(410);
        assertThat(connections("DELETE", "AAAAAAAAAAAAAAAAAAAAAA", "").status()).isEqualTo(410);
    }

    @Test
    void aReloadKeepsOpenConnectionsAndAppliesToTheNextMessage() throws Exception {
        try (WsClient ws = open()) {
            String id = idOf(ws);
            Folders.write(folder, "room.yaml", api("{\"you\":\"$context.connectionId\",\"v\":2}"));
            String expected = "{\"you\":\"" + id + "\",\"v\":2}";
            String seen = Await.value(() -> ws.ask("{\"action\":\"whoami\"}"), expected::equals);
            assertThat(seen).isEqualTo(expected);
            assertThat(ws.isClosed()).isFalse();
        }
    }
}
