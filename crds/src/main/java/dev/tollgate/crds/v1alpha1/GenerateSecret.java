package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * A Secret the operator generates the API key value into: once, with a random value of AWS's length
 * (40 letters and digits) under {@link #SECRET_KEY}; an existing Secret is never overwritten.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class GenerateSecret {
    /** The Secret's key that holds the value. */
    public static final String SECRET_KEY = "apiKey";

    @JsonPropertyDescription("Name of the Secret to create (key apiKey); an existing one is used as is.")
    @Required
    private String name;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
