package dev.tollgate.ir;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The AWS service an {@code AWS} integration calls, and how its requests are signed (AWS Signature
 * Version 4). The credentials are named, never held: the data plane reads {@code accessKeyId},
 * {@code secretAccessKey} and the optional {@code sessionToken} of the Secret from its key material
 * on each call, so a rotated Secret applies without a new config.
 *
 * @param service the service of the integration URI and the signature's scope, e.g. {@code s3}
 * @param region the region the signature is scoped to
 * @param credentialsSecret the Secret holding the credentials, in the config's namespace; null sends
 *     the calls unsigned (a store that allows anonymous access)
 * @param target the {@code X-Amz-Target} of a JSON-protocol action (e.g. {@code
 *     DynamoDB_20120810.PutItem}), or null
 * @param contentType the {@code Content-Type} the service's protocol requires (e.g. {@code
 *     application/x-amz-json-1.0}), or null to send the mapped body's own
 * @param unsignedPayload true when the payload is left out of the signature ({@code UNSIGNED-PAYLOAD},
 *     which S3 accepts over TLS) so an object body streams through; false signs the payload hash,
 *     which needs the body read whole
 */
public record AwsServiceConfig(
        String service,
        String region,
        @JsonInclude(JsonInclude.Include.NON_NULL) String credentialsSecret,
        @JsonInclude(JsonInclude.Include.NON_NULL) String target,
        @JsonInclude(JsonInclude.Include.NON_NULL) String contentType,
        boolean unsignedPayload) {

    /** Key of the access key id in the credentials Secret. */
    public static final String ACCESS_KEY_ID = "accessKeyId";
    /** Key of the secret access key in the credentials Secret. */
    public static final String SECRET_ACCESS_KEY = "secretAccessKey";
    /** Key of the optional session token in the credentials Secret. */
    public static final String SESSION_TOKEN = "sessionToken";

    public AwsServiceConfig {
        Ir.require(service, "service");
        Ir.require(region, "region");
    }
}
