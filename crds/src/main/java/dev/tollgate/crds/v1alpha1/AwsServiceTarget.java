package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/**
 * Where the AWS service of an {@code AWS} Integration is reached and who signs the calls: an
 * endpoint override (an S3-compatible store in the cluster, or AWS itself) and the credentials
 * Secret the SigV4 signature is made with.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class AwsServiceTarget {
    @JsonPropertyDescription("Endpoint override, e.g. http://minio.storage.svc:9000; default: the service's AWS"
            + " regional endpoint. S3 is addressed path-style.")
    @Pattern("^https?://.*$")
    private String endpoint;

    @JsonPropertyDescription("Secret holding accessKeyId, secretAccessKey and optionally sessionToken; the calls"
            + " are signed with SigV4. Without it the calls are sent unsigned.")
    private String credentialsSecret;

    @JsonPropertyDescription("Region the signature is scoped to; default: the region of awsUri.")
    private String signingRegion;

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public String getCredentialsSecret() {
        return credentialsSecret;
    }

    public void setCredentialsSecret(String credentialsSecret) {
        this.credentialsSecret = credentialsSecret;
    }

    public String getSigningRegion() {
        return signingRegion;
    }

    public void setSigningRegion(String signingRegion) {
        this.signingRegion = signingRegion;
    }
}
