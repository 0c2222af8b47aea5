package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** A resource policy: who may invoke the API. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ResourcePolicy {
    @JsonPropertyDescription("Policy statements; an explicit Deny wins.")
    @Required
    private List<PolicyStatement> statements;

    public List<PolicyStatement> getStatements() {
        return statements;
    }

    public void setStatements(List<PolicyStatement> statements) {
        this.statements = statements;
    }
}
