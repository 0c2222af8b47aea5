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

        // 4. Stages: each deploys its RestApi with its variables substituted.
        StageCompiler stageCompiler = new StageCompiler(snapshot, findings);
        List<StageCompiler.DeployedStage> deployed = stageCompiler.deploy(apis);

        // 5. UsagePlans: throttles and quotas of the stages they cover.
        List<UsagePlanCompiler.Plan> plans = new UsagePlanCompiler(snapshot, findings)
                .compile(deployed.stream()
                        .collect(Collectors.toMap(StageCompiler.DeployedStage::id, Function.identity())));

        // 6. Stage limits: throttling, method settings and cache, merged with the plans into each route.
        SortedMap<String, SortedMap<String, StageConfig>> stages = stageCompiler.applyLimits(deployed, plans);

        // 7. DomainNames: hosts, TLS, and base path mappings onto the stages served.
        List<DomainConfig> domains = new DomainNameCompiler(snapshot, findings).compile(stages);

        // 8. Integrations' TLS: the CA bundles backends are verified with.
        List<BackendTlsConfig> backendTls = integrationCompiler.backendTls();

        // 9. ApiKeys: values hashed, with the plans that name them.
        List<ApiKeyConfig> apiKeys = new ApiKeyCompiler(snapshot, findings).compile(plans);

        // 10. The Gateway's Redis, where shared state lives.
        RedisConfig redis = gateway.redis();

        // 11. The Gateway's client timeouts and connection limits.
        TrafficLimitsConfig limits = gateway.limits();

        // 12. The config and its content id.
        GatewayConfig config = new GatewayConfig(
                        GatewayConfig.SCHEMA_VERSION,
                        "",
                        snapshot.namespace(),
                        endpointSuffix,
                        apiConfigs(apis, stages),
                        domains,
                        backendTls)
                .withSharedState(apiKeys, redis)
                .withLimits(limits);
        return new CompileResult(config.withConfigId(IrJson.configId(config)), findings.list());
    }

    private static List<ApiConfig> apiConfigs(
            Map<String, ApiDraft> apis, Map<String, SortedMap<String, StageConfig>> stages) {
        List<ApiConfig> out = new ArrayList<>();
        for (ApiDraft draft : apis.values()) {
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
