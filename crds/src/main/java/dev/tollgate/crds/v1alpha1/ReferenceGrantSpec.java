package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Who may refer to what in this namespace: every (from, to) pair is allowed. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ReferenceGrantSpec {
    @JsonPropertyDescription("The referring resources: a kind in a namespace.")
    @Required
    @Size(min = 1)
    private List<ReferenceGrantFrom> from;

    @JsonPropertyDescription("The objects of this namespace they may refer to.")
    @Required
    @Size(min = 1)
    private List<ReferenceGrantTo> to;

    public List<ReferenceGrantFrom> getFrom() {
        return from;
    }

    public void setFrom(List<ReferenceGrantFrom> from) {
        this.from = from;
    }

    public List<ReferenceGrantTo> getTo() {
        return to;
    }

    public void setTo(List<ReferenceGrantTo> to) {
        this.to = to;
    }
}
