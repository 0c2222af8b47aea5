package dev.tollgate.compiler.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.IntegrationType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * An AWS export whose methods proxy S3 and SQS ({@code type: aws}, path- and action-style URIs)
 * imports into AWS Integrations that go where {@code --aws-endpoint} says, signed with the {@code
 * --aws-credentials} Secret.
 */
class AwsServiceImportTest {
    private static String document() throws IOException {
        try (InputStream in =
                AwsServiceImportTest.class.getResourceAsStream("/openapi-aws/objects-and-queue-rest-oas30.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<Integration> integrations(ImportResult result) {
        return result.resources().stream()
                .filter(Integration.class::isInstance)
                .map(Integration.class::cast)
                .toList();
    }

    @Test
    void s3AndSqsIntegrationsGoToTheirServicesEndpointSignedWithTheCredentialsSecret() throws IOException {
        TreeMap<String, String> endpoints = new TreeMap<>();
        endpoints.put("s3", "http://minio.storage.svc:9000");
        endpoints.put("sqs", "http://elasticmq.queues.svc:9324");

        ImportResult result = OpenApiImporter.importDocument(
                document(), ImportOptions.stage("prod").withAws(endpoints, "aws-credentials"));

        assertThat(result.hasErrors()).as("%s", result.messages()).isFalse();
        List<Integration> aws = integrations(result);
        assertThat(aws).isNotEmpty().allSatisfy(i -> {
            assertThat(i.getSpec().getType()).isEqualTo(IntegrationType.AWS);
            assertThat(i.getSpec().getAws().getCredentialsSecret()).isEqualTo("aws-credentials");
        });
        assertThat(aws)
                .extracting(
                        i -> i.getSpec().getAwsUri(), i -> i.getSpec().getAws().getEndpoint())
                .contains(
                        tuple("arn:aws:apigateway:eu-west-1:s3:path/tollgate-demo", "http://minio.storage.svc:9000"),
                        tuple(
                                "arn:aws:apigateway:eu-west-1:s3:path/tollgate-demo/{key}",
                                "http://minio.storage.svc:9000"),
                        tuple(
                                "arn:aws:apigateway:eu-west-1:sqs:path/123456789012/orders",
                                "http://elasticmq.queues.svc:9324"),
                        tuple(
                                "arn:aws:apigateway:eu-west-1:sqs:action/SendMessage",
                                "http://elasticmq.queues.svc:9324"));
        assertThat(result.messages().toString()).doesNotContain("sent unsigned");
    }

    @Test
    void aServiceWithoutAnEndpointKeepsAwsOwnAndWithoutCredentialsEachServiceIsWarnedAboutOnce() throws IOException {
        TreeMap<String, String> endpoints = new TreeMap<>();
        endpoints.put("s3", "http://minio.storage.svc:9000");

        ImportResult result = OpenApiImporter.importDocument(
                document(), ImportOptions.stage("prod").withAws(endpoints, null));

        assertThat(result.hasErrors()).isFalse();
        for (Integration i : integrations(result)) {
            if (i.getSpec().getAwsUri().contains(":s3:")) {
                assertThat(i.getSpec().getAws().getEndpoint()).isEqualTo("http://minio.storage.svc:9000");
                assertThat(i.getSpec().getAws().getCredentialsSecret()).isNull();
            } else {
                assertThat(i.getSpec().getAws()).isNull();
            }
        }
        List<String> unsigned = result.messages().stream()
                .map(ImportMessage::toString)
                .filter(m -> m.contains("sent unsigned"))
                .toList();
        assertThat(unsigned).hasSize(2);
        assertThat(unsigned.toString()).contains("the s3 integration's").contains("the sqs integration's");
    }
}
