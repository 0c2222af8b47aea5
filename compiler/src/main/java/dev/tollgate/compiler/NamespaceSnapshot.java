package dev.tollgate.compiler;

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

/**
 * Everything the compiler needs about one namespace: its custom resources and the Services and
 * Secrets they refer to. The lists are copied; their order does not affect the compiled config.
 * {@code referenceGrants} are the ReferenceGrants of other namespaces that may admit this
 * namespace's references (their targets, e.g. Services, are in {@code services}).
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
        List<ReferenceGrant> referenceGrants) {

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
        secrets = copy(secrets);
        referenceGrants = copy(referenceGrants);
    }

    /** A snapshot without ReferenceGrants: every reference stays in the namespace. */
    public NamespaceSnapshot(
            String namespace,
            List<RestApi> restApis,
            List<Integration> integrations,
            List<Stage> stages,
            List<UsagePlan> usagePlans,
            List<ApiKey> apiKeys,
            List<DomainName> domainNames,
            List<Gateway> gateways,
            List<ServiceInfo> services,
            List<SecretInfo> secrets) {
        this(
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
                null);
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

    /** A snapshot of a namespace holding nothing. */
    public static NamespaceSnapshot empty(String namespace) {
        return new NamespaceSnapshot(namespace, null, null, null, null, null, null, null, null, null);
    }

    private static <T> List<T> copy(List<T> in) {
        return in == null ? List.of() : List.copyOf(in);
    }
}
