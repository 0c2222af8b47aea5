package dev.tollgate.ir;

import java.util.List;

/**
 * An API's resource policy, as AWS evaluates it for unauthenticated callers: a request passes when
 * at least one Allow statement matches it and no Deny statement does (explicit deny wins; no match
 * is an implicit deny).
 *
 * @param statements the statements in their declared order
 */
public record ResourcePolicyConfig(List<PolicyStatementConfig> statements) {
    public ResourcePolicyConfig {
        statements = Ir.list(statements);
    }
}
