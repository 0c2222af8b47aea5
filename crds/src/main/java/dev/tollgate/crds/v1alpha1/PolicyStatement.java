package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** One statement of a resource policy. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class PolicyStatement {
    @JsonPropertyDescription("Statement id.")
    private String sid;

    @JsonPropertyDescription("Allow or Deny.")
    @Required
    private PolicyEffect effect;

    @JsonPropertyDescription("Who the statement is about; * for everyone.")
    private String principal;

    @JsonPropertyDescription("Actions, e.g. execute-api:Invoke.")
    private List<String> actions;

    @JsonPropertyDescription("Method ARNs or patterns like GET/pets/*.")
    private List<String> resources;

    @JsonPropertyDescription("Conditions that must hold.")
    private PolicyConditions conditions;

    public String getSid() {
        return sid;
    }

    public void setSid(String sid) {
        this.sid = sid;
    }

    public PolicyEffect getEffect() {
        return effect;
    }

    public void setEffect(PolicyEffect effect) {
        this.effect = effect;
    }

    public String getPrincipal() {
        return principal;
    }

    public void setPrincipal(String principal) {
        this.principal = principal;
    }

    public List<String> getActions() {
        return actions;
    }

    public void setActions(List<String> actions) {
        this.actions = actions;
    }

    public List<String> getResources() {
        return resources;
    }

    public void setResources(List<String> resources) {
        this.resources = resources;
    }

    public PolicyConditions getConditions() {
        return conditions;
    }

    public void setConditions(PolicyConditions conditions) {
        this.conditions = conditions;
    }
}
