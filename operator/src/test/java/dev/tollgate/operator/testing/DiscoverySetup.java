package dev.tollgate.operator.testing;

import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The CRDs plus the discovery documents the CRUD mock server does not serve ({@code /api}, {@code
 * /apis} and one per group version), built from the CRDs stored in the server, so the real kubectl
 * can find the kinds.
 */
public class DiscoverySetup implements Consumer<KubernetesServer> {
    static final List<String> VERBS = List.of("create", "delete", "get", "list", "patch", "update", "watch");

    @Override
    public void accept(KubernetesServer server) {
        new CrdSetup().accept(server);
        serve(server, "/api", new APIVersionsBuilder().withVersions("v1").build());
        serve(
                server,
                "/api/v1",
                new APIResourceListBuilder()
                        .withGroupVersion("v1")
                        .withResources(
                                core("configmaps", "ConfigMap", true),
                                core("secrets", "Secret", true),
                                core("services", "Service", true),
                                core("events", "Event", true),
                                core("namespaces", "Namespace", false))
                        .build());
        serve(
                server,
                "/apis/apiextensions.k8s.io/v1",
                new APIResourceListBuilder()
                        .withGroupVersion("apiextensions.k8s.io/v1")
                        .withResources(new APIResourceBuilder()
                                .withName("customresourcedefinitions")
                                .withSingularName("customresourcedefinition")
                                .withKind("CustomResourceDefinition")
                                .withNamespaced(false)
                                .withShortNames("crd", "crds")
                                .withVerbs(VERBS)
                                .build())
                        .build());

        Map<String, List<APIResource>> byGroupVersion = new TreeMap<>();
        for (CustomResourceDefinition crd : server.getClient()
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .list()
                .getItems()) {
            var names = crd.getSpec().getNames();
            for (CustomResourceDefinitionVersion v : crd.getSpec().getVersions()) {
                List<APIResource> list = byGroupVersion.computeIfAbsent(
                        crd.getSpec().getGroup() + "/" + v.getName(), k -> new ArrayList<>());
                boolean namespaced = "Namespaced".equals(crd.getSpec().getScope());
                list.add(new APIResourceBuilder()
                        .withName(names.getPlural())
                        .withSingularName(names.getSingular())
                        .withKind(names.getKind())
                        .withNamespaced(namespaced)
                        .withShortNames(names.getShortNames())
                        .withCategories(names.getCategories())
                        .withVerbs(VERBS)
                        .build());
                if (v.getSubresources() != null && v.getSubresources().getStatus() != null) {
                    list.add(new APIResourceBuilder()
                            .withName(names.getPlural() + "/status")
                            .withSingularName("")
                            .withKind(names.getKind())
                            .withNamespaced(namespaced)
                            .withVerbs("get", "patch", "update")
                            .build());
                }
            }
        }
        var groups = new APIGroupListBuilder()
                .addToGroups(new APIGroupBuilder()
                        .withName("apiextensions.k8s.io")
                        .withVersions(new GroupVersionForDiscoveryBuilder()
                                .withGroupVersion("apiextensions.k8s.io/v1")
                                .withVersion("v1")
                                .build())
                        .withPreferredVersion(new GroupVersionForDiscoveryBuilder()
                                .withGroupVersion("apiextensions.k8s.io/v1")
                                .withVersion("v1")
                                .build())
                        .build());
        byGroupVersion.forEach((gv, resources) -> {
            String group = gv.substring(0, gv.indexOf('/'));
            String version = gv.substring(gv.indexOf('/') + 1);
            var discovery = new GroupVersionForDiscoveryBuilder()
                    .withGroupVersion(gv)
                    .withVersion(version)
                    .build();
            groups.addToGroups(new APIGroupBuilder()
                    .withName(group)
                    .withVersions(discovery)
                    .withPreferredVersion(discovery)
                    .build());
            serve(
                    server,
                    "/apis/" + gv,
                    new APIResourceListBuilder()
                            .withGroupVersion(gv)
                            .withResources(resources)
                            .build());
        });
        serve(server, "/apis", groups.build());
    }

    private static APIResource core(String plural, String kind, boolean namespaced) {
        return new APIResourceBuilder()
                .withName(plural)
                .withSingularName(kind.toLowerCase())
                .withKind(kind)
                .withNamespaced(namespaced)
                .withVerbs(VERBS)
                .build();
    }

    /** kubectl asks with and without its timeout parameter. */
    private static void serve(KubernetesServer server, String path, Object body) {
        server.expect().get().withPath(path).andReturn(200, body).always();
        server.expect()
                .get()
                .withPath(path + "?timeout=32s")
                .andReturn(200, body)
                .always();
    }
}
