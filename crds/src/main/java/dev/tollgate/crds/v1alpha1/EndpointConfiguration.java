package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** AWS endpoint configuration; kept for import fidelity. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class EndpointConfiguration {
    @JsonPropertyDescription("Endpoint types.")
    private List<EndpointType> types;

    @JsonPropertyDescription("VPC endpoint ids of a private API.")
    private List<String> vpcEndpointIds;

    public List<EndpointType> getTypes() {
        return types;
    }

    public void setTypes(List<EndpointType> types) {
        this.types = types;
    }

    public List<String> getVpcEndpointIds() {
        return vpcEndpointIds;
    }

    public void setVpcEndpointIds(List<String> vpcEndpointIds) {
        this.vpcEndpointIds = vpcEndpointIds;
    }
}
