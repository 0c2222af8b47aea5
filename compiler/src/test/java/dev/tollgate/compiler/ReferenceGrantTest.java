package dev.tollgate.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.compiler.load.LoadResult;
import dev.tollgate.compiler.testing.TestInputs;
import dev.tollgate.crds.v1alpha1.ReferenceGrant;
import dev.tollgate.crds.v1alpha1.ReferenceGrantFrom;
import dev.tollgate.crds.v1alpha1.ReferenceGrantSpec;
import dev.tollgate.crds.v1alpha1.ReferenceGrantTo;
import dev.tollgate.ir.HttpIntegrationConfig;
import dev.tollgate.ir.ServiceUpstreamConfig;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cross-namespace Service references: refused unless a ReferenceGrant in the target namespace admits them. */
class ReferenceGrantTest {
    static final String YAML = String.join(
            "\n",
            "apiVersion: apigateway.tollgate.dev/v1alpha1",
            "kind: Integration",
            "metadata: {name: billing, namespace: shop}",
            "spec:",
            "  type: HTTP_PROXY",
            "  service: {name: billing, namespace: finance, port: 80}",
            "---",
            "apiVersion: apigateway.tollgate.dev/v1alpha1",
            "kind: RestApi",
            "metadata: {name: api, namespace: shop}",
            "spec:",
            "  resources:",
            "    - path: /invoices",
            "      methods:",
            "        - httpMethod: GET",
            "          integration: {integrationRef: billing}",
            "---",
            "apiVersion: apigateway.tollgate.dev/v1alpha1",
            "kind: Stage",
            "metadata: {name: api-prod, namespace: shop}",
            "spec: {restApiRef: api, stageName: prod}",
            "");

    static NamespaceSnapshot snapshot(List<ReferenceGrant> grants) {
        return TestInputs.snapshot(YAML, "shop")
                .withServices(
                        List.of(new ServiceInfo("finance", "billing", List.of(new ServicePortInfo("http", 80)), true)))
                .withReferenceGrants(grants);
    }

    static ReferenceGrant grant(String namespace, String fromKind, String fromNamespace, String toName) {
        ReferenceGrant g = new ReferenceGrant();
        g.setMetadata(new ObjectMetaBuilder()
                .withName("allow")
                .withNamespace(namespace)
                .build());
        ReferenceGrantSpec spec = new ReferenceGrantSpec();
        ReferenceGrantFrom from = new ReferenceGrantFrom();
        from.setKind(fromKind);
        from.setNamespace(fromNamespace);
        ReferenceGrantTo to = new ReferenceGrantTo();
        to.setKind("Service");
        to.setName(toName);
        spec.setFrom(List.of(from));
        spec.setTo(List.of(to));
        g.setSpec(spec);
        return g;
    }

    static List<Finding> integrationErrors(CompileResult r) {
        return r.findingsFor(new ResourceRef("Integration", "shop", "billing")).stream()
                .filter(Finding::isError)
                .toList();
    }

    @Test
    void crossNamespaceServiceWithoutGrantIsRefusedNamingTheField() {
        CompileResult r = new Compiler().compile(snapshot(List.of()));
        assertThat(integrationErrors(r)).singleElement().satisfies(f -> {
            assertThat(f.field()).isEqualTo("spec.service.namespace");
            assertThat(f.reason()).isEqualTo(Reason.REF_NOT_PERMITTED);
            assertThat(f.message()).contains("finance").contains("ReferenceGrant");
        });
    }

    @Test
    void grantInTheTargetNamespaceAdmitsTheReference() {
        CompileResult r = new Compiler().compile(snapshot(List.of(grant("finance", "Integration", "shop", null))));
        assertThat(integrationErrors(r)).isEmpty();
        var route = r.config().apis().get(0).stages().get(0).routes().get(0);
        assertThat(((HttpIntegrationConfig) route.integration()).upstream())
                .isEqualTo(new ServiceUpstreamConfig("http", "finance", "billing", 80, "http"));
    }

    @Test
    void grantForAnotherNamespaceKindOrNameAdmitsNothing() {
        for (ReferenceGrant g : List.of(
                grant("shop", "Integration", "shop", null), // in the referrer's namespace, not the target's
                grant("finance", "Integration", "elsewhere", null),
                grant("finance", "RestApi", "shop", null),
                grant("finance", "Integration", "shop", "payroll"))) {
            assertThat(integrationErrors(new Compiler().compile(snapshot(List.of(g)))))
                    .hasSize(1);
        }
    }

    @Test
    void loaderHandsGrantsAndGrantedServicesToTheAdmittedNamespace() {
        String grant = String.join(
                "\n",
                "---",
                "apiVersion: v1",
                "kind: Service",
                "metadata: {name: billing, namespace: finance}",
                "spec: {ports: [{name: http, port: 80}]}",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: ReferenceGrant",
                "metadata: {name: shop-in, namespace: finance}",
                "spec:",
                "  from: [{kind: Integration, namespace: shop}]",
                "  to: [{kind: Service}]",
                "");
        LoadResult loaded = TestInputs.load(YAML + grant);
        assertThat(loaded.findings()).noneMatch(Finding::isError);
        CompileResult r = new Compiler().compile(loaded.snapshots().get("shop"));
        assertThat(integrationErrors(r)).isEmpty();
    }

    @Test
    void urlHostNamingAnotherNamespacesServiceNeedsTheSameGrant() {
        NamespaceSnapshot ungranted = snapshot(List.of());
        for (String host : List.of(
                "billing.finance",
                "billing.finance.svc",
                "billing.finance.svc.cluster.local",
                "BILLING.finance.svc.cluster.local",
                "billing.finance.svc.corp.internal")) {
            assertThat(IntegrationCompiler.crossNamespaceHost(ungranted, host))
                    .as(host)
                    .contains("namespace finance")
                    .contains("ReferenceGrant");
        }
        NamespaceSnapshot granted = snapshot(List.of(grant("finance", "Integration", "shop", "billing")));
        assertThat(IntegrationCompiler.crossNamespaceHost(granted, "billing.finance.svc.cluster.local"))
                .isNull();
        assertThat(IntegrationCompiler.crossNamespaceHost(granted, "payroll.finance.svc.cluster.local"))
                .isNotNull();
        for (String host : List.of(
                "orders.shop.svc.cluster.local", "orders.shop", "pets.example.com", "backend.local", "127.0.0.1")) {
            assertThat(IntegrationCompiler.crossNamespaceHost(ungranted, host))
                    .as(host)
                    .isNull();
        }
    }
}
