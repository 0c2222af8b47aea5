package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A Redis Cluster. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class RedisCluster {
    @JsonPropertyDescription("Seed nodes the cluster's topology is read from: redis://host[:port], or rediss://"
            + " for TLS. All share one scheme; the other nodes are discovered.")
    @Required
    @Size(min = 1)
    private List<String> nodes;

    public List<String> getNodes() {
        return nodes;
    }

    public void setNodes(List<String> nodes) {
        this.nodes = nodes;
    }
}
