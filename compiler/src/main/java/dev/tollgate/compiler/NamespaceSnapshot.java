package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.ApiDeployment;
import dev.tollgate.crds.v1alpha1.ApiKey;
import dev.tollgate.crds.v1alpha1.DomainName;
import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.ReferenceGrant;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.crds.v1alpha1.UsagePlan;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything the compiler needs about one namespace: its custom resources and the Services and
 * Secrets they refer to. The lists are copied; their order does not affect the compiled config.
 * {@code referenceGrants} are the ReferenceGrants of other namespaces that may admit this
 * namespace's references (their targets, e.g. Services, are in {@code services}). {@code
 * apiDeployments} are the ApiDeployments that exist; {@code deletedApiDeployments} are the last
 * copies the caller saw of ApiDeployments that no longer exist while a Stage still pins them: the
 * compiler serves them with a warning on the Stage, so deleting a deployment in use never takes a
 * stage down.
 *
 * <p>Start from {@link #empty} and change one list at a time with the {@code with…} methods: each
 * keeps every other field, so adding a field here never silently drops it in a caller.
 */
public record NamespaceSnapshot(
        String namespace,
        List<RestApi> restApis,
        List<Integration> integrations,
        List<Stage> stages,
        List<UsagePlan> usagePlans,
        List<ApiKey> apiKeys,
        List<DomainName> domainNames,
        List<Gateway> gateways,
        List<ServiceInfo> services,
        List<SecretInfo> secrets,
        List<ReferenceGrant> referenceGrants,
        List<ApiDeployment> apiDeployments,
        List<ApiDeployment> deletedApiDeployments) {

    public NamespaceSnapshot {
        Objects.requireNonNull(namespace, "namespace");
        restApis = copy(restApis);
        integrations = copy(integrations);
        stages = copy(stages);
        usagePlans = copy(usagePlans);
        apiKeys = copy(apiKeys);
        domainNames = copy(domainNames);
        gateways = copy(gateways);
        services = copy(services);
        secrets = SecretList.of(secrets);
        referenceGrants = copy(referenceGrants);
        apiDeployments = copy(apiDeployments);
        deletedApiDeployments = copy(deletedApiDeployments);
    }

    /** A snapshot of a namespace holding nothing. */
    public static NamespaceSnapshot empty(String namespace) {
        return new NamespaceSnapshot(namespace, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** This snapshot with other RestApis. */
    public NamespaceSnapshot withRestApis(List<RestApi> list) {
        return edit(p -> p.restApis = list);
    }

    /** This snapshot with other Integrations. */
    public NamespaceSnapshot withIntegrations(List<Integration> list) {
        return edit(p -> p.integrations = list);
    }

    /** This snapshot with other Stages. */
    public NamespaceSnapshot withStages(List<Stage> list) {
        return edit(p -> p.stages = list);
    }

    /** This snapshot with other UsagePlans. */
    public NamespaceSnapshot withUsagePlans(List<UsagePlan> list) {
        return edit(p -> p.usagePlans = list);
    }

    /** This snapshot with other ApiKeys. */
    public NamespaceSnapshot withApiKeys(List<ApiKey> list) {
        return edit(p -> p.apiKeys = list);
    }

    /** This snapshot with other DomainNames. */
    public NamespaceSnapshot withDomainNames(List<DomainName> list) {
        return edit(p -> p.domainNames = list);
    }

    /** This snapshot with other Gateways. */
    public NamespaceSnapshot withGateways(List<Gateway> list) {
        return edit(p -> p.gateways = list);
    }

    /** This snapshot with other Services (of this namespace and of the namespaces that grant it). */
    public NamespaceSnapshot withServices(List<ServiceInfo> list) {
        return edit(p -> p.services = list);
    }

    /** This snapshot with other Secrets. */
    public NamespaceSnapshot withSecrets(List<SecretInfo> list) {
        return edit(p -> p.secrets = list);
    }

    /** This snapshot with other ReferenceGrants (of the namespaces that may admit this one). */
    public NamespaceSnapshot withReferenceGrants(List<ReferenceGrant> list) {
        return edit(p -> p.referenceGrants = list);
    }

    /** This snapshot with other ApiDeployments. */
    public NamespaceSnapshot withApiDeployments(List<ApiDeployment> list) {
        return edit(p -> p.apiDeployments = list);
    }

    /**
     * This snapshot with other last copies of deleted ApiDeployments (the caller keeps them while a
     * Stage pins them).
     */
    public NamespaceSnapshot withDeletedApiDeployments(List<ApiDeployment> list) {
        return edit(p -> p.deletedApiDeployments = list);
    }

    /**
     * Whether a ReferenceGrant in {@code targetNamespace} lets a {@code fromKind} of this namespace
     * refer to the {@code toKind} named {@code toName} there.
     */
    public boolean grants(String fromKind, String targetNamespace, String toKind, String toName) {
        return referenceGrants.stream()
                .filter(g -> targetNamespace.equals(g.getMetadata().getNamespace()) && g.getSpec() != null)
                .filter(g -> g.getSpec().getFrom() != null && g.getSpec().getTo() != null)
                .anyMatch(g -> g.getSpec().getFrom().stream()
                                .anyMatch(f -> fromKind.equals(f.getKind()) && namespace.equals(f.getNamespace()))
                        && g.getSpec().getTo().stream()
                                .anyMatch(t -> toKind.equals(t.getKind())
                                        && (t.getName() == null
                                                || t.getName().isEmpty()
                                                || toName.equals(t.getName()))));
    }

    /** The Secret of this namespace named {@code name}, if the snapshot holds it. */
    public Optional<SecretInfo> secret(String name) {
        return Optional.ofNullable(((SecretList) secrets).find(namespace, name));
    }

    private NamespaceSnapshot edit(Consumer<Parts> change) {
        Parts parts = new Parts(this);
        change.accept(parts);
        return parts.snapshot();
    }

    /** A snapshot's parts while one is changed; the only place besides the record that lists them all. */
    private static final class Parts {
        final String namespace;
        List<RestApi> restApis;
        List<Integration> integrations;
        List<Stage> stages;
        List<UsagePlan> usagePlans;
        List<ApiKey> apiKeys;
        List<DomainName> domainNames;
        List<Gateway> gateways;
        List<ServiceInfo> services;
        List<SecretInfo> secrets;
        List<ReferenceGrant> referenceGrants;
        List<ApiDeployment> apiDeployments;
        List<ApiDeployment> deletedApiDeployments;

        Parts(NamespaceSnapshot s) {
            namespace = s.namespace;
            restApis = s.restApis;
            integrations = s.integrations;
            stages = s.stages;
            usagePlans = s.usagePlans;
            apiKeys = s.apiKeys;
            domainNames = s.domainNames;
            gateways = s.gateways;
            services = s.services;
            secrets = s.secrets;
            referenceGrants = s.referenceGrants;
            apiDeployments = s.apiDeployments;
            deletedApiDeployments = s.deletedApiDeployments;
        }

        NamespaceSnapshot snapshot() {
            return new NamespaceSnapshot(
                    namespace,
                    restApis,
                    integrations,
                    stages,
                    usagePlans,
                    apiKeys,
                    domainNames,
                    gateways,
                    services,
                    secrets,
                    referenceGrants,
                    apiDeployments,
                    deletedApiDeployments);
        }
    }

    private static <T> List<T> copy(List<T> in) {
        return in == null ? List.of() : List.copyOf(in);
    }
}
