package dev.tollgate.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.testing.LocalGateway;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.dataplane.testing.RawWebSocket;
import dev.tollgate.dataplane.testing.RepoRoot;
import dev.tollgate.dataplane.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's WebSocket walk-through: local mode on config/samples, the chat API and the chat-fn API
 * (a Lambda function, the echo backend's demo function), a real client.
 */
class LocalModeWebSocketSamplesIT {
    private static LocalGateway local;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        local = LocalGateway.on(RepoRoot.samples())
                .echoAs("pets-backend", "hello-fn")
                .flags("--default-api", "chat")
                .start();
        port = local.port();
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    @Test
    void whoamiAnswersTheCallersConnectionId() throws Exception {
        try (WsClient ws = WsClient.connect(port, "/prod")) {
            String answer = ws.ask("{\"action\":\"whoami\"}");
            assertThat(answer).matches("\\{\"connectionId\":\"[A-Za-z0-9_-]{16}\"}");
        }
    }

    @Test
    void echoAnswersTheMessageAsSent() throws Exception {
        try (WsClient ws = WsClient.connect(port, "/prod")) {
            String message = "{\"action\":\"echo\",\"text\":\"hi there\"}";
            assertThat(ws.ask(message)).isEqualTo(message);
        }
    }

    @Test
    void anUnknownActionAndANonJsonMessageTakeTheDefaultRoute() throws Exception {
        try (WsClient ws = WsClient.connect(port, "/prod")) {
            String unknown = ws.ask("{\"action\":\"dance\"}");
            assertThat(unknown).contains("\"method\":\"POST\"").contains("\\\"action\\\":\\\"dance\\\"");
            String plain = ws.ask("just text");
            assertThat(plain).contains("\"body\":\"just text\"");
        }
    }

    @Test
    void theLambdaChatSendsTheFunctionsAnswerBack() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(port, "chat-fn.default.execute-api.localhost", "/prod")) {
            ws.sendText("{\"action\":\"hi\"}");
            String answer = ws.next().text();
            assertThat(answer)
                    .startsWith("{\"message\":\"hello from chat\",\"eventType\":\"MESSAGE\",\"routeKey\":\"$default\"")
                    .contains("\"body\":\"{\\\"action\\\":\\\"hi\\\"}\"");
        }
    }

    @Test
    void aPlainRequestToTheStageAsksForAnUpgrade() throws Exception {
        RawHttp.Response r = RawHttp.get(port, "127.0.0.1", "/prod");
        assertThat(r.status()).isEqualTo(426);
    }
}
