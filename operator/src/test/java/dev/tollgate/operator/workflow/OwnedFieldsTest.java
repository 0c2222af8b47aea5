package dev.tollgate.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.operator.dependents.DataPlaneResources;
import dev.tollgate.operator.testing.TestGateways;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What the API server and other controllers add to a child is no difference; what a hand edit
 * changes is. The "actual" objects here are the desired ones with what a real API server adds
 * (defaults, metadata, status), so an unchanged child would not be rewritten on every reconcile.
 */
class OwnedFieldsTest {
    static final KubernetesSerialization JSON = new KubernetesSerialization();

    /** Gateway {@code gw} with 2 replicas and resources, one in a form the API server rewrites. */
    static Gateway gateway() {
        Gateway gw = TestGateways.gateway(2);
        gw.getSpec()
                .setResources(new ResourceRequirementsBuilder()
                        .addToRequests("cpu", new Quantity("1000m"))
                        .addToLimits("memory", new Quantity("256Mi"))
                        .build());
        return gw;
    }

    static JsonNode json(Object o) {
        return JSON.convertValue(o, JsonNode.class);
    }

    /** The desired object, changed as {@code change} says. */
    static JsonNode edited(JsonNode desired, Consumer<ObjectNode> change) {
        ObjectNode copy = desired.deepCopy();
        change.accept(copy);
        return copy;
    }

    /** What the API server adds to every object it stores. */
    static void serverMetadata(ObjectNode o) {
        ObjectNode meta = (ObjectNode) o.get("metadata");
        meta.put("resourceVersion", "4711");
        meta.put("uid", "child-uid");
        meta.put("generation", 3);
        meta.put("creationTimestamp", "2026-01-01T00:00:00Z");
        meta.putArray("managedFields").addObject().put("manager", "tollgate-operator");
        meta.withObjectProperty("labels").put("team.example/cost-centre", "42");
        meta.withObjectProperty("annotations").put("javaoperatorsdk.io/previous", "4710");
    }

    static JsonNode deploymentAsStored(JsonNode desired) {
        return edited(desired, d -> {
            serverMetadata(d);
            ((ObjectNode) d.get("metadata"))
                    .withObjectProperty("annotations")
                    .put("deployment.kubernetes.io/revision", "2");
            ObjectNode spec = (ObjectNode) d.get("spec");
            spec.put("progressDeadlineSeconds", 600).put("revisionHistoryLimit", 10);
            ObjectNode pod = (ObjectNode) spec.get("template").get("spec");
            pod.put("restartPolicy", "Always")
                    .put("dnsPolicy", "ClusterFirst")
                    .put("schedulerName", "default-scheduler")
                    .put("terminationGracePeriodSeconds", 30);
            pod.putObject("securityContext");
            ObjectNode container = (ObjectNode) pod.get("containers").get(0);
            container
                    .put("terminationMessagePath", "/dev/termination-log")
                    .put("terminationMessagePolicy", "File")
                    .put("imagePullPolicy", "IfNotPresent");
            container.get("ports").forEach(p -> ((ObjectNode) p).put("protocol", "TCP"));
            for (String probe : new String[] {"readinessProbe", "livenessProbe"}) {
                ObjectNode p = (ObjectNode) container.get(probe);
                p.put("timeoutSeconds", 1).put("successThreshold", 1).put("failureThreshold", 3);
                ((ObjectNode) p.get("httpGet")).put("scheme", "HTTP");
            }
            container.get("env").forEach(e -> {
                if (e.has("valueFrom")) {
                    ((ObjectNode) e.get("valueFrom").get("fieldRef")).put("apiVersion", "v1");
                }
            });
            // Quantities come back in canonical form.
            ((ObjectNode) container.get("resources").get("requests")).put("cpu", "1");
            pod.get("volumes").forEach(v -> {
                JsonNode source = v.has("configMap") ? v.get("configMap") : v.get("secret");
                ((ObjectNode) source).put("defaultMode", 420);
            });
            ObjectNode template = (ObjectNode) spec.get("template").get("metadata");
            template.withObjectProperty("annotations").put("kubectl.kubernetes.io/restartedAt", "2026-01-01T00:00:00Z");
            d.putObject("status").put("replicas", 2);
        });
    }

    @Test
    void deploymentWithWhatTheApiServerAddsMatches() {
        JsonNode desired =
                json(DataPlaneResources.deployment(gateway(), "tollgate/dataplane:1", "tollgate.dev/gateway"));
        assertThat(OwnedFields.match(desired, deploymentAsStored(desired))).isTrue();
    }

    @Test
    void handEditedDeploymentDoesNotMatch() {
        JsonNode desired =
                json(DataPlaneResources.deployment(gateway(), "tollgate/dataplane:1", "tollgate.dev/gateway"));
        JsonNode stored = deploymentAsStored(desired);
        assertThat(OwnedFields.match(desired, edited(stored, d -> ((ObjectNode) d.get("spec")).put("replicas", 5))))
                .isFalse();
        assertThat(OwnedFields.match(desired, edited(stored, d -> container(d).put("image", "evil:1"))))
                .isFalse();
        assertThat(OwnedFields.match(
                        desired, edited(stored, d -> ((ArrayNode) container(d).get("args")).remove(0))))
                .isFalse();
        assertThat(OwnedFields.match(
                        desired, edited(stored, d -> ((ArrayNode) container(d).get("args")).add("--x"))))
                .isFalse();
        assertThat(OwnedFields.match(desired, edited(stored, d -> ((ArrayNode)
                                d.get("spec").get("template").get("spec").get("containers"))
                        .addObject()
                        .put("name", "sidecar")
                        .put("image", "sidecar:1"))))
                .isFalse();
        assertThat(OwnedFields.match(desired, edited(stored, d -> ((ObjectNode)
                                container(d).get("resources").get("requests"))
                        .put("cpu", "2"))))
                .isFalse();
        assertThat(OwnedFields.match(
                        desired, edited(stored, d -> ((ObjectNode) d.get("metadata")).remove("ownerReferences"))))
                .isFalse();
        assertThat(OwnedFields.match(desired, edited(stored, d -> ((ObjectNode)
                                d.get("metadata").get("labels"))
                        .put("app.kubernetes.io/managed-by", "someone"))))
                .isFalse();
    }

    static ObjectNode container(JsonNode deployment) {
        return (ObjectNode) deployment
                .get("spec")
                .get("template")
                .get("spec")
                .get("containers")
                .get(0);
    }

    @Test
    void serviceWithAllocatedAddressesMatchesAndEditedPortsOrSelectorDoNot() {
        JsonNode desired = json(DataPlaneResources.service(gateway()));
        JsonNode stored = edited(desired, s -> {
            serverMetadata(s);
            ObjectNode spec = (ObjectNode) s.get("spec");
            spec.put("clusterIP", "10.0.0.7").put("sessionAffinity", "None").put("ipFamilyPolicy", "SingleStack");
            spec.putArray("clusterIPs").add("10.0.0.7");
            spec.putArray("ipFamilies").add("IPv4");
            s.putObject("status").putObject("loadBalancer");
        });
        assertThat(OwnedFields.match(desired, stored)).isTrue();
        assertThat(OwnedFields.match(desired, edited(stored, s -> ((ObjectNode)
                                s.get("spec").get("ports").get(0))
                        .put("port", 81))))
                .isFalse();
        assertThat(OwnedFields.match(
                        desired, edited(stored, s -> ((ArrayNode) s.get("spec").get("ports"))
                                .addObject()
                                .put("name", "debug")
                                .put("port", 9999))))
                .isFalse();
        assertThat(OwnedFields.match(
                        desired, edited(stored, s -> ((ObjectNode) s.get("spec").get("selector")).put("extra", "x"))))
                .isFalse();
    }

    @Test
    void configMapDataIsOwnedWhole() {
        JsonNode desired = json(DataPlaneResources.configMap(gateway(), "id-1", "{\"configId\":\"id-1\"}"));
        JsonNode stored = edited(desired, OwnedFieldsTest::serverMetadata);
        assertThat(OwnedFields.match(desired, stored)).isTrue();
        assertThat(OwnedFields.match(
                        desired, edited(stored, c -> ((ObjectNode) c.get("data")).put("config.json", "{not json"))))
                .isFalse();
        assertThat(OwnedFields.match(desired, edited(stored, c -> ((ObjectNode) c.get("data")).put("other", "x"))))
                .isFalse();
        assertThat(OwnedFields.match(desired, edited(stored, c -> ((ObjectNode)
                                c.get("metadata").get("annotations"))
                        .put("apigateway.tollgate.dev/config-id", "id-0"))))
                .isFalse();
    }

    @Test
    void roleWithAWiderOrAnotherRuleDoesNotMatch() {
        JsonNode desired = json(DataPlaneResources.role(gateway()));
        JsonNode stored = edited(desired, OwnedFieldsTest::serverMetadata);
        assertThat(OwnedFields.match(desired, stored)).isTrue();
        assertThat(OwnedFields.match(
                        desired,
                        edited(stored, r -> ((ArrayNode) r.get("rules").get(0).get("verbs")).add("update"))))
                .isFalse();
        assertThat(OwnedFields.match(
                        desired,
                        edited(stored, r -> ((ObjectNode) r.get("rules").get(1)).putArray("resourceNames"))))
                .isFalse();
        assertThat(OwnedFields.match(desired, edited(stored, r -> ((ArrayNode) r.get("rules"))
                        .addObject()
                        .put("apiGroups", "")
                        .putArray("verbs")
                        .add("*"))))
                .isFalse();
    }

    @Test
    void roleBindingWithTheDefaultedApiGroupMatchesAndAnotherSubjectDoesNot() {
        JsonNode desired = json(DataPlaneResources.roleBinding(gateway()));
        JsonNode stored = edited(desired, rb -> {
            serverMetadata(rb);
            ((ObjectNode) rb.get("subjects").get(0)).put("apiGroup", "");
        });
        assertThat(OwnedFields.match(desired, stored)).isTrue();
        assertThat(OwnedFields.match(desired, edited(stored, rb -> ((ArrayNode) rb.get("subjects"))
                        .addObject()
                        .put("kind", "ServiceAccount")
                        .put("name", "default"))))
                .isFalse();
    }

    @Test
    void emptyMapsTheApiServerDropsStillMatch() {
        JsonNode desired = json(DataPlaneResources.statusConfigMap(gateway()));
        ObjectNode withEmptyData = desired.deepCopy();
        withEmptyData.putObject("data");
        JsonNode stored = edited(desired, OwnedFieldsTest::serverMetadata);
        assertThat(OwnedFields.match(withEmptyData, stored)).isTrue();
    }
}
