package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A Redis master found through Sentinel. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class RedisSentinel {
    @JsonPropertyDescription("Name of the monitored master (sentinel monitor <name> ...).")
    @Required
    private String masterName;

    @JsonPropertyDescription("Sentinels to ask for the master: redis://host[:port] (port 26379 by default), or"
            + " rediss:// when the sentinels and the Redis servers speak TLS. All share one scheme.")
    @Required
    @Size(min = 1)
    private List<String> nodes;

    @JsonPropertyDescription("Database number on the master.")
    @Min(0)
    @Max(15)
    private Integer database;

    @JsonPropertyDescription("Secret key holding the sentinels' own password (their requirepass), when they"
            + " ask for one; the Redis servers use spec.redis.passwordSecretRef.")
    private SecretKeyRef passwordSecretRef;

    public String getMasterName() {
        return masterName;
    }

    public void setMasterName(String masterName) {
        this.masterName = masterName;
    }

    public List<String> getNodes() {
        return nodes;
    }

    public void setNodes(List<String> nodes) {
        this.nodes = nodes;
    }

    public Integer getDatabase() {
        return database;
    }

    public void setDatabase(Integer database) {
        this.database = database;
    }

    public SecretKeyRef getPasswordSecretRef() {
        return passwordSecretRef;
    }

    public void setPasswordSecretRef(SecretKeyRef passwordSecretRef) {
        this.passwordSecretRef = passwordSecretRef;
    }
}
