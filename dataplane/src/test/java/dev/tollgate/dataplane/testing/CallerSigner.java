package dev.tollgate.dataplane.testing;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Signs requests to an AWS_IAM method as an AWS SDK client does: the AWS SDK for Java v2's SigV4 signer, service execute-api. */
public final class CallerSigner {
    private CallerSigner() {}

    /**
     * The headers the signer gives a request to {@code uri} ({@code Host} included, from the URI's
     * host and port), signed with {@code keyId}/{@code secret} at {@code clock}'s time in region
     * eu-west-1; a body is sent as JSON.
     */
    public static Map<String, List<String>> sign(
            String method, URI uri, String body, String keyId, String secret, Clock clock) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(method))
                .protocol(uri.getScheme())
                .host(uri.getHost())
                .port(uri.getPort())
                .encodedPath(uri.getRawPath());
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                // The signer takes values decoded and encodes them itself.
                request.appendRawQueryParameter(
                        URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        if (body != null) {
            request.putHeader("Content-Type", "application/json");
        }
        SignedRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(AwsCredentialsIdentity.create(keyId, secret))
                        .request(request.build())
                        .payload(body == null ? null : ContentStreamProvider.fromUtf8String(body))
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                        .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        return signed.request().headers();
    }
}
