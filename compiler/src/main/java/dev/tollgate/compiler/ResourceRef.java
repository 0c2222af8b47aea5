package dev.tollgate.compiler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/**
 * Names the resource a finding is about.
 *
 * @param kind the kind, e.g. {@code RestApi}
 * @param namespace its namespace
 * @param name its name
 */
public record ResourceRef(String kind, String namespace, String name) {
    public ResourceRef {
        Objects.requireNonNull(kind, "kind");
        namespace = namespace == null ? "" : namespace;
        name = name == null ? "" : name;
    }

    /** The reference to a custom resource. */
    static ResourceRef of(HasMetadata resource) {
        return new ResourceRef(
                resource.getKind(),
                resource.getMetadata().getNamespace(),
                resource.getMetadata().getName());
    }

    @Override
    public String toString() {
        return namespace.isEmpty() ? kind + "/" + name : namespace + "/" + kind + "/" + name;
    }
}
