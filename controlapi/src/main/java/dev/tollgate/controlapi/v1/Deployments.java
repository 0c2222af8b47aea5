package dev.tollgate.controlapi.v1;

import dev.tollgate.controlapi.http.AwsException;
import dev.tollgate.controlapi.http.Call;
import dev.tollgate.controlapi.http.Reply;
import java.util.function.Function;

/**
 * Deployments (create-deployment, get-deployment(s), update/delete-deployment, canary settings,
 * test-invoke-method): pending the ApiDeployment kind. Until it exists every Stage follows its
 * RestApi live (auto-deploy), so these answer BadRequestException saying so; this class is the one
 * place they will be added.
 */
public final class Deployments {
    private final Function<Call, Scope> scopes;

    public Deployments(Function<Call, Scope> scopes) {
        this.scopes = scopes;
    }

    /** The error every deployment operation answers until deployments exist. */
    static AwsException pending(String what) {
        return AwsException.badRequest(what + " is not available yet: Tollgate has no deployments yet, and every"
                + " Stage serves its RestApi as it is now (auto-deploy). Create the stage with create-stage (any"
                + " --deployment-id); changes to the API are live at once.");
    }

    /** Any deployment operation: checks the API exists, then answers that deployments are pending. */
    public Reply any(Call call) {
        RestApis.rest(scopes.apply(call), call.param("restapi_id"));
        String operation =
                switch (call.method()) {
                    case "POST" -> call.param("http_method") != null ? "test-invoke-method" : "create-deployment";
                    case "PATCH" -> "update-deployment";
                    case "DELETE" -> "delete-deployment";
                    default -> "get-deployment";
                };
        throw pending(operation);
    }
}
