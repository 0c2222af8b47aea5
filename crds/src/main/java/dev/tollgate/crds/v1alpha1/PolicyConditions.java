package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Conditions under which a policy statement applies. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class PolicyConditions {
    @JsonPropertyDescription("Client address ranges (CIDR) the statement applies to.")
    private List<String> sourceIps;

    @JsonPropertyDescription("Namespaces of in-cluster callers the statement applies to.")
    private List<String> sourceNamespaces;

    public List<String> getSourceIps() {
        return sourceIps;
    }

    public void setSourceIps(List<String> sourceIps) {
        this.sourceIps = sourceIps;
    }

    public List<String> getSourceNamespaces() {
        return sourceNamespaces;
    }

    public void setSourceNamespaces(List<String> sourceNamespaces) {
        this.sourceNamespaces = sourceNamespaces;
    }
}
