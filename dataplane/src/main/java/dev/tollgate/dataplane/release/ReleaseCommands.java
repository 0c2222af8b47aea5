package dev.tollgate.dataplane.release;

import dev.tollgate.compiler.CompileResult;
import dev.tollgate.compiler.Compiler;
import dev.tollgate.compiler.Finding;
import dev.tollgate.compiler.NamespaceSnapshot;
import dev.tollgate.compiler.ResourceRef;
import dev.tollgate.compiler.ServiceInfo;
import dev.tollgate.compiler.deployment.DeploymentHistory;
import dev.tollgate.compiler.deployment.DeploymentSnapshots;
import dev.tollgate.compiler.deployment.StageReleases;
import dev.tollgate.crds.v1alpha1.ApiDeployment;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.ServiceRef;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.crds.v1alpha1.StageSpec;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code deploy} and {@code deployments} on a {@link DeploymentStore}. {@code deploy} creates an
 * ApiDeployment from the RestApi as it is now and pins the stage to it (or makes it the stage's
 * canary), pins the stage to an existing one, or promotes the canary; it prints only the name of
 * the deployment the stage serves afterwards, so scripts can capture it. {@code deployments} lists
 * the history newest first, deletes one (refusing one a stage serves unless forced), and prunes
 * old unreferenced ones.
 */
public final class ReleaseCommands {
    private final DeploymentStore store;
    private final PrintStream out;
    private final PrintStream err;
    private final Supplier<Instant> clock;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param store where the resources are
     * @param out where results go (one line each)
     * @param err where refusals and warnings go
     * @param clock the creation time of new deployments
     */
    public ReleaseCommands(DeploymentStore store, PrintStream out, PrintStream err, Supplier<Instant> clock) {
        this.store = store;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /**
     * What {@code deploy} is asked to do; at most one of {@code deployment}, {@code canaryPercent}
     * and {@code promoteCanary} is set.
     *
     * @param restApi the RestApi's name
     * @param stage the stage's name as served ({@code spec.stageName}, as AWS's CLI names it)
     * @param description the new deployment's description, or null
     * @param deployment an existing deployment to pin the stage to, or null
     * @param canaryPercent the canary's share for a new deployment made the stage's canary, or null
     * @param promoteCanary whether to promote the stage's canary
     */
    public record Deploy(
            String restApi,
            String stage,
            String description,
            String deployment,
            Double canaryPercent,
            boolean promoteCanary) {}

    /** Runs {@code deploy}; returns the exit code. */
    public int deploy(Deploy request) {
        NamespaceSnapshot snapshot = store.snapshot();
        Stage stage = stage(snapshot, request.restApi(), request.stage());
        if (stage == null) {
            return 1;
        }
        if (request.promoteCanary()) {
            Stage promoted;
            try {
                promoted = StageReleases.promoted(stage);
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return 1;
            }
            if (!exists(snapshot, DeploymentHistory.pinnedTo(promoted), request.restApi())) {
                return 1;
            }
            store.writeStage(promoted);
            out.println(DeploymentHistory.pinnedTo(promoted));
            return 0;
        }
        if (request.deployment() != null) {
            if (!exists(snapshot, request.deployment(), request.restApi())) {
                return 1;
            }
            store.writeStage(StageReleases.pinned(stage, request.deployment(), request.description()));
            out.println(request.deployment());
            return 0;
        }
        RestApi api = snapshot.restApis().stream()
                .filter(a -> a.getMetadata().getName().equals(request.restApi()))
                .findFirst()
                .orElse(null);
        if (api == null) {
            err.println("no RestApi named " + request.restApi() + " in " + store.describe());
            return 1;
        }
        Set<String> taken = snapshot.apiDeployments().stream()
                .map(d -> d.getMetadata().getName())
                .collect(Collectors.toCollection(HashSet::new));
        String name = DeploymentHistory.newName(random, taken::contains);
        ApiDeployment deployment = DeploymentSnapshots.newDeployment(
                name, api, snapshot.integrations(), request.description(), clock.get());
        List<String> problems = problems(snapshot, deployment, stage, request.canaryPercent() != null);
        if (!problems.isEmpty()) {
            err.println("RestApi " + request.restApi() + " cannot be deployed as it is:");
            problems.forEach(p -> err.println("  " + p));
            return 1;
        }
        store.create(deployment);
        Stage edited = request.canaryPercent() != null
                ? StageReleases.withCanary(stage, name, request.canaryPercent())
                : StageReleases.pinned(stage, name, request.description());
        store.writeStage(edited);
        out.println(name);
        return 0;
    }

    /** Lists the history of a RestApi, newest first: name, creation time, content id, stages served, description. */
    public int list(String restApi) {
        NamespaceSnapshot snapshot = store.snapshot();
        for (ApiDeployment d : DeploymentHistory.of(snapshot.apiDeployments(), restApi)) {
            String serving = DeploymentHistory.servedBy(d, snapshot.stages()).stream()
                    .map(DeploymentHistory.Serving::toString)
                    .collect(Collectors.joining(","));
            String description = d.getSpec().getDescription();
            String content = d.getSpec().getContentId();
            out.println(String.join(
                            "  ",
                            d.getMetadata().getName(),
                            DeploymentHistory.createdAt(d).toString(),
                            content == null ? "-" : content.substring(0, Math.min(12, content.length())),
                            serving.isEmpty() ? "-" : serving,
                            description == null ? "" : description)
                    .stripTrailing());
        }
        return 0;
    }

    /**
     * Deletes one deployment of the RestApi. One a stage serves is refused unless {@code force}:
     * deleted anyway, the stage keeps serving the last copy the data plane saw, with a warning, until
     * it is pinned elsewhere.
     */
    public int delete(String restApi, String name, boolean force) {
        NamespaceSnapshot snapshot = store.snapshot();
        ApiDeployment d = DeploymentHistory.of(snapshot.apiDeployments(), restApi).stream()
                .filter(x -> x.getMetadata().getName().equals(name))
                .findFirst()
                .orElse(null);
        if (d == null) {
            err.println("no ApiDeployment " + name + " of RestApi " + restApi + " in " + store.describe());
            return 1;
        }
        List<Stage> users = snapshot.stages().stream()
                .filter(s -> name.equals(DeploymentHistory.pinnedTo(s)) || name.equals(DeploymentHistory.canaryOf(s)))
                .toList();
        if (!users.isEmpty()) {
            String stages =
                    users.stream().map(s -> s.getMetadata().getName()).sorted().collect(Collectors.joining(", "));
            if (!force) {
                err.println("ApiDeployment " + name + " is in use by Stage " + stages
                        + "; pin the stage to another deployment first, or delete with --force (the stage then keeps"
                        + " serving the last copy the gateway saw, with a warning, until it is pinned elsewhere)");
                return 1;
            }
            err.println("warning: ApiDeployment " + name + " is still in use by Stage " + stages
                    + "; it keeps serving its last copy until the stage is pinned elsewhere");
        }
        store.delete(d);
        out.println(name);
        return 0;
    }

    /** Deletes every deployment of the RestApi past the {@code keep} newest that no stage names; prints each. */
    public int prune(String restApi, int keep) {
        NamespaceSnapshot snapshot = store.snapshot();
        List<ApiDeployment> history = DeploymentHistory.of(snapshot.apiDeployments(), restApi);
        for (ApiDeployment d : DeploymentHistory.prunable(history, snapshot.stages(), keep)) {
            store.delete(d);
            out.println(d.getMetadata().getName());
        }
        return 0;
    }

    private Stage stage(NamespaceSnapshot snapshot, String restApi, String stageName) {
        List<Stage> matching = snapshot.stages().stream()
                .filter(s -> s.getSpec() != null && restApi.equals(s.getSpec().getRestApiRef()))
                .filter(s -> stageName.equals(DeploymentHistory.stageName(s)))
                .toList();
        if (matching.isEmpty()) {
            err.println("RestApi " + restApi + " has no stage named " + stageName + " in " + store.describe());
            return null;
        }
        return matching.get(0);
    }

    private boolean exists(NamespaceSnapshot snapshot, String name, String restApi) {
        boolean found = DeploymentHistory.of(snapshot.apiDeployments(), restApi).stream()
                .anyMatch(d -> d.getMetadata().getName().equals(name));
        if (!found) {
            err.println("no ApiDeployment " + name + " of RestApi " + restApi + " in " + store.describe());
        }
        return found;
    }

    /**
     * What keeps the deployment from serving on {@code stage}: the errors the compiler finds when the
     * stage (or, for {@code canary}, its canary with the canary's variable overrides) serves it.
     * Services it names that the store does not hold are taken to exist, and CA bundles are not
     * checked: both are the namespace's state, not part of the API (the stage reports them when
     * served).
     */
    static List<String> problems(NamespaceSnapshot snapshot, ApiDeployment deployment, Stage stage, boolean canary) {
        List<ServiceInfo> services = new ArrayList<>(snapshot.services());
        if (deployment.getSpec().getSnapshot().getIntegrations() != null) {
            deployment.getSpec().getSnapshot().getIntegrations().values().stream()
                    .map(i -> i == null ? null : i.getService())
                    .filter(s -> s != null && s.getName() != null)
                    .forEach(s -> addIfMissing(services, snapshot.namespace(), s));
        }
        Stage check = StageReleases.pinned(stage, deployment.getMetadata().getName(), null);
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

    private static void addIfMissing(List<ServiceInfo> services, String namespace, ServiceRef ref) {
        String ns = ref.getNamespace() == null || ref.getNamespace().isEmpty() ? namespace : ref.getNamespace();
        boolean present = services.stream()
                .anyMatch(s -> s.namespace().equals(ns) && s.name().equals(ref.getName()));
        if (!present) {
            services.add(new ServiceInfo(ns, ref.getName(), List.of(), false));
        }
    }
}
