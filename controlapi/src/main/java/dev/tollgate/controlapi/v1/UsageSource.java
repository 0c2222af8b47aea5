package dev.tollgate.controlapi.v1;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Where get-usage reads the data plane's per-key usage: its admin {@code /usage} report ({@code
 * {"keys": {KEY: {"used": N, "remaining": N}}, "quota": {...}}}), or nothing when no data plane is
 * reachable.
 */
@FunctionalInterface
public interface UsageSource {
    /** The usage report of a plan, or empty when the data plane cannot be asked. */
    Optional<JsonNode> usage(String namespace, String plan);

    /** No data plane to ask: usage is reported empty. */
    static UsageSource none() {
        return (namespace, plan) -> Optional.empty();
    }
}
