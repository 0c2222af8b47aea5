package dev.tollgate.ir;

import java.util.List;

/**
 * One statement of a resource policy, for principal {@code *} and action {@code
 * execute-api:Invoke}.
 *
 * @param allow true for Allow, false for Deny
 * @param resources patterns over {@code STAGE/METHOD/PATH} (path without its leading slash, e.g.
 *     {@code prod/GET/pets/1}); {@code *} matches any run of characters, as in IAM
 * @param sourceCidrs client address ranges in CIDR notation the statement is limited to; empty
 *     means any address
 */
public record PolicyStatementConfig(boolean allow, List<String> resources, List<String> sourceCidrs) {
    public PolicyStatementConfig {
        resources = Ir.list(resources);
        sourceCidrs = Ir.list(sourceCidrs);
    }
}
