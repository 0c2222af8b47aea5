package dev.tollgate.compiler.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.IntegrationType;
import dev.tollgate.crds.v1alpha1.RestApi;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Bad input gives errors with their location and no resources; targets map as the issue says. */
class OpenApiImporterTest {
    private static ImportResult importing(String text) {
        return OpenApiImporter.importDocument(text, ImportOptions.stage("test"));
    }

    private static String errors(ImportResult r) {
        assertThat(r.hasErrors()).isTrue();
        assertThat(r.resources()).isEmpty();
        return r.messages().toString();
    }

    private static String oneGet(String integration) {
        return "openapi: 3.0.1\ninfo: {title: T}\npaths:\n  /a/{id}:\n    get:\n"
                + "      x-amazon-apigateway-integration: " + integration + "\n";
    }

    @Test
    void invalidJsonNamesLineAndColumn() {
        assertThat(errors(importing("{\n  \"openapi\": \"3.0.1\",\n  \"paths\": {,}\n}")))
                .contains("ERROR line 3, column")
                .contains("not valid JSON");
    }

    @Test
    void duplicateKeysAreErrors() {
        assertThat(errors(importing("openapi: 3.0.1\nopenapi: 3.0.2\n"))).contains("Duplicate field 'openapi'");
    }

    @Test
    void unknownVersionsAreRefused() {
        assertThat(errors(importing("openapi: 3.1.0\npaths: {}\n")))
                .contains("/openapi")
                .contains("OpenAPI version 3.1.0 is not supported");
        assertThat(errors(importing("swagger: '1.2'\n"))).contains("Swagger version 1.2 is not supported");
        assertThat(errors(importing("info: {title: x}\n"))).contains("neither openapi: 3.0.x nor swagger");
        assertThat(errors(importing("- just\n- a list\n"))).contains("a mapping with openapi or swagger");
    }

    @Test
    void brokenExternalAndCyclicRefsAreErrorsWithTheirLocation() {
        assertThat(errors(importing("openapi: 3.0.1\npaths:\n  /a:\n    $ref: '#/components/pathItems/nope'\n")))
                .contains("/paths/~1a/$ref: $ref #/components/pathItems/nope points at nothing");
        assertThat(errors(importing(
                        "openapi: 3.0.1\ncomponents:\n  schemas:\n    A:\n" + "      $ref: 'other.yaml#/A'\n")))
                .contains("/components/schemas/A/$ref")
                .contains("not local");
        assertThat(errors(importing("openapi: 3.0.1\npaths:\n  /a:\n    $ref: '#/x/b'\nx:\n  b:\n    $ref: '#/x/c'\n"
                        + "  c:\n    $ref: '#/x/b'\n")))
                .contains("$ref cycle");
    }

    @Test
    void aMethodWithoutIntegrationOrWithABadOneIsAnError() {
        assertThat(errors(importing("openapi: 3.0.1\npaths:\n  /a:\n    get:\n      responses: {}\n")))
                .contains("/paths/~1a/get: no x-amazon-apigateway-integration");
        assertThat(errors(importing(oneGet("{type: grpc}"))))
                .contains("/paths/~1a~1{id}/get/x-amazon-apigateway-integration/type");
        assertThat(errors(importing(oneGet("{type: http, uri: 'ftp://x/y', httpMethod: GET}"))))
                .contains("is not an http(s) URL");
        assertThat(errors(importing(oneGet("{type: http_proxy, uri: 'http://x/y?a=1#top', httpMethod: GET}"))))
                .contains("fragment");
        assertThat(errors(importing(oneGet("{type: aws_proxy, uri: 'arn:aws:iam::1:role/x'}"))))
                .contains("neither a Lambda function nor an AWS service action");
        assertThat(errors(importing(oneGet("{type: mock, timeoutInMillis: 30000}"))))
                .contains("timeoutInMillis must be within 50..29000");
        assertThat(errors(importing(oneGet("{type: mock, responses: {default: {statusCode: abc}}}"))))
                .contains("statusCode must be 100..599");
    }

    @Test
    void anIntegrationUriKeepsItsQueryStringOnTheMethodPath() {
        ImportResult r =
                importing(oneGet("{type: http, uri: 'http://backend.example.com/y?a=1&b=two', httpMethod: GET}"));
        assertThat(r.hasErrors()).isFalse();
        assertThat(ResourceYaml.write(r.resources())).contains("path: /y?a=1&b=two");
    }

    @Test
    void unknownExtensionsAreNamedInWarnings() {
        ImportResult r = importing("openapi: 3.0.1\ninfo: {title: T}\nx-amazon-apigateway-tag-value: t\n"
                + "paths:\n  /a:\n    get:\n      x-amazon-apigateway-foo: 1\n"
                + "      x-amazon-apigateway-integration: {type: mock, connectionId: abc}\n");
        assertThat(r.hasErrors()).isFalse();
        assertThat(r.messages().toString())
                .contains("WARNING /x-amazon-apigateway-tag-value: x-amazon-apigateway-tag-value has no place")
                .contains("WARNING /paths/~1a/get/x-amazon-apigateway-foo")
                .contains("connectionId");
    }

    @Test
    void hostsThatNameServicesBecomeServiceReferences() {
        Set<String> cluster = Set.of("shared");
        String[] p = new String[1];
        assertThat(IntegrationTarget.http("http://pets/x", "shop", cluster, p))
                .isEqualTo(new IntegrationTarget.Service("pets", null, 80, "/x"));
        assertThat(IntegrationTarget.http("https://pets.shop:8443", "shop", cluster, p))
                .isEqualTo(new IntegrationTarget.Service("pets", null, 8443, "/"));
        assertThat(IntegrationTarget.http("http://pets.shared/x", "shop", cluster, p))
                .isEqualTo(new IntegrationTarget.Service("pets", "shared", 80, "/x"));
        assertThat(IntegrationTarget.http("http://pets.other.svc.cluster.local:81/x", "shop", cluster, p))
                .isEqualTo(new IntegrationTarget.Service("pets", "other", 81, "/x"));
        assertThat(IntegrationTarget.http("http://pets.other.svc/x", "shop", cluster, p))
                .isEqualTo(new IntegrationTarget.Service("pets", "other", 80, "/x"));
    }

    @Test
    void otherHostsStayUrlsAndStageVariablesAreKept() {
        Set<String> none = Set.of();
        String[] p = new String[1];
        assertThat(IntegrationTarget.http("https://example.com/v1/{id}", "shop", none, p))
                .isEqualTo(new IntegrationTarget.Url("https://example.com", "/v1/{id}"));
        assertThat(IntegrationTarget.http("http://127.0.0.1:9001/x", "shop", none, p))
                .isEqualTo(new IntegrationTarget.Url("http://127.0.0.1:9001", "/x"));
        assertThat(IntegrationTarget.http("http://localhost:8080", "shop", none, p))
                .isEqualTo(new IntegrationTarget.Url("http://localhost:8080", "/"));
        assertThat(IntegrationTarget.http("http://${stageVariables.host}/pets", "shop", none, p))
                .isEqualTo(new IntegrationTarget.Url("http://${stageVariables.host}", "/pets"));
        assertThat(IntegrationTarget.http("${stageVariables.url}/pets/{id}", "shop", none, p))
                .isEqualTo(new IntegrationTarget.Url("${stageVariables.url}", "/pets/{id}"));
    }

    @Test
    void lambdaUrisAndArnsBecomeLambdaTargetsAndOtherAwsUrisAreKept() {
        assertThat(IntegrationTarget.aws("arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/"
                        + "arn:aws:lambda:eu-west-1:123456789012:function:pets:live/invocations"))
                .isEqualTo(new IntegrationTarget.Lambda(
                        "arn:aws:lambda:eu-west-1:123456789012:function:pets", "pets", "live"));
        assertThat(IntegrationTarget.aws("arn:aws:lambda:us-east-1:1:function:notes"))
                .isEqualTo(new IntegrationTarget.Lambda("arn:aws:lambda:us-east-1:1:function:notes", "notes", null));
        assertThat(IntegrationTarget.aws("arn:aws:apigateway:us-east-1:sqs:path/123/queue"))
                .isEqualTo(new IntegrationTarget.Aws("arn:aws:apigateway:us-east-1:sqs:path/123/queue"));
    }

    @Test
    void integrationsAreSharedByTargetAndNamedAfterIt() {
        ImportResult r = importing("openapi: 3.0.1\ninfo: {title: Shop API}\npaths:\n"
                + "  /a:\n    get:\n      x-amazon-apigateway-integration:"
                + " {type: http_proxy, uri: 'http://shop-backend:8080/a', httpMethod: GET}\n"
                + "  /b:\n    post:\n      x-amazon-apigateway-integration:"
                + " {type: http_proxy, uri: 'http://shop-backend:8080/b', httpMethod: POST}\n"
                + "    get:\n      x-amazon-apigateway-integration:"
                + " {type: http_proxy, uri: 'http://shop-backend:8080/b', httpMethod: POST}\n");
        assertThat(r.hasErrors()).as("%s", r.messages()).isFalse();
        List<String> names =
                r.resources().stream().map(x -> x.getMetadata().getName()).toList();
        assertThat(names).containsExactly("shop-api", "shop-backend", "shop-backend-post", "shop-api-test");
        assertThat(r.resources().get(0)).isInstanceOf(RestApi.class);
        assertThat(((Integration) r.resources().get(2)).getSpec().getType()).isEqualTo(IntegrationType.HTTP_PROXY);
    }
}
