package dev.tollgate.dataplane.release;

import dev.tollgate.compiler.DeploymentCheck;
import dev.tollgate.compiler.NamespaceSnapshot;
import dev.tollgate.compiler.deployment.DeploymentHistory;
import dev.tollgate.compiler.deployment.DeploymentSnapshots;
import dev.tollgate.compiler.deployment.StageReleases;
import dev.tollgate.crds.v1alpha1.ApiDeployment;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.Stage;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
        List<String> problems = DeploymentCheck.problems(snapshot, deployment, stage, request.canaryPercent() != null);
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
}
