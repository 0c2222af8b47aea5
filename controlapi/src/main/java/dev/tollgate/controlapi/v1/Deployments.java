package dev.tollgate.controlapi.v1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.compiler.DeploymentCheck;
import dev.tollgate.compiler.NamespaceSnapshot;
import dev.tollgate.compiler.deployment.DeploymentHistory;
import dev.tollgate.compiler.deployment.DeploymentSnapshots;
import dev.tollgate.compiler.deployment.StageReleases;
import dev.tollgate.controlapi.http.AwsException;
import dev.tollgate.controlapi.http.Call;
import dev.tollgate.controlapi.http.Reply;
import dev.tollgate.crds.v1alpha1.ApiDeployment;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.Stage;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Deployments of a REST API as AWS's create-deployment, get-deployment(s), update-deployment and
 * delete-deployment, over ApiDeployment resources; and test-invoke-method. A deployment is made as
 * the {@code deploy} command makes it (the same snapshot, name and check, from {@code
 * compiler.deployment} and {@link DeploymentCheck}); with a {@code stageName} it pins that stage
 * (creating it when missing, as AWS does) or, with {@code canarySettings}, becomes its canary.
 */
public final class Deployments {
    private final Function<Call, Scope> scopes;
    private final Clock clock;
    private final TestInvocations invocations;
    private final SecureRandom random = new SecureRandom();

    public Deployments(Function<Call, Scope> scopes, Clock clock, TestInvocations invocations) {
        this.scopes = scopes;
        this.clock = clock;
        this.invocations = invocations;
    }

    static ObjectNode shape(ApiDeployment d) {
        ObjectNode out = Json.object();
        out.put("id", d.getMetadata().getName());
        Json.put(out, "description", d.getSpec().getDescription());
        out.put("createdDate", DeploymentHistory.createdAt(d).getEpochSecond());
        return out;
    }

    /** The deployments of an API, newest first. */
    static List<ApiDeployment> of(Scope scope, String apiId) {
        return DeploymentHistory.of(scope.list(ApiDeployment.class), apiId);
    }

    /** A deployment of the API, or NotFoundException as AWS words it. */
    static ApiDeployment find(Scope scope, String apiId, String id) {
        return of(scope, apiId).stream()
                .filter(d -> d.getMetadata().getName().equals(id))
                .findFirst()
                .orElseThrow(() -> AwsException.notFound("Invalid Deployment identifier specified"));
    }

    public Reply create(Call call) {
        Scope scope = scopes.apply(call);
        RestApi api = RestApis.rest(scope, call.param("restapi_id"));
        String apiId = api.getMetadata().getName();
        JsonNode body = call.json();
        String stageName = Json.text(body, "stageName");
        JsonNode canary = body.get("canarySettings");
        if (canary != null && !canary.isNull() && stageName == null) {
            throw AwsException.badRequest("canarySettings need a stageName");
        }
        NamespaceSnapshot snapshot = Scope.guard(() -> scope.store().snapshot(scope.namespace()));
        Set<String> taken = scope.list(ApiDeployment.class).stream()
                .map(d -> d.getMetadata().getName())
                .collect(Collectors.toCollection(HashSet::new));
        String name = DeploymentHistory.newName(random, taken::contains);
        ApiDeployment deployment = DeploymentSnapshots.newDeployment(
                name, api, scope.list(Integration.class), Json.text(body, "description"), clock.instant());
        deployment.getMetadata().setLabels(new TreeMap<>(Map.of(ApiView.API_LABEL, apiId)));
        List<Scope.Change> changes = new ArrayList<>();
        changes.add(new Scope.Change.Create(deployment));
        Stage stage = null;
        boolean canaryDeployment = canary != null && !canary.isNull();
        if (stageName != null) {
            Stage existing = Stages.of(scope, apiId).stream()
                    .filter(s -> Stages.stageName(s).equals(stageName))
                    .findFirst()
                    .orElse(null);
            if (existing == null && canaryDeployment) {
                throw AwsException.notFound("Invalid Stage identifier specified");
            }
            Stage base = existing != null ? existing : Stages.newStage(apiId, stageName, body, "stageDescription");
            stage = canaryDeployment
                    ? withCanary(base, name, canary)
                    : StageReleases.pinned(base, name, Json.text(body, "stageDescription"));
            if (existing != null) {
                Map<String, String> variables = Json.strings(body, "variables");
                if (variables != null && !canaryDeployment) {
                    Map<String, String> merged =
                            new TreeMap<>(Json.mutable(stage.getSpec().getVariables()));
                    merged.putAll(variables);
                    stage.getSpec().setVariables(merged);
                }
            }
            changes.add(existing != null ? new Scope.Change.Update(stage) : new Scope.Change.Create(stage));
        }
        List<String> problems = DeploymentCheck.problems(snapshot, deployment, stage, canaryDeployment);
        if (!problems.isEmpty()) {
            throw AwsException.badRequest("RestApi " + apiId + " cannot be deployed as it is: "
                    + String.join("; ", problems.subList(0, Math.min(3, problems.size()))));
        }
        scope.apply(changes);
        return Reply.created(shape(deployment));
    }

    /** The stage with the new deployment as its canary, as create-deployment's canarySettings say. */
    private static Stage withCanary(Stage stage, String deployment, JsonNode settings) {
        Stage out = StageReleases.withCanary(stage, deployment, 0);
        out.getSpec().setCanary(Stages.canary(settings, deployment));
        return out;
    }

    public Reply list(Call call) {
        Scope scope = scopes.apply(call);
        RestApi api = RestApis.rest(scope, call.param("restapi_id"));
        List<ObjectNode> all = of(scope, api.getMetadata().getName()).stream()
                .map(Deployments::shape)
                .toList();
        return Reply.ok(Json.page(all, call.query("position"), call.query("limit"), "item"));
    }

    public Reply get(Call call) {
        Scope scope = scopes.apply(call);
        RestApi api = RestApis.rest(scope, call.param("restapi_id"));
        return Reply.ok(shape(find(scope, api.getMetadata().getName(), call.param("deployment_id"))));
    }

    /** update-deployment: {@code /description} only (a deployment's content never changes). */
    public Reply update(Call call) {
        Scope scope = scopes.apply(call);
        RestApi api = RestApis.rest(scope, call.param("restapi_id"));
        ApiDeployment d = find(scope, api.getMetadata().getName(), call.param("deployment_id"));
        for (Patch p : Patch.of(call.json())) {
            if (!p.segments().equals(List.of("description"))) {
                throw p.unsupported();
            }
            d.getSpec().setDescription(p.op().equals("remove") ? null : p.required());
        }
        scope.apply(new Scope.Change.Update(d));
        return Reply.ok(shape(d));
    }

    /** delete-deployment: refused, as AWS refuses it, while a stage (or its canary) serves it. */
    public Reply delete(Call call) {
        Scope scope = scopes.apply(call);
        RestApi api = RestApis.rest(scope, call.param("restapi_id"));
        ApiDeployment d = find(scope, api.getMetadata().getName(), call.param("deployment_id"));
        if (DeploymentHistory.inUse(d.getMetadata().getName(), scope.list(Stage.class))) {
            throw AwsException.badRequest("Active stages pointing to this deployment must be moved or deleted");
        }
        scope.apply(new Scope.Change.Delete(ApiDeployment.class, d.getMetadata().getName()));
        return Reply.empty(202);
    }

    /**
     * test-invoke-method: one request through the method as the API is defined now (no stage, so
     * no stage variables), run by the gateway that serves the store ({@link TestInvocations}).
     */
    public Reply testInvoke(Call call) {
        Scope scope = scopes.apply(call);
        RestApi api = RestApis.rest(scope, call.param("restapi_id"));
        ApiView view = new ApiView(api);
        String path = view.pathOf(call.param("resource_id"));
        String method = ApiView.httpMethod(call.param("http_method"));
        view.method(path, method);
        JsonNode body = call.json();
        ObjectNode request = Json.object();
        request.put("namespace", scope.namespace());
        request.put("restApi", api.getMetadata().getName());
        request.put("httpMethod", method);
        String target = Json.text(body, "pathWithQueryString");
        request.put("pathWithQueryString", target == null ? path : target);
        Json.put(request, "body", Json.text(body, "body"));
        Json.put(request, "headers", Json.strings(body, "headers"));
        if (body.has("multiValueHeaders")) {
            request.set("multiValueHeaders", body.get("multiValueHeaders"));
        }
        return Reply.ok(invocations.invoke(request));
    }
}
