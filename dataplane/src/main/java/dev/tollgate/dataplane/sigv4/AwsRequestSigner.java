package dev.tollgate.dataplane.sigv4;

import dev.tollgate.controlapi.sigv4.SigV4;
import dev.tollgate.dataplane.tls.KeyMaterial;
import dev.tollgate.ir.AwsServiceConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Signs the calls of AWS integrations with AWS Signature Version 4, using the AWS SDK for Java's
 * signer. The credentials are read from the current key material on every call (a map lookup), so a
 * rotated Secret signs the next call; they never leave this class but inside the signature. Pure
 * computation: safe on an event loop.
 */
public final class AwsRequestSigner {
    /** The payload hash header S3 requires and other services accept. */
    public static final String CONTENT_SHA256 = "x-amz-content-sha256";

    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private final Clock clock;
    private volatile KeyMaterial keys = KeyMaterial.NONE;

    public AwsRequestSigner() {
        this(Clock.systemUTC());
    }

    /** With the clock signatures are dated by. */
    public AwsRequestSigner(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The key material credentials are read from from now on. */
    public void keys(KeyMaterial keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * A call to sign.
     *
     * @param method the HTTP method
     * @param scheme {@code http} or {@code https}
     * @param host the host connected to
     * @param port the port connected to
     * @param rawPath the path as sent, percent-encoded
     * @param rawQuery the query string as sent, percent-encoded, without {@code ?}; empty for none
     * @param headers the headers to sign besides {@code Host} (e.g. {@code Content-Type}, {@code
     *     X-Amz-Target})
     * @param payload the body, or null to leave it out of the signature ({@code UNSIGNED-PAYLOAD})
     */
    public record Call(
            String method,
            String scheme,
            String host,
            int port,
            String rawPath,
            String rawQuery,
            Map<String, String> headers,
            byte[] payload) {}

    /**
     * The headers that sign {@code call} ({@code Authorization}, {@code X-Amz-Date}, {@code
     * x-amz-content-sha256}, and {@code X-Amz-Security-Token} with a session token), or null when
     * the credentials Secret of {@code aws} is missing or incomplete in {@code namespace}.
     */
    public Map<String, String> sign(String namespace, AwsServiceConfig aws, Call call) {
        String secret = aws.credentialsSecret();
        byte[] id = keys.value(namespace, secret, AwsServiceConfig.ACCESS_KEY_ID);
        byte[] key = keys.value(namespace, secret, AwsServiceConfig.SECRET_ACCESS_KEY);
        byte[] token = keys.value(namespace, secret, AwsServiceConfig.SESSION_TOKEN);
        if (id == null || key == null || id.length == 0 || key.length == 0) {
            return null;
        }
        AwsCredentialsIdentity identity = token == null || token.length == 0
                ? AwsCredentialsIdentity.create(text(id), text(key))
                : AwsSessionCredentialsIdentity.create(text(id), text(key), text(token));
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(call.method()))
                .protocol(call.scheme())
                .host(call.host())
                .port(call.port())
                .encodedPath(call.rawPath().isEmpty() ? "/" : call.rawPath());
        for (String[] pair : SigV4.queryParameters(call.rawQuery())) {
            request.appendRawQueryParameter(pair[0], pair[1]);
        }
        call.headers().forEach(request::putHeader);
        boolean s3 = aws.service().equals("s3");
        if (s3) {
            // S3 signs the payload hash header; the signer fills in its value.
            request.putHeader(CONTENT_SHA256, "required");
        }
        byte[] payload = call.payload();
        SignedRequest signed = SIGNER.sign(r -> r.identity(identity)
                .request(request.build())
                .payload(payload == null ? null : ContentStreamProvider.fromByteArrayUnsafe(payload))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, aws.service())
                .putProperty(AwsV4HttpSigner.REGION_NAME, aws.region())
                // S3 signs the path as sent; the other services encode it once more, as AWS does.
                .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, !s3)
                .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, !s3)
                .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, payload != null)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
            String name = h.getKey();
            if (name.equalsIgnoreCase("Authorization")
                    || name.toLowerCase(Locale.ROOT).startsWith("x-amz-")) {
                out.put(name, String.join(",", h.getValue()));
            }
        }
        return out;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8).trim();
    }
}
