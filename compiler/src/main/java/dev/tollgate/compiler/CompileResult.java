package dev.tollgate.compiler;

import dev.tollgate.ir.GatewayConfig;
import java.util.List;
import java.util.Objects;

/**
 * What the compiler made of a snapshot.
 *
 * @param config the config to serve: every resource without errors
 * @param findings every error and warning, in a stable order
 */
public record CompileResult(GatewayConfig config, List<Finding> findings) {
    public CompileResult {
        Objects.requireNonNull(config, "config");
        findings = List.copyOf(findings);
    }

    /** Whether any finding is an ERROR. */
    public boolean hasErrors() {
        return findings.stream().anyMatch(Finding::isError);
    }

    /** The findings about one resource. */
    public List<Finding> findingsFor(ResourceRef resource) {
        return findings.stream().filter(f -> f.resource().equals(resource)).toList();
    }
}
