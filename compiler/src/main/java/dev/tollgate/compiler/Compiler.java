package dev.tollgate.compiler;

import dev.tollgate.ir.ApiConfig;
import dev.tollgate.ir.ApiKeyConfig;
import dev.tollgate.ir.BackendTlsConfig;
import dev.tollgate.ir.DomainConfig;
import dev.tollgate.ir.GatewayConfig;
import dev.tollgate.ir.RedisConfig;
import dev.tollgate.ir.StageConfig;
import dev.tollgate.ir.TrafficLimitsConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compiles one namespace's resources into the {@link GatewayConfig} its data plane serves. Pure
 * and deterministic: the same snapshot (in any list order) gives byte-identical IR. Never throws
 * for user input: a resource (or method) with errors is left out and the rest compiles.
 *
 * <p>{@link #compile} is the whole pipeline, one numbered step per AWS kind; each kind is compiled
 * in the class named after it ({@code RestApiCompiler}, {@code StageCompiler}, …). The order of
 * the steps is the order of the findings, which golden files and status conditions show.
 */
public final class Compiler {

    /** Compiles a snapshot; findings come in a stable order. */
    public CompileResult compile(NamespaceSnapshot snapshot) {
        Findings findings = new Findings();

        // 1. Gateway: the oldest serves the namespace (others conflict), with its endpoint suffix.
        GatewayCompiler gateway = new GatewayCompiler(snapshot, findings);
        String endpointSuffix = gateway.endpointSuffix();

        // 2. Integrations: each checked once; methods and authorizers refer to the valid ones by name.
        IntegrationCompiler integrationCompiler = new IntegrationCompiler(snapshot, findings);
        SortedMap<String, ResolvedIntegration> integrations = integrationCompiler.compile();

        // 3. RestApis: methods (or routes), authorizers, policy, CORS, gateway responses, before any stage.
        SortedMap<String, ApiDraft> apis = new RestApiCompiler(snapshot, integrations, findings).compile();

        // 4. ApiDeployments: content ids checked; the snapshots Stages pin or run as canary compiled like RestApis.
        ApiDeploymentCompiler deploymentCompiler = new ApiDeploymentCompiler(snapshot, findings);
        SortedMap<String, DeploymentDraft> deployments =
                deploymentCompiler.compile(ApiDeploymentCompiler.named(snapshot));

        // 5. Stages: each serves its RestApi (or pinned deployment, and canary) with its variables substituted.
        StageCompiler stageCompiler = new StageCompiler(snapshot, findings);
        List<StageCompiler.DeployedStage> deployed = stageCompiler.deploy(apis, deployments);

        // 6. UsagePlans: throttles and quotas of the stages they cover.
        List<UsagePlanCompiler.Plan> plans = new UsagePlanCompiler(snapshot, findings)
                .compile(deployed.stream()
                        .collect(Collectors.toMap(StageCompiler.DeployedStage::id, Function.identity())));

        // 7. Stage limits: throttling, method settings and cache, merged with the plans into each route.
        SortedMap<String, SortedMap<String, StageConfig>> stages = stageCompiler.applyLimits(deployed, plans);

        // 8. DomainNames: hosts, TLS, and base path mappings onto the stages served.
        List<DomainConfig> domains = new DomainNameCompiler(snapshot, findings).compile(stages);

        // 9. Integrations' TLS: the CA bundles backends are verified with (deployments' own too).
        List<BackendTlsConfig> backendTls = new ArrayList<>(integrationCompiler.backendTls());
        backendTls.addAll(deploymentCompiler.backendTls());
        backendTls.sort(Comparator.comparing(BackendTlsConfig::integrationName));

        // 10. ApiKeys: values hashed, with the plans that name them.
        List<ApiKeyConfig> apiKeys = new ApiKeyCompiler(snapshot, findings).compile(plans);

        // 11. The Gateway's Redis, where shared state lives.
        RedisConfig redis = gateway.redis();

        // 12. The Gateway's client timeouts and connection limits.
        TrafficLimitsConfig limits = gateway.limits();

        // 13. The config and its content id.
        GatewayConfig config = new GatewayConfig(
                        GatewayConfig.SCHEMA_VERSION,
                        "",
                        snapshot.namespace(),
                        endpointSuffix,
                        apiConfigs(apis, deployed, stages),
                        domains,
                        backendTls)
                .withSharedState(apiKeys, redis)
                .withLimits(limits);
        return new CompileResult(config.withConfigId(IrJson.configId(config)), findings.list());
    }

    // An API is served when a stage serves it: its API-wide settings are the RestApi's, or (when the
    // RestApi is gone or broken and only pinned stages serve it) those of its first stage's deployment.
    private static List<ApiConfig> apiConfigs(
            Map<String, ApiDraft> apis,
            List<StageCompiler.DeployedStage> deployed,
            Map<String, SortedMap<String, StageConfig>> stages) {
        SortedMap<String, ApiDraft> served = new TreeMap<>(apis);
        for (StageCompiler.DeployedStage stage : deployed) {
            if (stages.containsKey(stage.api())) {
                served.putIfAbsent(stage.api(), stage.served());
            }
        }
        List<ApiConfig> out = new ArrayList<>();
        for (ApiDraft draft : served.values()) {
            SortedMap<String, StageConfig> own = stages.getOrDefault(draft.ref().name(), new TreeMap<>());
            out.add(new ApiConfig(
                    draft.ref().name(),
                    draft.protocolType(),
                    draft.executeApiEndpoint(),
                    List.copyOf(own.values()),
                    draft.gatewayResponses(),
                    draft.cors(),
                    draft.policy(),
                    draft.encodedSlashInProxy(),
                    draft.payload()));
        }
        return out;
    }
}
