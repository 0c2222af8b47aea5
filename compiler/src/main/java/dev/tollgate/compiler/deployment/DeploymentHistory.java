package dev.tollgate.compiler.deployment;

import dev.tollgate.crds.v1alpha1.ApiDeployment;
import dev.tollgate.crds.v1alpha1.DeploymentMode;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.crds.v1alpha1.StageSpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * The deployments of one RestApi as its history, newest first, with the stages each serves; what a
 * retention setting may prune; and new deployment names.
 *
 * <p>Names are AWS-shaped ids: six lower-case letters and digits, a letter first (so YAML never
 * reads one as a number), random, so two {@code deploy} commands at once never pick the same one
 * and a name is never reused for other content.
 */
public final class DeploymentHistory {
    /** Length of a generated deployment name, as AWS's deployment ids. */
    public static final int NAME_LENGTH = 6;

    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";
    private static final String ALPHANUMERIC = LETTERS + "0123456789";

    private DeploymentHistory() {}

    /**
     * A stage serving a deployment.
     *
     * @param stageName the stage's name as served ({@code spec.stageName}, else the resource name)
     * @param canary whether the stage serves it as its canary
     */
    public record Serving(String stageName, boolean canary) {
        /** {@code prod}, or {@code prod/canary} for a canary. */
        @Override
        public String toString() {
            return canary ? stageName + "/canary" : stageName;
        }
    }

    /** The deployments of {@code restApi}, newest first (creation time, then name). */
    public static List<ApiDeployment> of(List<ApiDeployment> all, String restApi) {
        List<ApiDeployment> out = new ArrayList<>();
        for (ApiDeployment d : all) {
            if (d.getSpec() != null && restApi.equals(d.getSpec().getRestApiRef())) {
                out.add(d);
            }
        }
        out.sort(Comparator.comparing(DeploymentHistory::createdAt)
                .thenComparing(d -> d.getMetadata().getName())
                .reversed());
        return out;
    }

    /**
     * When a deployment was made: its {@link ApiDeployment#CREATED_AT_ANNOTATION} (milliseconds),
     * else {@code metadata.creationTimestamp}, else the epoch.
     */
    public static Instant createdAt(ApiDeployment d) {
        Map<String, String> annotations = d.getMetadata().getAnnotations();
        String annotated = annotations == null ? null : annotations.get(ApiDeployment.CREATED_AT_ANNOTATION);
        for (String text : new String[] {annotated, d.getMetadata().getCreationTimestamp()}) {
            if (text != null) {
                try {
                    return Instant.parse(text);
                } catch (DateTimeParseException e) {
                    // Written by hand: try the next source.
                }
            }
        }
        return Instant.EPOCH;
    }

    /** The stage's name as served: {@code spec.stageName}, else the resource name. */
    public static String stageName(Stage stage) {
        StageSpec spec = stage.getSpec();
        return spec != null && spec.getStageName() != null
                ? spec.getStageName()
                : stage.getMetadata().getName();
    }

    /** The deployment a stage is pinned to, or null when it follows its RestApi. */
    public static String pinnedTo(Stage stage) {
        StageSpec spec = stage.getSpec();
        if (spec == null || spec.getDeployment() == null || spec.getDeployment().getMode() != DeploymentMode.Pinned) {
            return null;
        }
        return spec.getDeployment().getDeploymentRef();
    }

    /** The deployment a stage's canary serves, or null when it has no canary. */
    public static String canaryOf(Stage stage) {
        StageSpec spec = stage.getSpec();
        return spec == null || spec.getCanary() == null
                ? null
                : spec.getCanary().getDeploymentRef();
    }

    /** The stages of the deployment's RestApi that serve it, pinned or as canary, by stage name. */
    public static List<Serving> servedBy(ApiDeployment deployment, List<Stage> stages) {
        String name = deployment.getMetadata().getName();
        String api = deployment.getSpec() == null ? null : deployment.getSpec().getRestApiRef();
        List<Serving> out = new ArrayList<>();
        for (Stage stage : stages) {
            if (stage.getSpec() == null || !Objects.equals(api, stage.getSpec().getRestApiRef())) {
                continue;
            }
            if (name.equals(pinnedTo(stage))) {
                out.add(new Serving(stageName(stage), false));
            }
            if (name.equals(canaryOf(stage))) {
                out.add(new Serving(stageName(stage), true));
            }
        }
        out.sort(Comparator.comparing(Serving::stageName).thenComparing(Serving::canary));
        return out;
    }

    /** Whether any stage names the deployment, pinned or as its canary. */
    public static boolean inUse(String deployment, List<Stage> stages) {
        return stages.stream().anyMatch(s -> deployment.equals(pinnedTo(s)) || deployment.equals(canaryOf(s)));
    }

    /**
     * What a retention of {@code keep} deployments prunes from a history (newest first): every
     * deployment past the {@code keep} newest that no stage names.
     */
    public static List<ApiDeployment> prunable(List<ApiDeployment> history, List<Stage> stages, int keep) {
        if (keep < 0) {
            throw new IllegalArgumentException("keep must not be negative: " + keep);
        }
        List<ApiDeployment> out = new ArrayList<>();
        for (int i = keep; i < history.size(); i++) {
            ApiDeployment d = history.get(i);
            if (!inUse(d.getMetadata().getName(), stages)) {
                out.add(d);
            }
        }
        return out;
    }

    /** A new deployment name no {@code taken} name has. */
    public static String newName(RandomGenerator random, Predicate<String> taken) {
        while (true) {
            StringBuilder name = new StringBuilder(NAME_LENGTH);
            name.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
            while (name.length() < NAME_LENGTH) {
                name.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
            }
            if (!taken.test(name.toString())) {
                return name.toString();
            }
        }
    }
}
