package dev.tollgate.dataplane.runtime;

import dev.tollgate.ir.ApiConfig;
import java.util.Map;

/**
 * One API as served.
 *
 * @param namespace the namespace it came from
 * @param config its IR
 * @param stages its stages by name
 */
public record ApiRuntime(String namespace, ApiConfig config, Map<String, StageRuntime> stages) {}
