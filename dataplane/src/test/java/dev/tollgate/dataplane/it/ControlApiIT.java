package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.controlapi.LocalControlApi;
import dev.tollgate.controlapi.http.ControlApiServer;
import dev.tollgate.dataplane.echo.EchoServer;
import dev.tollgate.dataplane.local.FolderCompiler;
import dev.tollgate.dataplane.local.LocalMode;
import dev.tollgate.dataplane.server.GatewayOptions;
import dev.tollgate.dataplane.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.ApiGatewayException;
import software.amazon.awssdk.services.apigateway.model.ApiStage;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.ConflictException;
import software.amazon.awssdk.services.apigateway.model.CreateApiKeyResponse;
import software.amazon.awssdk.services.apigateway.model.CreateRestApiResponse;
import software.amazon.awssdk.services.apigateway.model.GatewayResponseType;
import software.amazon.awssdk.services.apigateway.model.GetExportResponse;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.PatchOperation;
import software.amazon.awssdk.services.apigateway.model.PutMode;
import software.amazon.awssdk.services.apigateway.model.QuotaPeriodType;
import software.amazon.awssdk.services.apigateway.model.Resource;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;

/**
 * The AWS SDK for Java v2's API Gateway client drives local mode's control API through every
 * operation it serves, against a real gateway on a folder, and the APIs it creates are then called
 * through the gateway in front of a real backend.
 */
class ControlApiIT {
    @TempDir
    Path folder;

    EchoServer backend;
    LocalMode local;
    ControlApiServer control;
    ApiGatewayClient aws;
    String banner;

    @BeforeEach
    void start() throws Exception {
        backend = EchoServer.start("127.0.0.1", 0);
        GatewayOptions options =
                GatewayOptions.defaults().withPorts(0, 0).withEventLoops(1).withDrain(Duration.ofSeconds(1));
        local = LocalMode.start(folder, new FolderCompiler(folder, List.of()), options);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        control = LocalControlApi.start(
                folder,
                "127.0.0.1",
                0,
                null,
                List.of(),
                local.server().adminPort(),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        banner = out.toString(StandardCharsets.UTF_8);
        aws = ApiGatewayClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + control.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(ApacheHttpClient.create())
                .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none()))
                .build();
    }

    @AfterEach
    void stop() {
        aws.close();
        control.close();
        local.close();
        backend.close();
    }

    private String uri(String path) {
        return "http://127.0.0.1:" + backend.port() + path;
    }

    private RawHttp.Response call(String host, String path, String... headers) throws Exception {
        StringBuilder raw = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
        for (String h : headers) {
            raw.append(h).append("\r\n");
        }
        return RawHttp.exchange(
                local.server().port(), raw.append("Connection: close\r\n\r\n").toString());
    }

    /** Waits until the gateway (reloading the folder) answers as expected. */
    private RawHttp.Response await(Callable<RawHttp.Response> request, int status, String bodyPart) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        RawHttp.Response r = request.call();
        while ((r.status() != status || !r.body().contains(bodyPart)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            r = request.call();
        }
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).contains(bodyPart);
        return r;
    }

    private static PatchOperation replace(String path, String value) {
        return PatchOperation.builder().op(Op.REPLACE).path(path).value(value).build();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String folderText() throws Exception {
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(folder)) {
            files.sorted().forEach(f -> all.append("# ")
                    .append(f.getFileName())
                    .append('\n')
                    .append(read(f)));
        }
        return all.toString();
    }

    @Test
    void restApiBuiltWithTheSdkIsWrittenToTheFolderAndServedByTheGateway() throws Exception {
        assertThat(banner).contains("AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test");
        CreateRestApiResponse api = aws.createRestApi(r -> r.name("MyAPI").description("pets"));
        String id = api.id();
        assertThat(id).matches("[a-z][a-z0-9]{9}");
        assertThat(api.name()).isEqualTo("MyAPI");
        assertThat(folder.resolve("restapi-" + id + ".yaml")).exists();
        assertThat(read(folder.resolve("restapi-" + id + ".yaml")))
                .contains("kind: RestApi")
                .contains("apigateway.tollgate.dev/name: MyAPI");

        List<Resource> resources = aws.getResources(r -> r.restApiId(id)).items();
        assertThat(resources).singleElement().satisfies(root -> {
            assertThat(root.path()).isEqualTo("/");
            assertThat(root.id()).isEqualTo(api.rootResourceId());
        });
        String pets = aws.createResource(
                        r -> r.restApiId(id).parentId(api.rootResourceId()).pathPart("pets"))
                .id();
        String pet = aws.createResource(r -> r.restApiId(id).parentId(pets).pathPart("{petId}"))
                .id();
        String health = aws.createResource(
                        r -> r.restApiId(id).parentId(api.rootResourceId()).pathPart("health"))
                .id();
        assertThatThrownBy(() -> aws.createResource(
                        r -> r.restApiId(id).parentId(api.rootResourceId()).pathPart("pets")))
                .isInstanceOfSatisfying(
                        ConflictException.class, e -> assertThat(e.statusCode()).isEqualTo(409));

        aws.putMethod(r -> r.restApiId(id).resourceId(pets).httpMethod("GET").authorizationType("NONE"));
        assertThatThrownBy(() ->
                        aws.getIntegration(r -> r.restApiId(id).resourceId(pets).httpMethod("GET")))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.getMessage())
                        .contains("No integration defined for method"));
        aws.putIntegration(r -> r.restApiId(id)
                .resourceId(pets)
                .httpMethod("GET")
                .type(IntegrationType.HTTP_PROXY)
                .integrationHttpMethod("GET")
                .uri(uri("/pets")));
        assertThat(aws.getIntegration(r -> r.restApiId(id).resourceId(pets).httpMethod("GET"))
                        .uri())
                .isEqualTo(uri("/pets"));

        aws.putMethod(r -> r.restApiId(id)
                .resourceId(pet)
                .httpMethod("GET")
                .authorizationType("NONE")
                .requestParameters(Map.of("method.request.path.petId", true)));
        aws.putIntegration(r -> r.restApiId(id)
                .resourceId(pet)
                .httpMethod("GET")
                .type(IntegrationType.HTTP)
                .integrationHttpMethod("GET")
                .uri(uri("/pets/{petId}"))
                .requestParameters(Map.of("integration.request.path.petId", "method.request.path.petId")));
        aws.putMethodResponse(
                r -> r.restApiId(id).resourceId(pet).httpMethod("GET").statusCode("200"));
        aws.putIntegrationResponse(
                r -> r.restApiId(id).resourceId(pet).httpMethod("GET").statusCode("200"));

        aws.putMethod(r -> r.restApiId(id).resourceId(health).httpMethod("GET").authorizationType("NONE"));
        aws.putIntegration(r -> r.restApiId(id)
                .resourceId(health)
                .httpMethod("GET")
                .type(IntegrationType.MOCK)
                .requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
        aws.putMethodResponse(r -> r.restApiId(id)
                .resourceId(health)
                .httpMethod("GET")
                .statusCode("200")
                .responseParameters(Map.of("method.response.header.Cache-Control", false)));
        aws.putIntegrationResponse(r -> r.restApiId(id)
                .resourceId(health)
                .httpMethod("GET")
                .statusCode("200")
                .responseTemplates(Map.of("application/json", "{\"status\": \"ok\"}"))
                .responseParameters(Map.of("method.response.header.Cache-Control", "'no-store'")));

        // A deploymentId naming no deployment makes a stage that follows the API live.
        var prod = aws.createStage(
                r -> r.restApiId(id).stageName("prod").deploymentId("live").variables(Map.of("env", "prod")));
        assertThat(prod.stageName()).isEqualTo("prod");

        String host = id + ".default.execute-api.localhost";
        await(() -> call(host, "/prod/pets"), 200, "\"type\":\"dog\"");
        await(() -> call(host, "/prod/pets/2"), 200, "\"type\":\"cat\"");
        RawHttp.Response ok = await(() -> call(host, "/prod/health"), 200, "\"status\": \"ok\"");
        assertThat(ok.header("Cache-Control")).isEqualTo("no-store");

        // Resources with their methods, as get-resources --embed methods shows them.
        List<Resource> embedded =
                aws.getResources(r -> r.restApiId(id).embed("methods")).items();
        assertThat(embedded).extracting(Resource::path).containsExactly("/", "/health", "/pets", "/pets/{petId}");
        Resource petResource = embedded.stream()
                .filter(x -> x.path().equals("/pets/{petId}"))
                .findFirst()
                .orElseThrow();
        assertThat(petResource.parentId()).isEqualTo(pets);
        assertThat(petResource.resourceMethods().get("GET").methodIntegration().integrationResponses())
                .containsKey("200");

        // update-stage: caching, method settings and variables.
        var updated = aws.updateStage(r -> r.restApiId(id)
                .stageName("prod")
                .patchOperations(
                        replace("/cacheClusterEnabled", "true"),
                        replace("/cacheClusterSize", "0.5"),
                        replace("/*/*/throttling/rateLimit", "100"),
                        replace("/*/*/throttling/burstLimit", "50"),
                        replace("/~1pets/GET/caching/ttlInSeconds", "60"),
                        replace("/variables/env", "production")));
        assertThat(updated.cacheClusterSize().toString()).isEqualTo("0.5");
        assertThat(updated.methodSettings().get("*/*").throttlingRateLimit()).isEqualTo(100.0);
        assertThat(updated.methodSettings().get("~1pets/GET").cacheTtlInSeconds())
                .isEqualTo(60);
        assertThat(updated.variables()).containsEntry("env", "production");
        assertThat(aws.getStage(r -> r.restApiId(id).stageName("prod")).cacheClusterEnabled())
                .isTrue();
        aws.flushStageCache(r -> r.restApiId(id).stageName("prod"));

        // A customised gateway response, served by the gateway.
        aws.putGatewayResponse(r -> r.restApiId(id)
                .responseType(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN)
                .statusCode("404")
                .responseTemplates(Map.of("application/json", "{\"message\":\"no such route\"}")));
        await(() -> call(host, "/prod/nothing"), 404, "no such route");
        assertThat(aws.getGatewayResponses(r -> r.restApiId(id)).items())
                .anySatisfy(g -> {
                    assertThat(g.responseType()).isEqualTo(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN);
                    assertThat(g.defaultResponse()).isFalse();
                })
                .anySatisfy(g -> assertThat(g.defaultResponse()).isTrue());

        // update-rest-api, get-rest-api(s); an unknown id is AWS's NotFoundException.
        aws.updateRestApi(r -> r.restApiId(id).patchOperations(replace("/description", "the pets API")));
        assertThat(aws.getRestApi(r -> r.restApiId(id)).description()).isEqualTo("the pets API");
        assertThat(aws.getRestApis().items()).extracting(x -> x.id()).contains(id);
        assertThatThrownBy(() -> aws.getRestApi(r -> r.restApiId("nope")))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotFoundException");
                });

        // get-export with AWS's extensions, imported back as a new API, and put over it.
        GetExportResponse export = aws.getExport(r -> r.restApiId(id)
                .stageName("prod")
                .exportType("oas30")
                .parameters(Map.of("extensions", "apigateway"))
                .accepts("application/json"));
        String document = export.body().asUtf8String();
        assertThat(document).contains("\"/pets/{petId}\"").contains("x-amazon-apigateway-integration");
        var imported = aws.importRestApi(r -> r.body(SdkBytes.fromUtf8String(document)));
        assertThat(imported.id()).isNotEqualTo(id);
        assertThat(aws.getResources(r -> r.restApiId(imported.id())).items())
                .extracting(Resource::path)
                .contains("/pets", "/pets/{petId}", "/health");
        String smaller = document.replace("\"/health\"", "\"/status\"");
        aws.putRestApi(r -> r.restApiId(imported.id()).mode(PutMode.OVERWRITE).body(SdkBytes.fromUtf8String(smaller)));
        assertThat(aws.getResources(r -> r.restApiId(imported.id())).items())
                .extracting(Resource::path)
                .contains("/status")
                .doesNotContain("/health");
        aws.deleteRestApi(r -> r.restApiId(imported.id()));

        // Deleting a method and a resource takes them (and their Integrations) out of the folder.
        aws.deleteMethod(r -> r.restApiId(id).resourceId(pet).httpMethod("GET"));
        aws.deleteResource(r -> r.restApiId(id).resourceId(pet));
        await(() -> call(host, "/prod/pets/2"), 404, "no such route");
        assertThat(folderText()).doesNotContain(id + "-" + pet + "-get");

        aws.deleteStage(r -> r.restApiId(id).stageName("prod"));
        aws.deleteRestApi(r -> r.restApiId(id));
        assertThat(folderText()).doesNotContain(id);
    }

    @Test
    void createDeploymentPinsTheStageSoItServesTheApiAsDeployedUntilTheNextDeployment() throws Exception {
        String id = aws.createRestApi(r -> r.name("Releases")).id();
        String root = aws.getResources(r -> r.restApiId(id)).items().get(0).id();
        String version = aws.createResource(r -> r.restApiId(id).parentId(root).pathPart("version"))
                .id();
        aws.putMethod(r -> r.restApiId(id).resourceId(version).httpMethod("GET").authorizationType("NONE"));
        aws.putIntegration(r -> r.restApiId(id)
                .resourceId(version)
                .httpMethod("GET")
                .type(IntegrationType.MOCK)
                .requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
        aws.putMethodResponse(
                r -> r.restApiId(id).resourceId(version).httpMethod("GET").statusCode("200"));
        aws.putIntegrationResponse(r -> r.restApiId(id)
                .resourceId(version)
                .httpMethod("GET")
                .statusCode("200")
                .responseTemplates(Map.of("application/json", "{\"v\": 1}")));

        var first = aws.createDeployment(
                r -> r.restApiId(id).stageName("prod").description("first").variables(Map.of("tier", "gold")));
        assertThat(first.id()).matches("[a-z][a-z0-9]{5}");
        assertThat(first.description()).isEqualTo("first");
        assertThat(aws.getStage(r -> r.restApiId(id).stageName("prod")).deploymentId())
                .isEqualTo(first.id());
        assertThat(aws.getStage(r -> r.restApiId(id).stageName("prod")).variables())
                .containsEntry("tier", "gold");
        String host = id + ".default.execute-api.localhost";
        await(() -> call(host, "/prod/version"), 200, "{\"v\": 1}");
        // A stage following the API live, to see when the gateway has the change below.
        aws.createStage(r -> r.restApiId(id).stageName("live").deploymentId("none"));

        aws.putIntegrationResponse(r -> r.restApiId(id)
                .resourceId(version)
                .httpMethod("GET")
                .statusCode("200")
                .responseTemplates(Map.of("application/json", "{\"v\": 2}")));
        await(() -> call(host, "/live/version"), 200, "{\"v\": 2}");
        assertThat(call(host, "/prod/version").body()).isEqualTo("{\"v\": 1}");

        // test-invoke-method runs the method as the API is defined now.
        var invoked =
                aws.testInvokeMethod(r -> r.restApiId(id).resourceId(version).httpMethod("GET"));
        assertThat(invoked.status()).isEqualTo(200);
        assertThat(invoked.body()).isEqualTo("{\"v\": 2}");
        assertThat(invoked.log()).contains("Method completed with status: 200");

        var second = aws.createDeployment(r -> r.restApiId(id).stageName("prod"));
        await(() -> call(host, "/prod/version"), 200, "{\"v\": 2}");
        assertThat(aws.getDeployments(r -> r.restApiId(id)).items())
                .extracting(d -> d.id())
                .containsExactlyInAnyOrder(first.id(), second.id());
        assertThat(aws.getDeployment(r -> r.restApiId(id).deploymentId(first.id()))
                        .description())
                .isEqualTo("first");
        aws.updateDeployment(
                r -> r.restApiId(id).deploymentId(first.id()).patchOperations(replace("/description", "the first")));
        assertThat(aws.getDeployment(r -> r.restApiId(id).deploymentId(first.id()))
                        .description())
                .isEqualTo("the first");

        // The first deployment as the stage's canary, taking every request.
        var canary = aws.updateStage(r -> r.restApiId(id)
                .stageName("prod")
                .patchOperations(
                        replace("/canarySettings/deploymentId", first.id()),
                        replace("/canarySettings/percentTraffic", "100"),
                        replace("/canarySettings/stageVariableOverrides/tier", "silver")));
        assertThat(canary.canarySettings().deploymentId()).isEqualTo(first.id());
        assertThat(canary.canarySettings().percentTraffic()).isEqualTo(100.0);
        assertThat(canary.canarySettings().stageVariableOverrides()).containsEntry("tier", "silver");
        await(() -> call(host, "/prod/version"), 200, "{\"v\": 1}");
        assertThatThrownBy(() -> aws.deleteDeployment(r -> r.restApiId(id).deploymentId(first.id())))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage())
                        .contains("Active stages"));

        // Back to the first deployment by update-stage, canary removed; then the second goes.
        aws.updateStage(r -> r.restApiId(id)
                .stageName("prod")
                .patchOperations(
                        replace("/deploymentId", first.id()),
                        PatchOperation.builder()
                                .op(Op.REMOVE)
                                .path("/canarySettings")
                                .build()));
        assertThat(aws.getStage(r -> r.restApiId(id).stageName("prod")).canarySettings())
                .isNull();
        aws.deleteDeployment(r -> r.restApiId(id).deploymentId(second.id()));
        assertThat(aws.getDeployments(r -> r.restApiId(id)).items())
                .extracting(d -> d.id())
                .containsExactly(first.id());
        assertThatThrownBy(() -> aws.getDeployment(r -> r.restApiId(id).deploymentId(second.id())))
                .isInstanceOf(NotFoundException.class);

        // create-stage with a deployment pins the new stage to it.
        aws.createStage(r -> r.restApiId(id).stageName("beta").deploymentId(first.id()));
        assertThat(aws.getStage(r -> r.restApiId(id).stageName("beta")).deploymentId())
                .isEqualTo(first.id());
        await(() -> call(host, "/beta/version"), 200, "{\"v\": 1}");
        assertThat(read(folder.resolve(Files.list(folder)
                        .filter(f -> read(f).contains("kind: ApiDeployment"))
                        .findFirst()
                        .orElseThrow())))
                .contains("restApiRef: " + id);
    }

    @Test
    void usagePlansApiKeysAndUsageGovernTheGatewayAndKeyValuesStayInSecrets() throws Exception {
        String id = aws.createRestApi(r -> r.name("Keys")).id();
        String root = aws.getResources(r -> r.restApiId(id)).items().get(0).id();
        String res = aws.createResource(r -> r.restApiId(id).parentId(root).pathPart("pets"))
                .id();
        aws.putMethod(r -> r.restApiId(id)
                .resourceId(res)
                .httpMethod("GET")
                .authorizationType("NONE")
                .apiKeyRequired(true));
        aws.putIntegration(r -> r.restApiId(id)
                .resourceId(res)
                .httpMethod("GET")
                .type(IntegrationType.HTTP_PROXY)
                .integrationHttpMethod("GET")
                .uri(uri("/pets")));
        aws.createStage(r -> r.restApiId(id).stageName("prod").deploymentId("live"));

        var plan = aws.createUsagePlan(r -> r.name("Partners")
                .apiStages(ApiStage.builder().apiId(id).stage("prod").build())
                .throttle(t -> t.rateLimit(100.0).burstLimit(200))
                .quota(q -> q.limit(1000).period(QuotaPeriodType.DAY)));
        assertThat(plan.name()).isEqualTo("Partners");
        CreateApiKeyResponse key = aws.createApiKey(r -> r.name("acme").enabled(true));
        assertThat(key.value()).hasSize(40);
        aws.createUsagePlanKey(r -> r.usagePlanId(plan.id()).keyId(key.id()).keyType("API_KEY"));
        assertThat(aws.getUsagePlanKeys(r -> r.usagePlanId(plan.id())).items())
                .singleElement()
                .satisfies(k -> assertThat(k.id()).isEqualTo(key.id()));
        assertThat(aws.getUsagePlans(r -> r.keyId(key.id())).items())
                .extracting(p -> p.id())
                .containsExactly(plan.id());

        // The value is in a Secret document of the folder, never in the ApiKey.
        assertThat(read(folder.resolve("apikey-" + key.id() + ".yaml"))).doesNotContain(key.value());
        assertThat(read(folder.resolve("secret-" + key.id() + "-value.yaml"))).contains(key.value());
        assertThat(aws.getApiKeys().items()).singleElement().satisfies(k -> assertThat(k.value())
                .isNull());
        assertThat(aws.getApiKeys(r -> r.includeValues(true)).items())
                .singleElement()
                .satisfies(k -> assertThat(k.value()).isEqualTo(key.value()));

        String host = id + ".default.execute-api.localhost";
        await(() -> call(host, "/prod/pets", "x-api-key: " + key.value()), 200, "\"type\":\"dog\"");
        assertThat(call(host, "/prod/pets").status()).isEqualTo(403);

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        var usage = aws.getUsage(r -> r.usagePlanId(plan.id()).startDate(today).endDate(today));
        assertThat(usage.items()).containsKey(key.id());
        assertThat(usage.items().get(key.id()).get(0).get(0)).isGreaterThanOrEqualTo(1L);

        aws.updateUsagePlan(r -> r.usagePlanId(plan.id()).patchOperations(replace("/quota/limit", "500")));
        assertThat(aws.getUsagePlan(r -> r.usagePlanId(plan.id())).quota().limit())
                .isEqualTo(500);
        aws.updateApiKey(r -> r.apiKey(key.id()).patchOperations(replace("/enabled", "false")));
        await(() -> call(host, "/prod/pets", "x-api-key: " + key.value()), 403, "Forbidden");

        aws.deleteUsagePlanKey(r -> r.usagePlanId(plan.id()).keyId(key.id()));
        aws.deleteApiKey(r -> r.apiKey(key.id()));
        aws.deleteUsagePlan(r -> r.usagePlanId(plan.id()));
        assertThat(folderText()).doesNotContain(key.value()).doesNotContain("kind: UsagePlan");
    }

    @Test
    void domainNamesAuthorizersModelsAndValidatorsRoundTrip() throws Exception {
        String id = aws.createRestApi(r -> r.name("Parts")).id();
        String root = aws.getResources(r -> r.restApiId(id)).items().get(0).id();
        aws.putMethod(r -> r.restApiId(id).resourceId(root).httpMethod("GET").authorizationType("NONE"));
        aws.putIntegration(r -> r.restApiId(id)
                .resourceId(root)
                .httpMethod("GET")
                .type(IntegrationType.HTTP_PROXY)
                .integrationHttpMethod("GET")
                .uri(uri("/pets")));
        aws.createStage(r -> r.restApiId(id).stageName("v1").deploymentId("live"));

        var domain = aws.createDomainName(r -> r.domainName("api.shop.localhost"));
        assertThat(domain.domainName()).isEqualTo("api.shop.localhost");
        aws.createBasePathMapping(r -> r.domainName("api.shop.localhost")
                .basePath("shop")
                .restApiId(id)
                .stage("v1"));
        assertThat(aws.getBasePathMappings(r -> r.domainName("api.shop.localhost"))
                        .items())
                .singleElement()
                .satisfies(m -> assertThat(m.basePath()).isEqualTo("shop"));
        await(() -> call("api.shop.localhost", "/shop"), 200, "\"type\":\"dog\"");
        assertThatThrownBy(() -> aws.createDomainName(r -> r.domainName("other.localhost")
                        .regionalCertificateArn("arn:aws:acm:us-east-1:123456789012:certificate/abc")))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage())
                        .contains("secret:NAME"));

        var authorizer = aws.createAuthorizer(r -> r.restApiId(id)
                .name("pool")
                .type("COGNITO_USER_POOLS")
                .providerARNs("arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc")
                .identitySource("method.request.header.Authorization"));
        assertThat(aws.getAuthorizer(r -> r.restApiId(id).authorizerId(authorizer.id()))
                        .providerARNs())
                .singleElement()
                .asString()
                .contains("userpool/eu-west-1_abc");
        aws.updateAuthorizer(r -> r.restApiId(id)
                .authorizerId(authorizer.id())
                .patchOperations(replace("/identitySource", "method.request.header.X-Token")));
        assertThat(aws.getAuthorizers(r -> r.restApiId(id)).items())
                .singleElement()
                .satisfies(a -> assertThat(a.identitySource()).isEqualTo("method.request.header.X-Token"));

        aws.createModel(r -> r.restApiId(id)
                .name("Pet")
                .contentType("application/json")
                .schema("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}"));
        assertThat(aws.getModel(r -> r.restApiId(id).modelName("Pet")).schema()).contains("\"name\"");
        var validator =
                aws.createRequestValidator(r -> r.restApiId(id).name("body").validateRequestBody(true));
        assertThat(aws.getRequestValidators(r -> r.restApiId(id)).items())
                .singleElement()
                .satisfies(v -> assertThat(v.validateRequestBody()).isTrue());

        aws.deleteRequestValidator(r -> r.restApiId(id).requestValidatorId(validator.id()));
        aws.deleteModel(r -> r.restApiId(id).modelName("Pet"));
        aws.deleteAuthorizer(r -> r.restApiId(id).authorizerId(authorizer.id()));
        aws.deleteBasePathMapping(r -> r.domainName("api.shop.localhost").basePath("shop"));
        aws.deleteDomainName(r -> r.domainName("api.shop.localhost"));
        assertThat(aws.getDomainNames().items()).isEmpty();
        assertThatThrownBy(() -> aws.getModel(r -> r.restApiId(id).modelName("Pet")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void handEditsAreSeenByTheSdkAndWritesKeepTheOtherDocumentsOfAFile() throws Exception {
        Files.writeString(
                folder.resolve("shop.yaml"),
                String.join(
                        "\n",
                        "# The shop, written by hand.",
                        "apiVersion: apigateway.tollgate.dev/v1alpha1",
                        "kind: Integration",
                        "metadata:",
                        "  name: shop-backend",
                        "spec:",
                        "  type: HTTP_PROXY",
                        "  url: " + uri(""),
                        "---",
                        "# The API itself.",
                        "apiVersion: apigateway.tollgate.dev/v1alpha1",
                        "kind: RestApi",
                        "metadata:",
                        "  name: shop",
                        "spec:",
                        "  description: by hand",
                        "  resources:",
                        "    - path: /pets",
                        "      methods:",
                        "        - httpMethod: GET",
                        "          integration:",
                        "            integrationRef: shop-backend",
                        "            path: /pets",
                        ""));
        assertThat(aws.getRestApis().items()).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo("shop");
            assertThat(a.description()).isEqualTo("by hand");
        });
        aws.updateRestApi(r -> r.restApiId("shop").patchOperations(replace("/description", "by the SDK")));
        String text = read(folder.resolve("shop.yaml"));
        assertThat(text)
                .contains("# The shop, written by hand.")
                .contains("name: shop-backend")
                .contains("# The API itself.")
                .contains("description: by the SDK")
                .doesNotContain("by hand\n");
        assertThat(aws.getIntegration(r -> r.restApiId("shop")
                                .resourceId(aws.getResources(x -> x.restApiId("shop")).items().stream()
                                        .filter(x -> x.path().equals("/pets"))
                                        .findFirst()
                                        .orElseThrow()
                                        .id())
                                .httpMethod("GET"))
                        .uri())
                .isEqualTo(uri("/pets"));

        // A change the gateway would refuse is refused before anything is written.
        assertThatThrownBy(() -> aws.createStage(r ->
                        r.restApiId("shop").stageName("bad").deploymentId("x").variables(Map.of("v", "has spaces"))))
                .isInstanceOfSatisfying(ApiGatewayException.class, e -> assertThat(e.statusCode())
                        .isEqualTo(400));
        assertThat(aws.getStages(r -> r.restApiId("shop")).item()).isEmpty();
    }

    @Test
    void httpApiBuiltWithTheV2ClientIsServedByTheGateway() throws Exception {
        try (ApiGatewayV2Client v2 = ApiGatewayV2Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + control.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(ApacheHttpClient.create())
                .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none()))
                .build()) {
            var api = v2.createApi(r -> r.name("Shop").protocolType(ProtocolType.HTTP));
            assertThat(api.apiId()).matches("[a-z][a-z0-9]{9}");
            assertThat(api.apiEndpoint()).isEqualTo("http://" + api.apiId() + ".default.execute-api.localhost");
            var integration = v2.createIntegration(r -> r.apiId(api.apiId())
                    .integrationType(software.amazon.awssdk.services.apigatewayv2.model.IntegrationType.HTTP_PROXY)
                    .integrationMethod("GET")
                    .integrationUri(uri("/pets"))
                    .payloadFormatVersion("1.0"));
            var route = v2.createRoute(r ->
                    r.apiId(api.apiId()).routeKey("GET /pets").target("integrations/" + integration.integrationId()));
            assertThat(route.target()).isEqualTo("integrations/" + integration.integrationId());
            v2.createStage(r -> r.apiId(api.apiId()).stageName("prod").autoDeploy(true));

            String host = api.apiId() + ".default.execute-api.localhost";
            await(() -> call(host, "/prod/pets"), 200, "\"type\":\"dog\"");
            assertThat(v2.getApis().items()).extracting(a -> a.apiId()).containsExactly(api.apiId());
            assertThat(aws.getRestApis().items()).isEmpty();
            assertThat(v2.getRoutes(r -> r.apiId(api.apiId())).items())
                    .extracting(x -> x.routeKey())
                    .containsExactly("GET /pets");
            assertThat(v2.getIntegration(r -> r.apiId(api.apiId()).integrationId(integration.integrationId()))
                            .integrationUri())
                    .isEqualTo(uri("/pets"));
            assertThat(v2.getStages(r -> r.apiId(api.apiId())).items())
                    .extracting(x -> x.stageName())
                    .containsExactly("prod");

            v2.deleteRoute(r -> r.apiId(api.apiId()).routeId(route.routeId()));
            v2.deleteIntegration(r -> r.apiId(api.apiId()).integrationId(integration.integrationId()));
            v2.deleteStage(r -> r.apiId(api.apiId()).stageName("prod"));
            v2.deleteApi(r -> r.apiId(api.apiId()));
            assertThatThrownBy(() -> v2.getApi(r -> r.apiId(api.apiId())))
                    .isInstanceOf(software.amazon.awssdk.services.apigatewayv2.model.NotFoundException.class);
        }
    }

    @Test
    void everyMethodIntegrationAndApiPartCanBeReadUpdatedAndDeleted() throws Exception {
        var api = aws.createRestApi(r -> r.name("Parts"));
        String id = api.id();
        String items = aws.createResource(
                        r -> r.restApiId(id).parentId(api.rootResourceId()).pathPart("items"))
                .id();
        assertThat(aws.getResource(r -> r.restApiId(id).resourceId(items)).path())
                .isEqualTo("/items");
        assertThatThrownBy(() -> aws.updateResource(
                        r -> r.restApiId(id).resourceId(items).patchOperations(replace("/pathPart", "things"))))
                .isInstanceOf(BadRequestException.class);

        aws.putMethod(r -> r.restApiId(id).resourceId(items).httpMethod("GET").authorizationType("NONE"));
        aws.updateMethod(r -> r.restApiId(id)
                .resourceId(items)
                .httpMethod("GET")
                .patchOperations(
                        replace("/operationName", "listItems"),
                        PatchOperation.builder()
                                .op(Op.ADD)
                                .path("/requestParameters/method.request.querystring.q")
                                .build()));
        var method = aws.getMethod(r -> r.restApiId(id).resourceId(items).httpMethod("GET"));
        assertThat(method.operationName()).isEqualTo("listItems");
        assertThat(method.requestParameters()).containsEntry("method.request.querystring.q", false);

        aws.putIntegration(r -> r.restApiId(id)
                .resourceId(items)
                .httpMethod("GET")
                .type(IntegrationType.MOCK)
                .requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
        aws.putIntegrationResponse(r -> r.restApiId(id)
                .resourceId(items)
                .httpMethod("GET")
                .statusCode("200")
                .responseTemplates(Map.of("application/json", "{\"items\": []}")));
        aws.updateIntegrationResponse(r -> r.restApiId(id)
                .resourceId(items)
                .httpMethod("GET")
                .statusCode("200")
                .patchOperations(replace("/responseTemplates/application~1json", "{\"items\": [1]}")));
        assertThat(aws.getIntegrationResponse(r -> r.restApiId(id)
                                .resourceId(items)
                                .httpMethod("GET")
                                .statusCode("200"))
                        .responseTemplates())
                .containsEntry("application/json", "{\"items\": [1]}");
        aws.updateIntegration(r -> r.restApiId(id)
                .resourceId(items)
                .httpMethod("GET")
                .patchOperations(replace("/requestTemplates/application~1json", "{\"statusCode\":200}")));
        assertThat(aws.getIntegration(r -> r.restApiId(id).resourceId(items).httpMethod("GET"))
                        .requestTemplates())
                .containsEntry("application/json", "{\"statusCode\":200}");
        aws.createStage(r -> r.restApiId(id).stageName("test").deploymentId("live"));
        await(() -> call(id + ".default.execute-api.localhost", "/test/items"), 200, "{\"items\": [1]}");

        aws.putMethodResponse(
                r -> r.restApiId(id).resourceId(items).httpMethod("GET").statusCode("200"));
        aws.updateMethodResponse(r -> r.restApiId(id)
                .resourceId(items)
                .httpMethod("GET")
                .statusCode("200")
                .patchOperations(PatchOperation.builder()
                        .op(Op.ADD)
                        .path("/responseParameters/method.response.header.X-Count")
                        .value("true")
                        .build()));
        assertThat(aws.getMethodResponse(r -> r.restApiId(id)
                                .resourceId(items)
                                .httpMethod("GET")
                                .statusCode("200"))
                        .responseParameters())
                .containsEntry("method.response.header.X-Count", true);
        aws.deleteMethodResponse(
                r -> r.restApiId(id).resourceId(items).httpMethod("GET").statusCode("200"));
        assertThatThrownBy(() -> aws.getMethodResponse(
                        r -> r.restApiId(id).resourceId(items).httpMethod("GET").statusCode("200")))
                .isInstanceOf(NotFoundException.class);
        aws.deleteIntegrationResponse(
                r -> r.restApiId(id).resourceId(items).httpMethod("GET").statusCode("200"));
        assertThatThrownBy(() -> aws.getIntegrationResponse(
                        r -> r.restApiId(id).resourceId(items).httpMethod("GET").statusCode("200")))
                .isInstanceOf(NotFoundException.class);

        // delete-integration leaves the method, waiting for an integration again; the gateway stops serving it.
        aws.deleteIntegration(r -> r.restApiId(id).resourceId(items).httpMethod("GET"));
        assertThatThrownBy(() -> aws.getIntegration(
                        r -> r.restApiId(id).resourceId(items).httpMethod("GET")))
                .isInstanceOf(NotFoundException.class);
        assertThat(aws.getMethod(r -> r.restApiId(id).resourceId(items).httpMethod("GET"))
                        .operationName())
                .isEqualTo("listItems");
        assertThat(read(folder.resolve("restapi-" + id + ".yaml"))).contains("apigateway.tollgate.dev/pending-methods");
        assertThat(folderText()).doesNotContain("kind: Integration");
        await(() -> call(id + ".default.execute-api.localhost", "/test/items"), 403, "Missing Authentication Token");

        // Models, validators and gateway responses: updated, then back to the defaults.
        aws.createModel(r ->
                r.restApiId(id).name("Item").contentType("application/json").schema("{\"type\":\"object\"}"));
        aws.updateModel(
                r -> r.restApiId(id).modelName("Item").patchOperations(replace("/schema", "{\"type\":\"array\"}")));
        assertThat(aws.getModels(r -> r.restApiId(id)).items()).singleElement().satisfies(m -> assertThat(m.schema())
                .contains("array"));
        var validator = aws.createRequestValidator(r -> r.restApiId(id).name("params"));
        aws.updateRequestValidator(r -> r.restApiId(id)
                .requestValidatorId(validator.id())
                .patchOperations(replace("/validateRequestParameters", "true")));
        assertThat(aws.getRequestValidator(r -> r.restApiId(id).requestValidatorId(validator.id()))
                        .validateRequestParameters())
                .isTrue();
        aws.updateGatewayResponse(r -> r.restApiId(id)
                .responseType(GatewayResponseType.DEFAULT_4_XX)
                .patchOperations(replace("/statusCode", "418")));
        assertThat(aws.getGatewayResponse(r -> r.restApiId(id).responseType(GatewayResponseType.DEFAULT_4_XX))
                        .statusCode())
                .isEqualTo("418");
        aws.deleteGatewayResponse(r -> r.restApiId(id).responseType(GatewayResponseType.DEFAULT_4_XX));
        assertThat(aws.getGatewayResponse(r -> r.restApiId(id).responseType(GatewayResponseType.DEFAULT_4_XX))
                        .defaultResponse())
                .isTrue();

        // A domain with its certificate given as a Secret reference, and its mapping, updated.
        Files.copy(
                Path.of(System.getProperty("tollgate.repoRoot", "..")).resolve("config/samples/domain-tls-secret.yaml"),
                folder.resolve("tls.yaml"));
        aws.createDomainName(
                r -> r.domainName("api.petstore.localhost").regionalCertificateArn("secret:petstore-api-tls"));
        aws.updateDomainName(
                r -> r.domainName("api.petstore.localhost").patchOperations(replace("/securityPolicy", "TLS_1_0")));
        assertThat(aws.getDomainName(r -> r.domainName("api.petstore.localhost"))
                        .regionalCertificateArn())
                .isEqualTo("secret:petstore-api-tls");
        assertThat(read(folder.resolve("domainname-api.petstore.localhost.yaml")))
                .contains("secretName: petstore-api-tls")
                .contains("minimumVersion: TLS_1_0");
        aws.createBasePathMapping(
                r -> r.domainName("api.petstore.localhost").restApiId(id).stage("test"));
        aws.updateBasePathMapping(r ->
                r.domainName("api.petstore.localhost").basePath("(none)").patchOperations(replace("/basePath", "v2")));
        assertThat(aws.getBasePathMapping(
                                r -> r.domainName("api.petstore.localhost").basePath("v2"))
                        .restApiId())
                .isEqualTo(id);

        // Keys, plan keys, flushing the authorizer cache, clone-from.
        var key = aws.createApiKey(r -> r.name("k").value("a-key-value-of-twenty-chars-or-more"));
        assertThat(aws.getApiKey(r -> r.apiKey(key.id()).includeValue(true)).value())
                .isEqualTo("a-key-value-of-twenty-chars-or-more");
        assertThat(aws.getApiKey(r -> r.apiKey(key.id())).value()).isNull();
        assertThat(aws.getApiKey(r -> r.apiKey(key.id())).enabled()).isFalse();
        var plan = aws.createUsagePlan(r ->
                r.name("p").apiStages(ApiStage.builder().apiId(id).stage("test").build()));
        aws.createUsagePlanKey(r -> r.usagePlanId(plan.id()).keyId(key.id()).keyType("API_KEY"));
        assertThat(aws.getUsagePlanKey(r -> r.usagePlanId(plan.id()).keyId(key.id()))
                        .name())
                .isEqualTo("k");
        aws.flushStageAuthorizersCache(r -> r.restApiId(id).stageName("test"));
        var clone = aws.createRestApi(r -> r.name("Copy").cloneFrom(id));
        assertThat(aws.getResources(r -> r.restApiId(clone.id())).items())
                .extracting(Resource::path)
                .contains("/items");
    }
}
