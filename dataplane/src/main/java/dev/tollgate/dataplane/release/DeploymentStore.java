package dev.tollgate.dataplane.release;

import dev.tollgate.compiler.NamespaceSnapshot;
import dev.tollgate.crds.v1alpha1.ApiDeployment;
import dev.tollgate.crds.v1alpha1.Stage;

/**
 * Where the release commands read and write one namespace's resources: a folder of YAML (local
 * mode reloads it) or a cluster (the operator reconciles it). Writes go where the user's source of
 * truth is; nothing else is written.
 */
public interface DeploymentStore extends AutoCloseable {
    /** The namespace worked on. */
    String namespace();

    /** Where the store is, for messages: the folder, or the cluster's server and namespace. */
    String describe();

    /**
     * The namespace as the store holds it now: at least its RestApis, Integrations, Stages and
     * ApiDeployments, and the Services and ReferenceGrants the store can read.
     */
    NamespaceSnapshot snapshot();

    /**
     * Creates an ApiDeployment.
     *
     * @throws IllegalStateException when one of that name exists
     */
    void create(ApiDeployment deployment);

    /** Writes the Stage's {@code spec.deployment}, {@code spec.canary} and {@code spec.variables}, nothing else. */
    void writeStage(Stage stage);

    /** Deletes an ApiDeployment. */
    void delete(ApiDeployment deployment);

    @Override
    void close();
}
