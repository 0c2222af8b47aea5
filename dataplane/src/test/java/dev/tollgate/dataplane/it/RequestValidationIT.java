package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.dataplane.testing.Folders;
import dev.tollgate.dataplane.testing.LocalGateway;
import dev.tollgate.dataplane.testing.RawHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Request validation in local mode in front of the echo backend: AWS's customised
 * BAD_REQUEST_BODY / BAD_REQUEST_PARAMETERS gateway responses see {@code $context.error.message}
 * and {@code $context.error.validationErrorString}; the model for the request's content type (or
 * {@code $default}) applies; a method without a validator is not checked.
 */
class RequestValidationIT {
    private static final String HOST = "pets.default.execute-api.localhost";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String YAML = String.join(
            "\n",
            "apiVersion: apigateway.tollgate.dev/v1alpha1",
            "kind: RestApi",
            "metadata: {name: pets}",
            "spec:",
            "  models:",
            "    - name: Pet",
            "      schema:",
            "        type: object",
            "        required: [name, owner]",
            "        properties:",
            "          name: {type: string}",
            "          owner: {$ref: 'https://apigateway.amazonaws.com/restapis/pets/models/Owner'}",
            "    - name: Owner",
            "      schema: {type: object, required: [email], properties: {email: {type: string}}}",
            "    - name: Text",
            "      schema: {type: string, maxLength: 5}",
            "  requestValidators:",
            "    - {name: all, validateRequestBody: true, validateRequestParameters: true}",
            "  gatewayResponses:",
            "    - type: BAD_REQUEST_BODY",
            "      responseParameters:",
            "        gatewayresponse.header.x-validation: \"'failed'\"",
            "      responseTemplates:",
            "        application/json: '{\"error\": \"$context.error.message\", \"detail\": $context.error.validationErrorString}'",
            "    - type: BAD_REQUEST_PARAMETERS",
            "      statusCode: 422",
            "  resources:",
            "    - path: /pets",
            "      methods:",
            "        - httpMethod: POST",
            "          requestValidator: all",
            "          requestParameters:",
            "            method.request.header.x-tenant: true",
            "            method.request.querystring.dryRun: false",
            "          requestModels:",
            "            application/json: Pet",
            "            $default: Text",
            "          integration: {integrationRef: echo}",
            "        - httpMethod: PUT",
            "          requestParameters: {method.request.header.x-tenant: true}",
            "          requestModels: {application/json: Pet}",
            "          integration: {integrationRef: echo}",
            "---",
            "apiVersion: apigateway.tollgate.dev/v1alpha1",
            "kind: Integration",
            "metadata: {name: echo}",
            "spec: {type: HTTP_PROXY, service: {name: echo-backend, port: 80}}",
            "---",
            "apiVersion: apigateway.tollgate.dev/v1alpha1",
            "kind: Stage",
            "metadata: {name: prod}",
            "spec: {restApiRef: pets}",
            "");

    private static Path folder;
    private static LocalGateway local;

    @BeforeAll
    static void start() throws Exception {
        folder = Files.createTempDirectory("tollgate-validation-it");
        Folders.write(folder, "pets.yaml", YAML);
        local = LocalGateway.on(folder).echoAs("echo-backend").start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (local != null) {
            local.close();
        }
        Folders.delete(folder);
    }

    private static RawHttp.Response send(String method, String target, String headers, String body) throws Exception {
        return RawHttp.request(local.port(), HOST, method, target, headers, body);
    }

    @Test
    void aValidRequestReachesTheBackendUnchanged() throws Exception {
        String pet = "{\"name\":\"Rex\",\"owner\":{\"email\":\"a@example.com\"}}";
        RawHttp.Response r =
                send("POST", "/prod/pets?dryRun=1", "X-Tenant: t1\r\nContent-Type: application/json\r\n", pet);
        // The echo backend answers a POST to /pets with 201.
        assertThat(r.status()).isEqualTo(201);
        JsonNode echo = JSON.readTree(r.body());
        assertThat(echo.path("path").asText()).isEqualTo("/pets");
        assertThat(echo.path("headers").path("x-tenant").get(0).asText()).isEqualTo("t1");
        assertThat(echo.path("body").asText()).isEqualTo(pet);
    }

    @Test
    void aCustomisedBadRequestBodyResponseShowsTheValidationErrorString() throws Exception {
        RawHttp.Response r = send(
                "POST",
                "/prod/pets",
                "X-Tenant: t1\r\nContent-Type: application/json; charset=utf-8\r\n",
                "{\"name\":7,\"owner\":{}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("x-validation")).isEqualTo("failed");
        assertThat(r.header("x-amzn-ErrorType")).isEqualTo("BadRequestException");
        assertThat(r.body())
                .isEqualTo(
                        "{\"error\": \"Invalid request body\", \"detail\": [instance type (integer) does not match any"
                                + " allowed primitive type (allowed: [\"string\"]), object has missing required properties"
                                + " ([\"email\"])]}");
    }

    @Test
    void aCustomisedBadRequestParametersResponseKeepsAwsMessageWithItsStatus() throws Exception {
        RawHttp.Response r = send("POST", "/prod/pets", "Content-Type: application/json\r\n", "{}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body()).isEqualTo("{\"message\":\"Missing required request parameters: [x-tenant]\"}");
    }

    @Test
    void aBlankRequiredHeaderCountsAsMissing() throws Exception {
        RawHttp.Response r = send("POST", "/prod/pets", "X-Tenant:   \r\nContent-Type: application/json\r\n", "{}");
        assertThat(r.status()).isEqualTo(422);
    }

    @Test
    void aContentTypeWithoutItsOwnModelIsCheckedAgainstTheDefaultModel() throws Exception {
        RawHttp.Response tooLong =
                send("POST", "/prod/pets", "X-Tenant: t1\r\nContent-Type: text/plain\r\n", "\"longer than five\"");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body())
                .isEqualTo("{\"error\": \"Invalid request body\", \"detail\": [string \"longer than five\" is too long"
                        + " (length: 16, maximum allowed: 5)]}");
        RawHttp.Response ok = send("POST", "/prod/pets", "X-Tenant: t1\r\nContent-Type: text/plain\r\n", "\"Rex\"");
        assertThat(ok.status()).isEqualTo(201);
        assertThat(JSON.readTree(ok.body()).path("body").asText()).isEqualTo("\"Rex\"");
    }

    @Test
    void aMethodWithoutAValidatorIsNotChecked() throws Exception {
        RawHttp.Response r = send("PUT", "/prod/pets", "Content-Type: application/json\r\n", "not json");
        assertThat(r.status()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("body").asText()).isEqualTo("not json");
    }
}
