package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Serves one stage of one API under a base path of the domain. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class BasePathMapping {
    @JsonPropertyDescription("Base path; empty or (none) maps the root.")
    @Pattern("^(\\(none\\)|" + Grammar.BASE_PATH + ")?$")
    private String basePath;

    @JsonPropertyDescription("Name of the RestApi.")
    @Required
    private String restApiRef;

    @JsonPropertyDescription("Stage name.")
    @Required
    private String stage;

    public String getBasePath() {
        return basePath;
    }

    public void setBasePath(String basePath) {
        this.basePath = basePath;
    }

    public String getRestApiRef() {
        return restApiRef;
    }

    public void setRestApiRef(String restApiRef) {
        this.restApiRef = restApiRef;
    }

    public String getStage() {
        return stage;
    }

    public void setStage(String stage) {
        this.stage = stage;
    }
}
