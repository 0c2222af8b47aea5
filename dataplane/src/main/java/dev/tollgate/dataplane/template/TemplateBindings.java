package dev.tollgate.dataplane.template;

import java.util.Map;

/**
 * What one render sees.
 *
 * @param input {@code $input}
 * @param context {@code $context}: nested maps by AWS's dotted names; its {@code requestOverride}
 *     and {@code responseOverride} maps are the template's to fill
 * @param stageVariables {@code $stageVariables}
 */
public record TemplateBindings(InputVariable input, Map<String, Object> context, Map<String, String> stageVariables) {}
