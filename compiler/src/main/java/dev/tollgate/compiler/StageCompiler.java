package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.DeploymentMode;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.crds.v1alpha1.StageSpec;
import dev.tollgate.ir.RouteConfig;
import dev.tollgate.ir.StageConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/** Checks a Stage and builds its routes with its variables substituted. */
final class StageCompiler {
    private final Findings findings;

    StageCompiler(Findings findings) {
        this.findings = findings;
    }

    /** The stage's name as served: {@code spec.stageName}, else the resource name. */
    static String stageName(Stage stage) {
        StageSpec spec = stage.getSpec();
        return spec != null && spec.getStageName() != null
                ? spec.getStageName()
                : stage.getMetadata().getName();
    }

    /** The stage config, or null when the stage has errors (reported on the Stage). */
    StageConfig compile(Stage stage, ApiCompiler.ApiDraft api) {
        ResourceRef ref = Compiler.ref(stage);
        StageSpec spec = stage.getSpec();
        int mark = findings.mark();
        String name = stageName(stage);
        if (!Syntax.STAGE_NAME.matcher(name).matches()) {
            findings.error(
                    ref, "spec.stageName", Reason.INVALID_VALUE, "stage name " + name + " is not [A-Za-z0-9_-]+");
        }
        SortedMap<String, String> variables = Compiler.sorted(spec.getVariables());
        for (Map.Entry<String, String> e : variables.entrySet()) {
            String f = "spec.variables[" + e.getKey() + "]";
            if (!Syntax.STAGE_VARIABLE_NAME.matcher(e.getKey()).matches()) {
                findings.error(ref, f, Reason.INVALID_VALUE, "stage variable names are [A-Za-z0-9_]+");
            } else if (e.getValue() == null
                    || !Syntax.STAGE_VARIABLE_VALUE.matcher(e.getValue()).matches()) {
                findings.error(ref, f, Reason.INVALID_VALUE, "stage variable values are [A-Za-z0-9-._~:/?#&=,]+");
            }
        }
        if (spec.getDeployment() != null) {
            if (spec.getDeployment().getMode() == DeploymentMode.Pinned) {
                // Serving the latest RestApi in place of the pinned one would serve the wrong API.
                findings.error(
                        ref, "spec.deployment.mode", Reason.NOT_SUPPORTED_YET, "Pinned deployments are not served yet");
            } else if (spec.getDeployment().getRestApiGeneration() != null) {
                findings.warning(
                        ref,
                        "spec.deployment.restApiGeneration",
                        Reason.NO_EFFECT,
                        "an AutoDeploy stage serves the RestApi as it is now");
            }
        }
        // Throttling, method settings and the cache are compiled by LimitsCompiler.
        if (spec.getCanary() != null) {
            findings.notSupportedYet(ref, "spec.canary", "canary releases");
        }
        if (spec.getTracingEnabled() != null) {
            findings.notSupportedYet(ref, "spec.tracingEnabled", "tracing");
        }
        String format = null;
        if (spec.getAccessLog() != null) {
            format = spec.getAccessLog().getFormat();
            if (format != null) {
                for (String unknown : Syntax.unknownContextVariables(format)) {
                    findings.error(
                            ref,
                            "spec.accessLog.format",
                            Reason.INVALID_VALUE,
                            "$context." + unknown + " is not a context variable the gateway provides");
                }
            }
            if (spec.getAccessLog().getDestination() != null) {
                findings.notSupportedYet(ref, "spec.accessLog.destination", "access log destinations");
            }
        }
        if (findings.errorsSince(mark)) {
            return null;
        }
        List<String> problems = new ArrayList<>();
        List<RouteConfig> routes = new ArrayList<>();
        for (RouteDraft draft : api.routes()) {
            RouteConfig route = draft.build(variables, problems);
            if (route != null) {
                routes.add(route);
            }
        }
        RouteConfig defaultRoute =
                api.defaultRoute() == null ? null : api.defaultRoute().build(variables, problems);
        for (String problem : problems) {
            findings.error(
                    ref,
                    "spec.variables",
                    Reason.INVALID_VALUE,
                    "RestApi " + api.ref().name() + ": " + problem);
        }
        if (!problems.isEmpty()) {
            return null;
        }
        routes.sort(Comparator.comparing(RouteConfig::resourcePath).thenComparing(RouteConfig::httpMethod));
        return new StageConfig(name, variables, format, routes, defaultRoute);
    }
}
