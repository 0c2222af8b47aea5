package dev.tollgate.dataplane.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.dataplane.testing.Folders;
import dev.tollgate.dataplane.testing.Imports;
import dev.tollgate.dataplane.testing.LambdaInvokeServer;
import dev.tollgate.dataplane.testing.LocalGateway;
import dev.tollgate.dataplane.testing.RawHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AWS exports whose methods and authorizers are Lambda functions, imported with {@code import
 * --lambda '*=fns:8080'} and served in local mode against real functions on the invoke API: the
 * orders API's custom LAMBDA method (request template, selection on the error message) and the
 * petstore's Lambda TOKEN authorizer in front of an HTTP method.
 */
class ImportedLambdaApisIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORDERS = "orders-api.default.execute-api.localhost";
    private static final String PETSTORE = "petstore.default.execute-api.localhost";
    private static final String CREATE_ORDER = "arn:aws:lambda:us-east-1:123456789012:function:create-order";
    private static final String PETS_AUTHORIZER =
            "arn:aws:lambda:eu-west-1:123456789012:function:pets-token-authorizer";
    private static LambdaInvokeServer functions;
    private static LocalGateway orders;
    private static LocalGateway petstore;
    private static Path ordersFolder;
    private static Path petstoreFolder;

    @BeforeAll
    static void start() throws Exception {
        functions = new LambdaInvokeServer()
                .function(CREATE_ORDER, event -> {
                    JsonNode items = event.path("body").path("items");
                    if (!items.isArray() || items.isEmpty()) {
                        throw new Exception("[BadRequest] an order needs items");
                    }
                    return Map.of("id", "o-1", "location", "/orders/o-1", "requestId", event.path("requestId"));
                })
                .function(PETS_AUTHORIZER, event -> {
                    String token = event.path("authorizationToken").asText();
                    if (!token.equals("Bearer good")) {
                        throw new Exception("Unauthorized");
                    }
                    return Map.of(
                            "principalId",
                            "pet-owner",
                            "policyDocument",
                            Map.of(
                                    "Version",
                                    "2012-10-17",
                                    "Statement",
                                    List.of(Map.of(
                                            "Action",
                                            "execute-api:Invoke",
                                            "Effect",
                                            "Allow",
                                            "Resource",
                                            event.path("methodArn").asText()))));
                });
        String fns = "fns=127.0.0.1:" + functions.port();
        ordersFolder = Files.createTempDirectory("tollgate-imported-orders");
        Imports.corpus(
                "orders-rest-swagger.yaml",
                ordersFolder,
                "--stage",
                "live",
                "--lambda",
                "*=fns:8080",
                "--stage-variable",
                "partnerKey=k",
                "--stage-variable",
                "vpcLinkId=v");
        orders = LocalGateway.on(ordersFolder).flags("--service", fns).start();
        petstoreFolder = Files.createTempDirectory("tollgate-imported-petstore");
        Imports.corpus(
                "petstore-rest-oas30.json",
                petstoreFolder,
                "--stage",
                "prod",
                "--lambda",
                "*=fns:8080",
                "--stage-variable",
                "legacyHost=127.0.0.1:9");
        petstore = LocalGateway.on(petstoreFolder)
                .echoAs("pets-backend")
                .flags("--service", fns)
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        for (LocalGateway g : new LocalGateway[] {orders, petstore}) {
            if (g != null) {
                g.close();
            }
        }
        if (functions != null) {
            functions.close();
        }
        Folders.delete(ordersFolder);
        Folders.delete(petstoreFolder);
    }

    @Test
    void theImportedCustomLambdaMethodMapsASuccessTo201WithItsLocation() throws Exception {
        RawHttp.Response r = RawHttp.request(
                orders.port(),
                ORDERS,
                "POST",
                "/live/orders",
                "Content-Type: application/json\r\n",
                "{\"items\":[{\"sku\":\"a\",\"quantity\":1}]}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.header("Location")).isEqualTo("/orders/o-1");
        JsonNode sent = functions.lastEvent(CREATE_ORDER);
        assertThat(sent.path("body").path("items").get(0).path("sku").asText()).isEqualTo("a");
        assertThat(sent.path("requestId").asText()).isEqualTo(r.header("x-amzn-RequestId"));
    }

    @Test
    void theImportedCustomLambdaMethodSelectsTheBadRequestResponseByTheErrorMessage() throws Exception {
        RawHttp.Response r = RawHttp.request(
                orders.port(), ORDERS, "POST", "/live/orders", "Content-Type: application/json\r\n", "{\"items\":[]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()))
                .isEqualTo(JSON.readTree("{\"message\":\"[BadRequest] an order needs items\"}"));
    }

    @Test
    void theImportedLambdaTokenAuthorizerGuardsThePetByIdMethod() throws Exception {
        RawHttp.Response allowed =
                RawHttp.request(petstore.port(), PETSTORE, "GET", "/prod/pets/2", "Authorization: Bearer good\r\n", "");
        assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
        assertThat(allowed.body()).contains("\"type\":\"cat\"");
        RawHttp.Response refused =
                RawHttp.request(petstore.port(), PETSTORE, "GET", "/prod/pets/2", "Authorization: Bearer bad\r\n", "");
        assertThat(refused.status()).isEqualTo(401);
        RawHttp.Response malformed =
                RawHttp.request(petstore.port(), PETSTORE, "GET", "/prod/pets/2", "Authorization: nope\r\n", "");
        assertThat(malformed.status()).isEqualTo(401);
        assertThat(functions.calls(PETS_AUTHORIZER)).isEqualTo(2);
    }
}
