package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.Folders;
import dev.tollgate.dataplane.testing.LambdaInvokeServer;
import dev.tollgate.dataplane.testing.LocalGateway;
import dev.tollgate.dataplane.testing.WsClient;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WebSocket routes whose integrations are Lambda functions, invoked through a real Lambda invoke API
 * server on 127.0.0.1: the function's {@code statusCode} on {@code $connect} decides the upgrade,
 * each message invokes its route's function with AWS's WebSocket event (a golden MESSAGE event), a
 * two-way route sends the function's {@code body} back, and a custom LAMBDA integration maps the
 * message with its request template.
 */
class WebSocketLambdaIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String API =
            """
            apiVersion: apigateway.tollgate.dev/v1alpha1
            kind: RestApi
            metadata:
              name: fnchat
            spec:
              protocolType: WEBSOCKET
              routeSelectionExpression: $request.body.action
              routes:
                - routeKey: $connect
                  integration: {integrationRef: connect-fn}
                - routeKey: $disconnect
                  integration: {integrationRef: bye-fn}
                - routeKey: $default
                  routeResponseSelectionExpression: $default
                  integration: {integrationRef: echo-fn}
                - routeKey: fire
                  integration: {integrationRef: quiet-fn}
                - routeKey: shout
                  routeResponseSelectionExpression: $default
                  integration:
                    integrationRef: shout-fn
                    requestTemplates:
                      application/json: '{"text": $input.json(''$.text''), "from": "$context.connectionId"}'
            ---
            apiVersion: apigateway.tollgate.dev/v1alpha1
            kind: Stage
            metadata:
              name: fnchat-prod
            spec:
              restApiRef: fnchat
              stageName: prod
            """
                    + integration("connect-fn", "LAMBDA_PROXY", "connect")
                    + integration("bye-fn", "LAMBDA_PROXY", "bye")
                    + integration("echo-fn", "LAMBDA_PROXY", "echo")
                    + integration("quiet-fn", "LAMBDA_PROXY", "quiet")
                    + integration("shout-fn", "LAMBDA", "shout");

    private static String integration(String name, String type, String function) {
        return """
                ---
                apiVersion: apigateway.tollgate.dev/v1alpha1
                kind: Integration
                metadata:
                  name: NAME
                spec:
                  type: TYPE
                  lambda:
                    functionName: FUNCTION
                    service: {name: chat-fn, port: 8080}
                """
                .replace("NAME", name)
                .replace("TYPE", type)
                .replace("FUNCTION", function);
    }

    private Path folder;
    private LambdaInvokeServer functions;
    private LocalGateway local;

    @BeforeEach
    void start() throws Exception {
        functions = new LambdaInvokeServer()
                .function("connect", event -> {
                    String token =
                            event.path("queryStringParameters").path("token").asText();
                    return token.equals("let-me-in")
                            ? Map.of("statusCode", 200)
                            : Map.of("statusCode", 403, "body", "{\"message\":\"no entry\"}");
                })
                .function(
                        "echo",
                        event -> Map.of(
                                "statusCode",
                                200,
                                "body",
                                "got " + event.path("body").asText()))
                // A one-way route's function that answers nothing a proxy answer could be.
                .function("quiet", event -> new LambdaInvokeServer.Raw("null"))
                .function("bye", event -> Map.of("statusCode", 200))
                .function(
                        "shout",
                        event -> Map.of(
                                "loud", event.path("text").asText().toUpperCase(Locale.ROOT),
                                "from", event.path("from").asText()));
        folder = Files.createTempDirectory("ws-lambda");
        Folders.write(folder, "fnchat.yaml", API);
        local = LocalGateway.on(folder)
                .flags("--default-api", "fnchat", "--service", "chat-fn=127.0.0.1:" + functions.port())
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        if (local != null) {
            local.close();
        }
        if (functions != null) {
            functions.close();
        }
        Folders.delete(folder);
    }

    private WsClient open() throws Exception {
        return WsClient.connect(local.port(), "/prod?token=let-me-in", Map.of("User-Agent", "ws-test"));
    }

    @Test
    void aConnectFunctionAnsweringNon2xxRefusesTheUpgradeWithThatStatus() {
        assertThatThrownBy(() -> WsClient.connect(local.port(), "/prod?token=wrong"))
                .isInstanceOfSatisfying(
                        WsClient.Refused.class, r -> assertThat(r.status()).isEqualTo(403));
        assertThat(functions.calls("connect")).isEqualTo(1);
    }

    @Test
    void theConnectEventCarriesTheUpgradeHeadersAndQueryString() throws Exception {
        try (WsClient ws = open()) {
            JsonNode connect = functions.lastEvent("connect");
            assertThat(connect.path("headers").path("User-Agent").asText()).isEqualTo("ws-test");
            assertThat(connect.path("multiValueHeaders")
                            .path("User-Agent")
                            .get(0)
                            .asText())
                    .isEqualTo("ws-test");
            assertThat(connect.path("queryStringParameters").path("token").asText())
                    .isEqualTo("let-me-in");
            JsonNode context = connect.path("requestContext");
            assertThat(context.path("eventType").asText()).isEqualTo("CONNECT");
            assertThat(context.path("routeKey").asText()).isEqualTo("$connect");
            assertThat(context.path("messageId").isNull()).isTrue();
            assertThat(context.path("identity").path("userAgent").asText()).isEqualTo("ws-test");
            assertThat(connect.has("body")).isFalse();
            assertThat(ws.ask("{\"action\":\"anything\"}")).isEqualTo("got {\"action\":\"anything\"}");
        }
    }

    @Test
    void aMessageInvokesItsRouteFunctionWithAwsWebSocketEventAndGetsItsBodyBack() throws Exception {
        try (WsClient ws = open()) {
            String connectionId = connectedId();
            String message = "{\"action\":\"hello\",\"text\":\"hi there\"}";
            assertThat(ws.ask(message)).isEqualTo("got " + message);

            ObjectNode event = (ObjectNode) functions.lastEvent("echo");
            ObjectNode context = (ObjectNode) event.path("requestContext");
            assertThat(context.path("connectionId").asText()).isEqualTo(connectionId);
            assertThat(context.path("messageId").asText()).isNotBlank();
            assertThat(context.path("extendedRequestId").asText())
                    .isEqualTo(context.path("requestId").asText());
            assertThat(context.path("requestTime").asText())
                    .matches("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000");
            assertThat(context.path("requestTimeEpoch").asLong())
                    .isGreaterThanOrEqualTo(context.path("connectedAt").asLong());
            assertThat(context.path("domainName").asText()).startsWith("127.0.0.1");
            // The values that change with every run are replaced before comparing with the golden event.
            for (String volatileField : new String[] {
                "messageId",
                "extendedRequestId",
                "requestTime",
                "connectedAt",
                "requestTimeEpoch",
                "requestId",
                "connectionId",
                "domainName"
            }) {
                context.put(volatileField, "<" + volatileField + ">");
            }
            assertThat(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(event))
                    .isEqualTo(golden("lambda-message-event.json"));
        }
    }

    @Test
    void aOneWayRouteFunctionIsInvokedAndNothingIsSentBack() throws Exception {
        try (WsClient ws = open()) {
            ws.send("{\"action\":\"fire\"}");
            Await.until("the one-way function ran", () -> functions.calls("quiet") == 1);
            // The next message received is $default's: the one-way route sent nothing, not even an error.
            assertThat(ws.ask("{\"action\":\"after\"}")).isEqualTo("got {\"action\":\"after\"}");
        }
    }

    @Test
    void aCustomLambdaRouteMapsTheMessageWithItsTemplateAndSendsTheFunctionsAnswer() throws Exception {
        try (WsClient ws = open()) {
            String connectionId = connectedId();
            JsonNode answer = JSON.readTree(ws.ask("{\"action\":\"shout\",\"text\":\"quiet please\"}"));
            Map<String, String> expected = new HashMap<>();
            expected.put("loud", "QUIET PLEASE");
            expected.put("from", connectionId);
            assertThat(JSON.convertValue(answer, Map.class)).isEqualTo(expected);
        }
    }

    @Test
    void closingTheConnectionInvokesTheDisconnectFunction() throws Exception {
        WsClient ws = open();
        String connectionId = connectedId();
        ws.close();
        Await.until("the $disconnect function ran", () -> functions.calls("bye") == 1);
        JsonNode context = functions.lastEvent("bye").path("requestContext");
        assertThat(context.path("eventType").asText()).isEqualTo("DISCONNECT");
        assertThat(context.path("routeKey").asText()).isEqualTo("$disconnect");
        assertThat(context.path("connectionId").asText()).isEqualTo(connectionId);
    }

    /** The connection id the {@code $connect} function was last invoked with. */
    private String connectedId() {
        return functions
                .lastEvent("connect")
                .path("requestContext")
                .path("connectionId")
                .asText();
    }

    private static String golden(String name) throws Exception {
        try (InputStream in = WebSocketLambdaIT.class.getResourceAsStream("/websocket/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }
}
