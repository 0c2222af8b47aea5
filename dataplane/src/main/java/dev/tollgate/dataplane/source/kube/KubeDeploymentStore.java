package dev.tollgate.dataplane.source.kube;

import dev.tollgate.compiler.NamespaceSnapshot;
import dev.tollgate.compiler.ServiceInfo;
import dev.tollgate.compiler.ServicePortInfo;
import dev.tollgate.crds.v1alpha1.ApiDeployment;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.ReferenceGrant;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.dataplane.release.DeploymentStore;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The release commands' store in a cluster: resources are read and written through the API server
 * with the caller's credentials (a kubeconfig, or the pod's service account), so RBAC decides what
 * the caller may deploy. An ApiDeployment is created (the API server refuses any later change of
 * it); a Stage is changed with a patch of its {@code spec.deployment}, {@code spec.canary} and
 * {@code spec.variables}. The operator reads both and serves them.
 */
public final class KubeDeploymentStore implements DeploymentStore {
    private final KubernetesClient client;
    private final String namespace;
    private final boolean owned;

    /**
     * @param client the client (closed by {@link #close} only when {@code owned})
     * @param namespace the namespace worked on
     */
    KubeDeploymentStore(KubernetesClient client, String namespace, boolean owned) {
        this.client = client;
        this.namespace = namespace;
        this.owned = owned;
    }

    /** A store on a client the caller owns and closes. */
    public static KubeDeploymentStore of(KubernetesClient client, String namespace) {
        return new KubeDeploymentStore(
                client, namespace != null ? namespace : defaultNamespace(client.getNamespace()), false);
    }

    /**
     * A store on a client of its own: from the kubeconfig file when given, else as a pod or kubectl
     * finds the cluster (service account, {@code KUBECONFIG}, {@code ~/.kube/config}). The namespace
     * is {@code namespace}, else the context's, else {@code default}.
     */
    public static KubeDeploymentStore connect(Path kubeconfig, String namespace) {
        KubernetesClient client;
        if (kubeconfig != null) {
            try {
                Config config = Config.fromKubeconfig(Files.readString(kubeconfig, StandardCharsets.UTF_8));
                client = new KubernetesClientBuilder().withConfig(config).build();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + kubeconfig, e);
            }
        } else {
            client = new KubernetesClientBuilder().build();
        }
        return new KubeDeploymentStore(
                client, namespace != null ? namespace : defaultNamespace(client.getNamespace()), true);
    }

    private static String defaultNamespace(String context) {
        return context == null || context.isEmpty() ? "default" : context;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public String describe() {
        return client.getMasterUrl() + " (namespace " + namespace + ")";
    }

    @Override
    public NamespaceSnapshot snapshot() {
        return NamespaceSnapshot.empty(namespace)
                .withRestApis(client.resources(RestApi.class)
                        .inNamespace(namespace)
                        .list()
                        .getItems())
                .withIntegrations(client.resources(Integration.class)
                        .inNamespace(namespace)
                        .list()
                        .getItems())
                .withStages(client.resources(Stage.class)
                        .inNamespace(namespace)
                        .list()
                        .getItems())
                .withApiDeployments(client.resources(ApiDeployment.class)
                        .inNamespace(namespace)
                        .list()
                        .getItems())
                .withServices(services())
                .withReferenceGrants(grants());
    }

    // Services and grants help the check before a deploy; a caller who may not read them still deploys.
    private List<ServiceInfo> services() {
        try {
            List<ServiceInfo> out = new ArrayList<>();
            for (Service s : client.services().inNamespace(namespace).list().getItems()) {
                List<ServicePortInfo> ports = new ArrayList<>();
                if (s.getSpec() != null && s.getSpec().getPorts() != null) {
                    s.getSpec().getPorts().forEach(p -> ports.add(new ServicePortInfo(p.getName(), p.getPort())));
                }
                out.add(new ServiceInfo(namespace, s.getMetadata().getName(), ports, true));
            }
            return out;
        } catch (KubernetesClientException e) {
            return List.of();
        }
    }

    private List<ReferenceGrant> grants() {
        try {
            return client.resources(ReferenceGrant.class).inAnyNamespace().list().getItems().stream()
                    .filter(g -> g.getSpec() != null && g.getSpec().getFrom() != null)
                    .filter(g -> g.getSpec().getFrom().stream().anyMatch(f -> namespace.equals(f.getNamespace())))
                    .toList();
        } catch (KubernetesClientException e) {
            return List.of();
        }
    }

    @Override
    public void create(ApiDeployment deployment) {
        try {
            client.resources(ApiDeployment.class)
                    .inNamespace(namespace)
                    .resource(deployment)
                    .create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw new IllegalStateException(
                        "ApiDeployment " + deployment.getMetadata().getName() + " exists", e);
            }
            throw e;
        }
    }

    @Override
    public void writeStage(Stage stage) {
        client.resources(Stage.class)
                .inNamespace(namespace)
                .withName(stage.getMetadata().getName())
                .edit(current -> {
                    current.getSpec().setDeployment(stage.getSpec().getDeployment());
                    current.getSpec().setCanary(stage.getSpec().getCanary());
                    current.getSpec().setVariables(stage.getSpec().getVariables());
                    return current;
                });
    }

    @Override
    public void delete(ApiDeployment deployment) {
        client.resources(ApiDeployment.class)
                .inNamespace(namespace)
                .withName(deployment.getMetadata().getName())
                .delete();
    }

    @Override
    public void close() {
        if (owned) {
            client.close();
        }
    }
}
