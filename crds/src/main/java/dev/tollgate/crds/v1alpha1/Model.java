package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** A model: a JSON schema for request or response bodies. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Model {
    @JsonPropertyDescription("Name methods use in requestModels.")
    @Required
    @Pattern("^" + Grammar.MODEL_NAME + "$")
    private String name;

    @JsonPropertyDescription("Content type the model describes.")
    private String contentType;

    @JsonPropertyDescription("The JSON schema (draft 4, as AWS).")
    @PreserveUnknownFields
    // A free-form object: without this the generator types every value as an object, and the API
    // server would refuse {"type": "string"}.
    @SchemaFrom(type = Object.class)
    private Map<String, Object> schema;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getContentType() {
        return contentType;
    }

    public void setContentType(String contentType) {
        this.contentType = contentType;
    }

    public Map<String, Object> getSchema() {
        return schema;
    }

    public void setSchema(Map<String, Object> schema) {
        this.schema = schema;
    }
}
