package dev.tollgate.controlapi.store;

import dev.tollgate.compiler.NamespaceSnapshot;
import dev.tollgate.compiler.SecretInfo;
import dev.tollgate.compiler.ServiceInfo;
import dev.tollgate.compiler.ServicePortInfo;
import dev.tollgate.crds.v1alpha1.ApiDeployment;
import dev.tollgate.crds.v1alpha1.ApiKey;
import dev.tollgate.crds.v1alpha1.DomainName;
import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.ReferenceGrant;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.crds.v1alpha1.UsagePlan;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The cluster's store: custom resources through the API server. Reads go to the API server each
 * time (a {@code kubectl apply} is seen at once); updates carry the resourceVersion read, so a
 * concurrent change is a ConflictException rather than a lost write. The control API never writes
 * status.
 */
public final class KubernetesStore implements ControlStore {
    private final KubernetesClient client;

    public KubernetesStore(KubernetesClient client) {
        this.client = client;
    }

    private static <T> T call(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw new StoreException.Conflict(what + ": it already exists or changed meanwhile; read it again");
            }
            if (e.getCode() == 404) {
                throw new StoreException.NotFound(what + ": not found");
            }
            if (e.getCode() == 403) {
                throw new StoreException.Forbidden(what + ": forbidden by the API server");
            }
            if (e.getCode() == 422 || e.getCode() == 400) {
                throw new StoreException(
                        what + ": the API server refused it: " + e.getStatus().getMessage(), e);
            }
            throw new StoreException(what + ": the API server cannot be reached (" + e.getCode() + ")", e);
        }
    }

    @Override
    public <T extends CustomResource<?, ?>> List<T> list(Class<T> kind, String namespace) {
        return call("list " + kind.getSimpleName(), () -> {
            List<T> items = new ArrayList<>(
                    client.resources(kind).inNamespace(namespace).list().getItems());
            items.sort(Comparator.comparing(r -> r.getMetadata().getName()));
            return items;
        });
    }

    @Override
    public <T extends CustomResource<?, ?>> Optional<T> get(Class<T> kind, String namespace, String name) {
        return call(
                kind.getSimpleName() + " " + name,
                () -> Optional.ofNullable(client.resources(kind)
                        .inNamespace(namespace)
                        .withName(name)
                        .get()));
    }

    @Override
    public <T extends CustomResource<?, ?>> T create(T resource) {
        String ns = resource.getMetadata().getNamespace();
        return call(
                resource.getKind() + " " + resource.getMetadata().getName(),
                () -> client.resource(resource).inNamespace(ns).create());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends CustomResource<?, ?>> T update(T resource) {
        String ns = resource.getMetadata().getNamespace();
        String name = resource.getMetadata().getName();
        Class<T> kind = (Class<T>) resource.getClass();
        return call(resource.getKind() + " " + name, () -> {
            T current = client.resources(kind).inNamespace(ns).withName(name).get();
            if (current == null) {
                throw new StoreException.NotFound(resource.getKind() + " " + name + " does not exist");
            }
            // Only what the control API owns: labels, annotations and spec; status stays the operator's.
            current.getMetadata().setLabels(resource.getMetadata().getLabels());
            current.getMetadata().setAnnotations(resource.getMetadata().getAnnotations());
            setSpec(current, resource.getSpec());
            return client.resource(current).inNamespace(ns).update();
        });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void setSpec(CustomResource target, Object spec) {
        target.setSpec(spec);
    }

    @Override
    public boolean delete(Class<? extends CustomResource<?, ?>> kind, String namespace, String name) {
        return call(kind.getSimpleName() + " " + name, () -> !client.resources(kind)
                .inNamespace(namespace)
                .withName(name)
                .delete()
                .isEmpty());
    }

    @Override
    public Optional<SortedMap<String, byte[]>> secret(String namespace, String name) {
        return call("Secret " + name, () -> Optional.ofNullable(
                        client.secrets().inNamespace(namespace).withName(name).get())
                .map(KubernetesStore::data));
    }

    private static SortedMap<String, byte[]> data(Secret s) {
        SortedMap<String, byte[]> out = new TreeMap<>();
        if (s.getData() != null) {
            s.getData().forEach((k, v) -> out.put(k, Base64.getMimeDecoder().decode(v)));
        }
        if (s.getStringData() != null) {
            s.getStringData().forEach((k, v) -> out.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    @Override
    public void putSecret(
            String namespace, String name, String type, Map<String, String> data, Map<String, String> labels) {
        Map<String, String> encoded = new TreeMap<>();
        data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels == null || labels.isEmpty() ? null : new TreeMap<>(labels))
                .endMetadata()
                .withType(type == null ? "Opaque" : type)
                .withData(encoded)
                .build();
        call(
                "Secret " + name,
                () -> client.resource(secret).inNamespace(namespace).createOr(op -> op.update()));
    }

    @Override
    public boolean deleteSecret(String namespace, String name) {
        return call("Secret " + name, () -> !client.secrets()
                .inNamespace(namespace)
                .withName(name)
                .delete()
                .isEmpty());
    }

    @Override
    public NamespaceSnapshot snapshot(String namespace) {
        List<ServiceInfo> services = new ArrayList<>();
        for (Service s : call(
                "list Services",
                () -> client.services().inNamespace(namespace).list().getItems())) {
            List<ServicePortInfo> ports = new ArrayList<>();
            if (s.getSpec() != null && s.getSpec().getPorts() != null) {
                s.getSpec().getPorts().forEach(p -> ports.add(new ServicePortInfo(p.getName(), p.getPort())));
            }
            services.add(new ServiceInfo(namespace, s.getMetadata().getName(), ports, true));
        }
        List<SecretInfo> secrets = new ArrayList<>();
        for (Secret s : call(
                "list Secrets",
                () -> client.secrets().inNamespace(namespace).list().getItems())) {
            secrets.add(new SecretInfo(namespace, s.getMetadata().getName(), s.getType(), data(s)));
        }
        return NamespaceSnapshot.empty(namespace)
                .withRestApis(list(RestApi.class, namespace))
                .withIntegrations(list(Integration.class, namespace))
                .withStages(list(Stage.class, namespace))
                .withUsagePlans(list(UsagePlan.class, namespace))
                .withApiKeys(list(ApiKey.class, namespace))
                .withDomainNames(list(DomainName.class, namespace))
                .withGateways(list(Gateway.class, namespace))
                .withReferenceGrants(list(ReferenceGrant.class, namespace))
                .withApiDeployments(list(ApiDeployment.class, namespace))
                .withServices(services)
                .withSecrets(secrets);
    }
}
