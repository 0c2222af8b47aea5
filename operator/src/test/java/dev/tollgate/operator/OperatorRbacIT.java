package dev.tollgate.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tollgate.crds.v1alpha1.Crds;
import dev.tollgate.crds.v1alpha1.DomainName;
import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.operator.dependents.DataPlaneNames;
import dev.tollgate.operator.status.StatusAggregator;
import dev.tollgate.operator.testing.CrdSetup;
import dev.tollgate.operator.testing.Fixtures;
import dev.tollgate.operator.testing.Repo;
import dev.tollgate.operator.testing.TestClients;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The operator's ClusterRole (helm/tollgate/templates/clusterrole.yaml) grants exactly what the
 * operator calls: every request the operator sends to the mock API server during a scenario that
 * exercises its paths is mapped to (group, resource, verb) and must be granted; every grant must be
 * used, or be listed below with the reason it is not exercised here.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = CrdSetup.class)
class OperatorRbacIT {
    static final String NS = "rbac";

    /** Why the operator holds verbs it never calls itself. */
    static final String HELD_TO_GRANT = "granted to each data plane Role; RBAC lets a subject grant only what it holds";

    /** Grants the scenario does not exercise, each with why the operator needs it. */
    static final Map<String, String> NOT_EXERCISED = new TreeMap<>(Map.of(
            "/configmaps:get",
            HELD_TO_GRANT,
            "/configmaps:patch",
            HELD_TO_GRANT,
            "/secrets:get",
            HELD_TO_GRANT,
            "discovery.k8s.io/endpointslices:list",
            HELD_TO_GRANT,
            "discovery.k8s.io/endpointslices:watch",
            HELD_TO_GRANT,
            "rbac.authorization.k8s.io/clusterrolebindings:update",
            "a hand-edited review binding is written back (TenancyIT)",
            "rbac.authorization.k8s.io/clusterroles:bind",
            "lets the operator bind the data planes' review role without holding its rights; only a real"
                    + " API server checks it"));

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient operatorClient;

    @Test
    void clusterRoleGrantsExactlyWhatTheOperatorCalls() throws Exception {
        KubernetesClient client = TestClients.user(operatorClient);
        // Every request since the mock server started counts: the operator's start-up (informers,
        // leader election) and its work for earlier test classes too.
        Fixtures.apply(client, "team.yaml", NS);
        Fixtures.apply(client, "broken-api.yaml", NS);
        Fixtures.apply(client, "rbac-extra.yaml", NS);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.configMaps()
                                .inNamespace(NS)
                                .withName(DataPlaneNames.statusConfigMap("gateway"))
                                .get()
                        != null);
        // Gateway spec change: Deployment, Service and PDB are rewritten.
        client.resources(Gateway.class)
                .inNamespace(NS)
                .withName("gateway")
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"replicas\":3,\"podDisruptionBudget\":{\"minAvailable\":2},\"service\":{\"annotations\":{\"a\":\"b\"}}}}");
        // TLS material change: the Gateway's Secret is rewritten. Only once it exists with the first
        // certificate: a rotation before the operator made it would be a create, never an update.
        String first = Base64.getEncoder().encodeToString("not-a-real-certificate".getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var copy = client.secrets()
                    .inNamespace(NS)
                    .withName(DataPlaneNames.secret("gateway"))
                    .get();
            return copy != null && first.equals(copy.getData().get("shop-tls.tls.crt"));
        });
        // AWS_IAM routes: the data plane may review tokens.
        String binding = DataPlaneNames.reviewsBinding(NS, "gateway");
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        client.rbac().clusterRoleBindings().withName(binding).get() != null);
        client.secrets()
                .inNamespace(NS)
                .withName("shop-tls")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"stringData\":{\"tls.crt\":\"another-certificate\"}}");
        String rotated = Base64.getEncoder().encodeToString("another-certificate".getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var copy = client.secrets()
                    .inNamespace(NS)
                    .withName(DataPlaneNames.secret("gateway"))
                    .get();
            return copy != null && rotated.equals(copy.getData().get("shop-tls.tls.crt"));
        });
        Gateway second = new Gateway();
        second.setMetadata(
                new ObjectMetaBuilder().withName("second").withNamespace(NS).build());
        client.resource(second).create();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.apps()
                                .deployments()
                                .inNamespace(NS)
                                .withName("tollgate-gateway")
                                .get()
                                .getSpec()
                                .getReplicas()
                        == 3);
        // Hand edits of the children that hold the data plane's identity and rights: written back.
        String base = DataPlaneNames.base("gateway");
        client.serviceAccounts().inNamespace(NS).withName(base).edit(sa -> {
            sa.setAutomountServiceAccountToken(false);
            return sa;
        });
        client.rbac().roles().inNamespace(NS).withName(base).edit(r -> {
            r.getRules().get(0).setVerbs(List.of("get", "list", "watch", "update"));
            return r;
        });
        client.rbac().roleBindings().inNamespace(NS).withName(base).edit(rb -> {
            rb.getSubjects()
                    .add(new SubjectBuilder()
                            .withKind("ServiceAccount")
                            .withName("default")
                            .withNamespace(NS)
                            .build());
            return rb;
        });
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Boolean.TRUE.equals(client.serviceAccounts()
                                .inNamespace(NS)
                                .withName(base)
                                .get()
                                .getAutomountServiceAccountToken())
                        && client.rbac()
                                        .roleBindings()
                                        .inNamespace(NS)
                                        .withName(base)
                                        .get()
                                        .getSubjects()
                                        .size()
                                == 1
                        && !client.rbac()
                                .roles()
                                .inNamespace(NS)
                                .withName(base)
                                .get()
                                .getRules()
                                .get(0)
                                .getVerbs()
                                .contains("update"));
        // Conditional children going away: no TLS domain (no Secret), one replica (no budget), no
        // AWS_IAM route (no review binding).
        client.resources(DomainName.class)
                .inNamespace(NS)
                .withName("shop-domain")
                .delete();
        client.resources(RestApi.class).inNamespace(NS).withName("iam-api").delete();
        client.resources(Gateway.class)
                .inNamespace(NS)
                .withName("gateway")
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"replicas\":1,\"podDisruptionBudget\":null}}");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.policy()
                                        .v1()
                                        .podDisruptionBudget()
                                        .inNamespace(NS)
                                        .withName(base)
                                        .get()
                                == null
                        && client.secrets()
                                        .inNamespace(NS)
                                        .withName(DataPlaneNames.secret("gateway"))
                                        .get()
                                == null
                        && client.rbac().clusterRoleBindings().withName(binding).get() == null);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var s = client.resources(Gateway.class)
                    .inNamespace(NS)
                    .withName("second")
                    .get()
                    .getStatus();
            return StatusAggregator.find(s, Crds.CONDITION_ACCEPTED) != null;
        });
        // Play the data plane: report whatever config is published until the Stage is Programmed.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            String id = client.configMaps()
                    .inNamespace(NS)
                    .withName(DataPlaneNames.configMap("gateway"))
                    .get()
                    .getMetadata()
                    .getAnnotations()
                    .get(DataPlaneNames.CONFIG_ID_ANNOTATION);
            client.configMaps()
                    .inNamespace(NS)
                    .withName(DataPlaneNames.statusConfigMap("gateway"))
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"pod-1\":\"" + id + "\"}}");
            var s = client.resources(Stage.class)
                    .inNamespace(NS)
                    .withName("shop-prod")
                    .get()
                    .getStatus();
            var c = StatusAggregator.find(s, Crds.CONDITION_PROGRAMMED);
            return c != null && "True".equals(c.getStatus());
        });
        Thread.sleep(3000); // a leader election renewal falls in the window

        Set<String> used = new TreeSet<>();
        for (RecordedRequest r : drain()) {
            String agent = r.getHeader("User-Agent");
            if (TestClients.USER_AGENT.equals(agent) || TestClients.DATA_PLANE_USER_AGENT.equals(agent)) {
                continue;
            }
            String permission = permission(r.getMethod(), r.getPath());
            // CRDs are installed by the test set-up; SelfSubjectRulesReview is open to every
            // authenticated subject (system:basic-user).
            if (permission != null
                    && !permission.startsWith("apiextensions.k8s.io/")
                    && !permission.startsWith("authorization.k8s.io/")) {
                used.add(permission);
            }
        }
        Set<String> granted = granted();
        assertThat(granted).as("every request the operator made is granted").containsAll(used);
        Set<String> unused = new TreeSet<>(granted);
        unused.removeAll(used);
        assertThat(unused).as("every grant is used or explained").isEqualTo(NOT_EXERCISED.keySet());
    }

    List<RecordedRequest> drain() throws InterruptedException {
        List<RecordedRequest> out = new java.util.ArrayList<>();
        RecordedRequest r;
        while ((r = server.getKubernetesMockServer().takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            out.add(r);
        }
        return out;
    }

    /** {@code group/resource:verb} of an API request; null for discovery. */
    static String permission(String method, String fullPath) {
        int q = fullPath.indexOf('?');
        String path = q < 0 ? fullPath : fullPath.substring(0, q);
        String query = q < 0 ? "" : fullPath.substring(q + 1);
        List<String> parts = List.of(path.replaceFirst("^/", "").split("/"));
        String group;
        List<String> rest;
        if (parts.get(0).equals("api") && parts.size() >= 2) {
            group = "";
            rest = parts.subList(2, parts.size());
        } else if (parts.get(0).equals("apis") && parts.size() >= 3) {
            group = parts.get(1);
            rest = parts.subList(3, parts.size());
        } else {
            return null;
        }
        if (rest.size() >= 2 && rest.get(0).equals("namespaces") && rest.size() > 2) {
            rest = rest.subList(2, rest.size());
        }
        if (rest.isEmpty()) {
            return null;
        }
        String resource = rest.get(0) + (rest.size() >= 3 ? "/" + rest.get(2) : "");
        boolean named = rest.size() >= 2;
        String verb =
                switch (method) {
                    case "GET" -> named ? "get" : (query.contains("watch=true") ? "watch" : "list");
                    case "POST" -> "create";
                    case "PUT" -> "update";
                    case "PATCH" -> "patch";
                    case "DELETE" -> named ? "delete" : "deletecollection";
                    default -> method.toLowerCase();
                };
        return group + "/" + resource + ":" + verb;
    }

    static Set<String> granted() throws IOException {
        ClusterRole role = Serialization.unmarshal(
                Files.readString(Repo.path("helm/tollgate/templates/clusterrole.yaml")), ClusterRole.class);
        Set<String> out = new TreeSet<>();
        for (var rule : role.getRules()) {
            for (String g : rule.getApiGroups()) {
                for (String res : rule.getResources()) {
                    for (String v : rule.getVerbs()) {
                        out.add(g + "/" + res + ":" + v);
                    }
                }
            }
        }
        return out;
    }
}
