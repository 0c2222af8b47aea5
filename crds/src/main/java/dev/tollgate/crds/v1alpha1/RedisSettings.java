package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Redis shared by the replicas for throttles, quotas and the cache: one server ({@code url}), a
 * Sentinel-managed master ({@code sentinel}) or a Redis Cluster ({@code cluster}), with AUTH or an
 * ACL user and TLS. Credentials live in Secrets, never in the URL.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
        value = "(has(self.url) ? 1 : 0) + (has(self.sentinel) ? 1 : 0) + (has(self.cluster) ? 1 : 0) == 1",
        message = "exactly one of url, sentinel or cluster must be set")
public class RedisSettings {
    @JsonPropertyDescription("One Redis server: redis://host[:port][/db], or rediss:// for TLS. No credentials in"
            + " the URL: use username and passwordSecretRef. Exactly one of url, sentinel or cluster.")
    @Pattern("^rediss?://.+$")
    private String url;

    @JsonPropertyDescription("A master found through Redis Sentinel; a failover is followed without a restart."
            + " Exactly one of url, sentinel or cluster.")
    private RedisSentinel sentinel;

    @JsonPropertyDescription("A Redis Cluster; keys are hash-tagged so each limit's script stays on one slot, and"
            + " MOVED/ASK redirections are followed. Exactly one of url, sentinel or cluster.")
    private RedisCluster cluster;

    @JsonPropertyDescription("ACL user the gateway authenticates as (AUTH username password); needs"
            + " passwordSecretRef. Without it the password authenticates the default user (requirepass).")
    private String username;

    @JsonPropertyDescription("Secret key holding the password sent with AUTH. The data plane reads it from the Secret"
            + " (it never appears in the compiled config) and reconnects when the Secret changes. Refused"
            + " credentials are an error in the Gateway's status and make the data plane not ready.")
    private SecretKeyRef passwordSecretRef;

    @JsonPropertyDescription("TLS settings for rediss:// URLs: the CA bundle the server certificate is verified"
            + " against and an optional client certificate. Host names are always verified.")
    private RedisTls tls;

    @JsonPropertyDescription("What throttles and quotas do while Redis is unreachable: FAIL_OPEN (default) lets"
            + " requests through unlimited, FAIL_CLOSED answers 503. Refused credentials or certificates are a"
            + " configuration error, not an outage: limited methods then answer 500 in either mode.")
    private FailureMode failureMode;

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public RedisSentinel getSentinel() {
        return sentinel;
    }

    public void setSentinel(RedisSentinel sentinel) {
        this.sentinel = sentinel;
    }

    public RedisCluster getCluster() {
        return cluster;
    }

    public void setCluster(RedisCluster cluster) {
        this.cluster = cluster;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public SecretKeyRef getPasswordSecretRef() {
        return passwordSecretRef;
    }

    public void setPasswordSecretRef(SecretKeyRef passwordSecretRef) {
        this.passwordSecretRef = passwordSecretRef;
    }

    public RedisTls getTls() {
        return tls;
    }

    public void setTls(RedisTls tls) {
        this.tls = tls;
    }

    public FailureMode getFailureMode() {
        return failureMode;
    }

    public void setFailureMode(FailureMode failureMode) {
        this.failureMode = failureMode;
    }
}
