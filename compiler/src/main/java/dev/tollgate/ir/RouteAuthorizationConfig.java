package dev.tollgate.ir;

import java.util.List;
import java.util.Objects;

/**
 * Who may call a route.
 *
 * @param authorizer the authorizer that checks the caller
 * @param scopes OAuth scopes of which the token must carry at least one (AWS's {@code
 *     authorizationScopes}); sorted; empty asks for none
 */
public record RouteAuthorizationConfig(AuthorizerConfig authorizer, List<String> scopes) {
    public RouteAuthorizationConfig {
        Objects.requireNonNull(authorizer, "authorizer");
        scopes = Ir.list(scopes);
    }
}
