package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.ApiKey;
import dev.tollgate.crds.v1alpha1.DomainName;
import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.crds.v1alpha1.UsagePlan;
import java.util.List;
import java.util.Objects;

/**
 * Everything the compiler needs about one namespace: its custom resources and the Services and
 * Secrets they refer to. The lists are copied; their order does not affect the compiled config.
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
        List<SecretInfo> secrets) {

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
    }

    /** A snapshot of a namespace holding nothing. */
    public static NamespaceSnapshot empty(String namespace) {
        return new NamespaceSnapshot(namespace, null, null, null, null, null, null, null, null, null);
    }

    private static <T> List<T> copy(List<T> in) {
        return in == null ? List.of() : List.copyOf(in);
    }
}
