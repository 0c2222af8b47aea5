package dev.tollgate.controlapi.v2;

import dev.tollgate.controlapi.http.Call;
import dev.tollgate.controlapi.http.Router;
import dev.tollgate.controlapi.v1.Scope;
import java.util.function.Function;

/** API Gateway v2 routes: HTTP and WebSocket APIs, routes, integrations and stages. */
public final class HttpApis {
    private HttpApis() {}

    /** Adds v2's routes. */
    public static void routes(Router router, Function<Call, Scope> scopes) {}
}
