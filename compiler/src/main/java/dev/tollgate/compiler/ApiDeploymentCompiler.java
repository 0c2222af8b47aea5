package dev.tollgate.compiler;

import dev.tollgate.compiler.deployment.DeploymentHistory;
import dev.tollgate.compiler.deployment.DeploymentSnapshots;
import dev.tollgate.crds.v1alpha1.ApiDeployment;
import dev.tollgate.crds.v1alpha1.ApiDeploymentSpec;
import dev.tollgate.crds.v1alpha1.DeploymentSnapshot;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.IntegrationSpec;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.ir.BackendTlsConfig;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compiles ApiDeployments. Every one is checked: a spec naming its RestApi, a snapshot, and a
 * content id that is the SHA-256 of that snapshot (the API server refuses changes of a deployment;
 * this catches a snapshot edited where no API server runs, e.g. in a folder). The snapshots Stages
 * name (pinned or as canary) are then compiled as the RestApi and Integrations they froze, with
 * the same compile stages, and their findings reported on the ApiDeployment at {@code
 * spec.snapshot…}.
 *
 * <p>The last copies of deleted deployments ({@link NamespaceSnapshot#deletedApiDeployments})
 * compile the same way, marked deleted; StageCompiler warns on the Stages that still pin them.
 */
final class ApiDeploymentCompiler {
    private final NamespaceSnapshot snapshot;
    private final Findings findings;
    private final List<BackendTlsConfig> backendTls = new ArrayList<>();
    private List<BackendTlsConfig> liveTls;

    ApiDeploymentCompiler(NamespaceSnapshot snapshot, Findings findings) {
        this.snapshot = snapshot;
        this.findings = findings;
    }

    /** The deployment names the Stages of a snapshot pin or run as their canary. */
    static SortedSet<String> named(NamespaceSnapshot snapshot) {
        SortedSet<String> out = new TreeSet<>();
        for (Stage stage : snapshot.stages()) {
            String pinned = DeploymentHistory.pinnedTo(stage);
            String canary = DeploymentHistory.canaryOf(stage);
            if (pinned != null) {
                out.add(pinned);
            }
            if (canary != null) {
                out.add(canary);
            }
        }
        return out;
    }

    /**
     * Checks every ApiDeployment and compiles the snapshots of the named ones; the valid ones by
     * name (a deleted copy only where no ApiDeployment of that name exists).
     */
    SortedMap<String, DeploymentDraft> compile(Set<String> named) {
        SortedMap<String, DeploymentDraft> out = new TreeMap<>();
        Set<String> live = new HashSet<>();
        for (ApiDeployment d : Inputs.byName(snapshot.apiDeployments())) {
            live.add(d.getMetadata().getName());
            DeploymentDraft draft =
                    compile(d, false, named.contains(d.getMetadata().getName()));
            if (draft != null) {
                out.put(draft.name(), draft);
            }
        }
        for (ApiDeployment d : Inputs.byName(snapshot.deletedApiDeployments())) {
            String name = d.getMetadata().getName();
            if (live.contains(name) || !named.contains(name)) {
                continue;
            }
            DeploymentDraft draft = compile(d, true, true);
            if (draft != null) {
                out.put(name, draft);
            }
        }
        return out;
    }

    /**
     * The CA bundles of the snapshots' https Integrations that the live Integrations do not already
     * give (same name, same bundle), sorted by Integration name.
     */
    List<BackendTlsConfig> backendTls() {
        return List.copyOf(backendTls);
    }

    private DeploymentDraft compile(ApiDeployment deployment, boolean deleted, boolean named) {
        ResourceRef ref = ResourceRef.of(deployment);
        ApiDeploymentSpec spec = deployment.getSpec();
        if (spec == null) {
            findings.error(ref, "spec", Reason.INVALID_VALUE, "spec is required");
            return null;
        }
        int mark = findings.mark();
        if (spec.getRestApiRef() == null || spec.getRestApiRef().isEmpty()) {
            findings.error(ref, "spec.restApiRef", Reason.INVALID_VALUE, "restApiRef is required");
        }
        DeploymentSnapshot frozen = spec.getSnapshot();
        if (frozen == null || frozen.getRestApi() == null) {
            findings.error(
                    ref, "spec.snapshot.restApi", Reason.INVALID_VALUE, "the snapshot of the RestApi is required");
        } else {
            String actual = DeploymentSnapshots.contentId(frozen);
            if (!actual.equals(spec.getContentId())) {
                findings.error(
                        ref,
                        "spec.contentId",
                        Reason.INVALID_VALUE,
                        "contentId " + spec.getContentId() + " is not the SHA-256 of the snapshot (" + actual
                                + "); the snapshot was changed after the deployment was made");
            }
        }
        if (findings.errorsSince(mark) || !named) {
            return null;
        }
        ApiDraft api = compileSnapshot(ref, spec.getRestApiRef(), frozen);
        if (findings.errorsSince(mark) || api == null) {
            return null;
        }
        return new DeploymentDraft(ref.name(), spec.getContentId(), deleted, api);
    }

    // The snapshot compiles with the stages that compile a RestApi, on a namespace snapshot holding
    // only its RestApi and Integrations (Services, Secrets and grants are the namespace's own).
    private ApiDraft compileSnapshot(ResourceRef ref, String apiName, DeploymentSnapshot frozen) {
        RestApi api = new RestApi();
        api.setMetadata(meta(apiName));
        api.setSpec(frozen.getRestApi());
        List<Integration> integrations = new ArrayList<>();
        for (Map.Entry<String, IntegrationSpec> e :
                Inputs.sorted(frozen.getIntegrations()).entrySet()) {
            Integration integration = new Integration();
            integration.setMetadata(meta(e.getKey()));
            integration.setSpec(e.getValue());
            integrations.add(integration);
        }
        NamespaceSnapshot own = snapshot.withRestApis(List.of(api)).withIntegrations(integrations);
        Findings local = new Findings();
        IntegrationCompiler integrationCompiler = new IntegrationCompiler(own, local);
        SortedMap<String, ResolvedIntegration> resolved = integrationCompiler.compile();
        ApiDraft draft = new RestApiCompiler(own, resolved, local).compile().get(apiName);
        List<BackendTlsConfig> tls = integrationCompiler.backendTls();
        for (Finding f : local.list()) {
            findings.add(new Finding(f.severity(), ref, field(f), f.reason(), f.message()));
        }
        tls(ref, tls);
        return draft;
    }

    // A bundle of the snapshot joins the config unless the live Integration of that name has the
    // same; a different one cannot: the data plane keys bundles by Integration name.
    private void tls(ResourceRef ref, List<BackendTlsConfig> frozen) {
        if (liveTls == null) {
            // The live Integrations' bundles, compiled again here only to compare (their findings are
            // reported by Compiler's own step).
            liveTls = new IntegrationCompiler(snapshot, new Findings()).backendTls();
        }
        List<BackendTlsConfig> live = liveTls;
        for (BackendTlsConfig t : frozen) {
            BackendTlsConfig current = live.stream()
                    .filter(l -> l.integrationName().equals(t.integrationName()))
                    .findFirst()
                    .orElseGet(() -> backendTls.stream()
                            .filter(l -> l.integrationName().equals(t.integrationName()))
                            .findFirst()
                            .orElse(null));
            if (current == null) {
                backendTls.add(t);
                backendTls.sort((a, b) -> a.integrationName().compareTo(b.integrationName()));
            } else if (!Objects.equals(current, t)) {
                findings.error(
                        ref,
                        "spec.snapshot.integrations[" + t.integrationName() + "].tls",
                        Reason.NOT_SUPPORTED_YET,
                        "the snapshot's CA bundle for Integration " + t.integrationName()
                                + " differs from the one Integration " + t.integrationName()
                                + " (or another deployment) has now; one bundle per Integration name is served");
            }
        }
    }

    // spec.x of the snapshot's RestApi is spec.snapshot.restApi.x of the deployment; spec.x of one of
    // its Integrations is spec.snapshot.integrations[name].x.
    private static String field(Finding f) {
        String prefix = f.resource().kind().equals("Integration")
                ? "spec.snapshot.integrations[" + f.resource().name() + "]"
                : "spec.snapshot.restApi";
        String field = f.field();
        if (field.equals("spec") || field.isEmpty()) {
            return prefix;
        }
        return field.startsWith("spec.") ? prefix + field.substring("spec".length()) : prefix + "." + field;
    }

    private ObjectMeta meta(String name) {
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setNamespace(snapshot.namespace());
        return meta;
    }
}
