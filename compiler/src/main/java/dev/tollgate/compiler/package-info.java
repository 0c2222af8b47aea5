/**
 * Compiles a namespace's custom resources into the gateway config IR, with findings; pure, no I/O.
 *
 * <p>{@link dev.tollgate.compiler.Compiler#compile} runs one step per AWS kind, each in the class
 * named after it: {@code GatewayCompiler} (Gateway: which one serves, endpoint suffix, Redis),
 * {@code IntegrationCompiler} (Integration, its backend TLS), {@code RestApiCompiler} (RestApi,
 * with {@code MethodCompiler} for each method's integration, {@code AuthorizerCompiler} for
 * authorizers and who may call a method, and {@code PolicyCompiler}, {@code CorsCompiler}, {@code
 * GatewayResponseCompiler} for what applies to the whole API), {@code ApiDeploymentCompiler}
 * (ApiDeployment: its content id checked, and the snapshots Stages name compiled with the RestApi
 * and Integration stages), {@code StageCompiler} (Stage: the RestApi or pinned deployment served,
 * canary, variables, access log, throttling, method settings, cache), {@code UsagePlanCompiler},
 * {@code ApiKeyCompiler} and {@code DomainNameCompiler}. {@code RouteLimitsMerge} is the pure merge
 * of stage, method-setting, cache and usage-plan limits into each route; {@code Syntax} parses AWS's
 * small languages on top of the CRDs' {@code Grammar}. Pure functions that make and list
 * deployments (snapshot, content id, history, Stage edits) are in {@code
 * dev.tollgate.compiler.deployment}.
 */
package dev.tollgate.compiler;
