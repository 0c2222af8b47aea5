package dev.tollgate.controlapi.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.controlapi.LocalControlApiFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.ApiGatewayException;

/**
 * The AWS SDK for Java v2's own SigV4 signer against the control API: what it signs is accepted;
 * a wrong secret, an unknown key, a body altered after signing and a replayed old timestamp are
 * refused with AWS's errors.
 */
class SignedRequestsIT {
    @TempDir
    Path folder;

    LocalControlApiFixture api;

    @BeforeEach
    void start() throws Exception {
        api = new LocalControlApiFixture(folder);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private SignedRequest sign(String body, Clock clock, String secret) {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create(api.endpoint() + "/restapis"))
                .putHeader("Content-Type", "application/json")
                .build();
        return AwsV4HttpSigner.create().sign(r -> r.identity(AwsBasicCredentials.create("test", secret))
                .request(request)
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "apigateway")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
    }

    private static HttpResponse<String> send(SignedRequest signed, String body) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(signed.request().getUri()).POST(HttpRequest.BodyPublishers.ofString(body));
        for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
            if (!h.getKey().equalsIgnoreCase("host") && !h.getKey().equalsIgnoreCase("content-length")) {
                h.getValue().forEach(v -> b.header(h.getKey(), v));
            }
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRequestSignedByTheSdkSignerIsAcceptedAndTheSameRequestWithAnAlteredBodyIsRefused() throws Exception {
        String body = "{\"name\":\"signed\"}";
        SignedRequest signed = sign(body, Clock.systemUTC(), "test");
        HttpResponse<String> ok = send(signed, body);
        assertThat(ok.statusCode()).isEqualTo(201);
        assertThat(ok.body()).contains("\"name\":\"signed\"");
        assertThat(ok.headers().firstValue("x-amzn-RequestId")).isPresent();

        HttpResponse<String> altered = send(signed, "{\"name\":\"altered\"}");
        assertThat(altered.statusCode()).isEqualTo(403);
        assertThat(altered.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidSignatureException");
        // The signer also sends x-amz-content-sha256: the altered body no longer matches it.
        assertThat(altered.body()).contains("does not match");
    }

    @Test
    void aReplayedRequestSignedTenMinutesAgoIsRefusedAsExpired() throws Exception {
        String body = "{\"name\":\"replayed\"}";
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC);
        HttpResponse<String> replayed = send(sign(body, past, "test"), body);
        assertThat(replayed.statusCode()).isEqualTo(403);
        assertThat(replayed.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidSignatureException");
        assertThat(replayed.body()).contains("Signature expired");
        assertThat(api.folder.toFile().list()).isEmpty();
    }

    @Test
    void theSdkClientWithAWrongSecretOrAnUnknownKeyIsRefused() {
        try (ApiGatewayClient wrong = api.client("test", "not-the-secret")) {
            assertThatThrownBy(wrong::getRestApis).isInstanceOfSatisfying(ApiGatewayException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
            });
        }
        try (ApiGatewayClient unknown = api.client("AKIDUNKNOWN", "test")) {
            assertThatThrownBy(unknown::getRestApis).isInstanceOfSatisfying(ApiGatewayException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
                assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("The security token included in the request is invalid.");
            });
        }
        try (ApiGatewayClient right = api.client("test", "test")) {
            assertThat(right.getRestApis().items()).isEmpty();
        }
    }

    @Test
    void anUnsignedRequestAnswersMissingAuthenticationToken() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(api.endpoint() + "/restapis"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationTokenException");
        assertThat(r.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
    }
}
