package dev.tollgate.compiler;

import dev.tollgate.compiler.deployment.StageReleases;
import dev.tollgate.crds.v1alpha1.ApiDeployment;
import dev.tollgate.crds.v1alpha1.ServiceRef;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.crds.v1alpha1.StageSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What keeps a new deployment from serving, checked before it is written: for every caller that
 * makes one (the {@code deploy} command, the control API's create-deployment), so each refuses
 * the same deployments with the same words.
 */
public final class DeploymentCheck {
    private DeploymentCheck() {}

    /**
     * The errors the compiler finds when {@code stage} (or, for {@code canary}, its canary with the
     * canary's variable overrides) serves {@code deployment}; with no stage, the deployment's own
     * errors. Services it names that the snapshot does not hold are taken to exist, and CA bundles
     * are not checked: both are the namespace's state, not part of the API (the stage reports them
     * when served).
     *
     * @param stage the stage that will serve it, or null when none is named yet
     */
    public static List<String> problems(
            NamespaceSnapshot snapshot, ApiDeployment deployment, Stage stage, boolean canary) {
        List<ServiceInfo> services = new ArrayList<>(snapshot.services());
        if (deployment.getSpec().getSnapshot().getIntegrations() != null) {
            deployment.getSpec().getSnapshot().getIntegrations().values().stream()
                    .map(i -> i == null ? null : i.getService())
                    .filter(s -> s != null && s.getName() != null)
                    .forEach(s -> addIfMissing(services, snapshot.namespace(), s));
        }
        Stage check = StageReleases.pinned(
                stage != null ? stage : checkStage(deployment),
                deployment.getMetadata().getName(),
                null);
        StageSpec spec = check.getSpec();
        if (canary && spec.getCanary() != null && spec.getCanary().getStageVariableOverrides() != null) {
            Map<String, String> variables = new TreeMap<>();
            if (spec.getVariables() != null) {
                variables.putAll(spec.getVariables());
            }
            variables.putAll(spec.getCanary().getStageVariableOverrides());
            spec.setVariables(variables);
        }
        spec.setCanary(null);
        CompileResult result = new Compiler()
                .compile(snapshot.withServices(services)
                        .withStages(List.of(check))
                        .withApiDeployments(List.of(deployment))
                        .withDeletedApiDeployments(List.of())
                        .withUsagePlans(List.of())
                        .withDomainNames(List.of()));
        ResourceRef ref = new ResourceRef(
                "ApiDeployment", snapshot.namespace(), deployment.getMetadata().getName());
        List<String> out = new ArrayList<>();
        for (Finding f : result.findingsFor(ref)) {
            if (f.isError() && !f.field().contains(".tls")) {
                out.add(f.field().replace("spec.snapshot.restApi", "spec") + ": " + f.message());
            }
        }
        if (stage == null) {
            // Stage variables the API needs are the stage's business once one is named.
            return out;
        }
        boolean servesNothing = result.config().apis().stream()
                .flatMap(a -> a.stages().stream())
                .allMatch(s -> s.routes().isEmpty() && s.defaultRoute() == null);
        if (out.isEmpty() && servesNothing) {
            // The stage's own errors (e.g. a variable the deployment needs and the stage lacks).
            result.findings().stream()
                    .filter(f -> f.isError() && f.resource().kind().equals("Stage"))
                    .forEach(f -> out.add("Stage " + f.resource().name() + " " + f.field() + ": " + f.message()));
            if (out.isEmpty()) {
                out.add("the RestApi has no methods");
            }
        }
        return out;
    }

    /** A stage standing in for one not named yet, with no variables. */
    private static Stage checkStage(ApiDeployment deployment) {
        Stage stage = new Stage();
        stage.getMetadata().setName("deployment-check");
        StageSpec spec = new StageSpec();
        spec.setRestApiRef(deployment.getSpec().getRestApiRef());
        spec.setStageName("deployment-check");
        stage.setSpec(spec);
        return stage;
    }

    private static void addIfMissing(List<ServiceInfo> services, String namespace, ServiceRef ref) {
        String ns = ref.getNamespace() == null || ref.getNamespace().isEmpty() ? namespace : ref.getNamespace();
        boolean present = services.stream()
                .anyMatch(s -> s.namespace().equals(ns) && s.name().equals(ref.getName()));
        if (!present) {
            services.add(new ServiceInfo(ns, ref.getName(), List.of(), false));
        }
    }
}
