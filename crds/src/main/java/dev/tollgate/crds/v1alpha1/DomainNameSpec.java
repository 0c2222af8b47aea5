package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** Desired state of a DomainName: a custom host and its mappings. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class DomainNameSpec {
    @JsonPropertyDescription("Host name; *.example.com allowed.")
    @Required
    @Pattern("^" + Grammar.WILDCARD_DNS_NAME + "$")
    private String domainName;

    @JsonPropertyDescription("Certificate.")
    private DomainTls tls;

    @JsonPropertyDescription("Client certificate verification.")
    private MutualTls mutualTls;

    @JsonPropertyDescription("AWS endpoint type; kept for import fidelity.")
    private EndpointType endpointType;

    @JsonPropertyDescription("Base path mappings.")
    private List<BasePathMapping> basePathMappings;

    public String getDomainName() {
        return domainName;
    }

    public void setDomainName(String domainName) {
        this.domainName = domainName;
    }

    public DomainTls getTls() {
        return tls;
    }

    public void setTls(DomainTls tls) {
        this.tls = tls;
    }

    public MutualTls getMutualTls() {
        return mutualTls;
    }

    public void setMutualTls(MutualTls mutualTls) {
        this.mutualTls = mutualTls;
    }

    public EndpointType getEndpointType() {
        return endpointType;
    }

    public void setEndpointType(EndpointType endpointType) {
        this.endpointType = endpointType;
    }

    public List<BasePathMapping> getBasePathMappings() {
        return basePathMappings;
    }

    public void setBasePathMappings(List<BasePathMapping> basePathMappings) {
        this.basePathMappings = basePathMappings;
    }
}
