package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.BasePathMapping;
import dev.tollgate.crds.v1alpha1.DomainName;
import dev.tollgate.crds.v1alpha1.DomainNameSpec;
import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.ir.ApiConfig;
import dev.tollgate.ir.BasePathMappingConfig;
import dev.tollgate.ir.DomainConfig;
import dev.tollgate.ir.GatewayConfig;
import dev.tollgate.ir.StageConfig;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Compiles one namespace's resources into the {@link GatewayConfig} its data plane serves. Pure
 * and deterministic: the same snapshot (in any list order) gives byte-identical IR. Never throws
 * for user input: a resource (or method) with errors is left out and the rest compiles.
 */
public final class Compiler {
    private static final Pattern DNS_NAME =
            Pattern.compile("(\\*\\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?\\.)*[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern BASE_PATH = Pattern.compile("[a-zA-Z0-9$_.+!*'()-]+(/[a-zA-Z0-9$_.+!*'()-]+)*");

    /** Compiles a snapshot; findings come in a stable order. */
    public CompileResult compile(NamespaceSnapshot snapshot) {
        Findings findings = new Findings();
        String suffix = gateway(snapshot, findings);
        SortedMap<String, ResolvedIntegration> integrations = new IntegrationCompiler(snapshot, findings).compile();
        ApiCompiler apiCompiler = new ApiCompiler(findings, new MethodCompiler(snapshot, integrations, findings));
        SortedMap<String, ApiCompiler.ApiDraft> drafts = new TreeMap<>();
        for (RestApi api : byName(snapshot.restApis())) {
            // Errors in single methods leave those methods out; errors on the API leave it out (null).
            ApiCompiler.ApiDraft draft = apiCompiler.compile(api);
            if (draft != null) {
                drafts.put(api.getMetadata().getName(), draft);
            }
        }
        LimitsCompiler limits = new LimitsCompiler(snapshot, findings);
        List<LimitsCompiler.PlanResult> plans = new ArrayList<>();
        SortedMap<String, SortedMap<String, StageConfig>> stages =
                limits.apply(stages(snapshot, drafts, findings), plans);
        List<ApiConfig> apis = new ArrayList<>();
        for (ApiCompiler.ApiDraft draft : drafts.values()) {
            SortedMap<String, StageConfig> own = stages.getOrDefault(draft.ref().name(), new TreeMap<>());
            apis.add(new ApiConfig(
                    draft.ref().name(),
                    draft.protocolType(),
                    draft.executeApiEndpoint(),
                    List.copyOf(own.values()),
                    draft.gatewayResponses(),
                    draft.cors(),
                    draft.policy()));
        }
        List<DomainConfig> domains = domains(snapshot, stages, findings);
        List<dev.tollgate.ir.BackendTlsConfig> backendTls = new BackendTlsCompiler(snapshot, findings).compile();
        GatewayConfig config = new GatewayConfig(
                        GatewayConfig.SCHEMA_VERSION, "", snapshot.namespace(), suffix, apis, domains, backendTls)
                .withSharedState(limits.apiKeys(plans), limits.redis(winningGateway(snapshot)));
        return new CompileResult(config.withConfigId(IrJson.configId(config)), findings.list());
    }

    /** The Gateway that serves the namespace, or null. */
    static Gateway winningGateway(NamespaceSnapshot snapshot) {
        List<Gateway> gateways = gatewaysInOrder(snapshot);
        return gateways.isEmpty() ? null : gateways.get(0);
    }

    private static List<Gateway> gatewaysInOrder(NamespaceSnapshot snapshot) {
        // The oldest Gateway wins, as a controller sees them; names break ties deterministically.
        List<Gateway> gateways = new ArrayList<>(snapshot.gateways());
        gateways.sort(Comparator.comparing((Gateway g) ->
                        Objects.requireNonNullElse(g.getMetadata().getCreationTimestamp(), "~"))
                .thenComparing(g -> g.getMetadata().getName()));
        return gateways;
    }

    private static String gateway(NamespaceSnapshot snapshot, Findings findings) {
        List<Gateway> gateways = gatewaysInOrder(snapshot);
        String suffix = null;
        for (int i = 0; i < gateways.size(); i++) {
            Gateway gateway = gateways.get(i);
            ResourceRef ref = ref(gateway);
            if (i > 0) {
                findings.error(
                        ref,
                        "",
                        Reason.CONFLICT,
                        "Gateway " + gateways.get(0).getMetadata().getName()
                                + " already serves this namespace; only one Gateway per namespace is allowed");
                continue;
            }
            if (gateway.getSpec() == null) {
                continue;
            }
            String wanted = gateway.getSpec().getEndpointSuffix();
            if (wanted != null) {
                String lower = wanted.toLowerCase(Locale.ROOT);
                if (DNS_NAME.matcher(lower).matches() && !lower.startsWith("*")) {
                    suffix = lower;
                } else {
                    findings.error(ref, "spec.endpointSuffix", Reason.INVALID_VALUE, wanted + " is not a DNS name");
                }
            }
        }
        return suffix;
    }

    private SortedMap<String, SortedMap<String, StageConfig>> stages(
            NamespaceSnapshot snapshot, Map<String, ApiCompiler.ApiDraft> drafts, Findings findings) {
        SortedMap<String, SortedMap<String, StageConfig>> out = new TreeMap<>();
        Set<String> declared = new HashSet<>();
        Set<String> apisWithStages = new HashSet<>();
        StageCompiler compiler = new StageCompiler(findings);
        for (Stage stage : byName(snapshot.stages())) {
            ResourceRef ref = ref(stage);
            if (stage.getSpec() == null) {
                findings.error(ref, "spec", Reason.INVALID_VALUE, "spec is required");
                continue;
            }
            String apiName = stage.getSpec().getRestApiRef();
            if (apiName == null || apiName.isEmpty()) {
                findings.error(ref, "spec.restApiRef", Reason.INVALID_VALUE, "restApiRef is required");
                continue;
            }
            apisWithStages.add(apiName);
            String name = StageCompiler.stageName(stage);
            if (!declared.add(apiName + "/" + name)) {
                findings.error(
                        ref,
                        stage.getSpec().getStageName() != null ? "spec.stageName" : "metadata.name",
                        Reason.DUPLICATE,
                        "RestApi " + apiName + " already has a stage named " + name);
                continue;
            }
            ApiCompiler.ApiDraft api = drafts.get(apiName);
            if (api == null) {
                boolean exists = snapshot.restApis().stream()
                        .anyMatch(a -> apiName.equals(a.getMetadata().getName()));
                findings.error(
                        ref,
                        "spec.restApiRef",
                        Reason.MISSING_REFERENCE,
                        exists
                                ? "RestApi " + apiName + " has errors"
                                : "no RestApi named " + apiName + " in namespace " + snapshot.namespace());
                continue;
            }
            StageConfig config = compiler.compile(stage, api);
            if (config != null) {
                out.computeIfAbsent(apiName, k -> new TreeMap<>()).put(config.name(), config);
            }
        }
        for (String api : drafts.keySet()) {
            if (!apisWithStages.contains(api)) {
                findings.warning(
                        drafts.get(api).ref(),
                        "",
                        Reason.NOT_SERVED,
                        "no Stage deploys this API, so it serves nothing; add a Stage with restApiRef " + api);
            }
        }
        return out;
    }

    private static List<DomainConfig> domains(
            NamespaceSnapshot snapshot, Map<String, SortedMap<String, StageConfig>> stages, Findings findings) {
        SortedMap<String, DomainConfig> out = new TreeMap<>();
        for (DomainName domain : byName(snapshot.domainNames())) {
            ResourceRef ref = ref(domain);
            DomainNameSpec spec = domain.getSpec();
            if (spec == null || spec.getDomainName() == null) {
                findings.error(ref, "spec.domainName", Reason.INVALID_VALUE, "domainName is required");
                continue;
            }
            int mark = findings.mark();
            String host = spec.getDomainName().toLowerCase(Locale.ROOT);
            if (!DNS_NAME.matcher(host).matches()) {
                findings.error(
                        ref, "spec.domainName", Reason.INVALID_VALUE, spec.getDomainName() + " is not a DNS name");
            } else if (out.containsKey(host)) {
                findings.error(ref, "spec.domainName", Reason.DUPLICATE, "another DomainName already claims " + host);
            }
            dev.tollgate.ir.DomainTlsConfig tls =
                    new DomainTlsCompiler(snapshot, findings).compile(ref, spec.getTls(), spec.getMutualTls());
            if (spec.getEndpointType() != null) {
                findings.warning(
                        ref, "spec.endpointType", Reason.NO_EFFECT, "endpointType is kept for import fidelity");
            }
            SortedMap<String, BasePathMappingConfig> mappings = new TreeMap<>();
            List<BasePathMapping> list = orEmpty(spec.getBasePathMappings());
            for (int i = 0; i < list.size(); i++) {
                BasePathMapping m = list.get(i);
                String f = "spec.basePathMappings[" + i + "]";
                String basePath = m.getBasePath() == null || m.getBasePath().equals("(none)") ? "" : m.getBasePath();
                if (!basePath.isEmpty() && !BASE_PATH.matcher(basePath).matches()) {
                    findings.error(
                            ref,
                            f + ".basePath",
                            Reason.INVALID_VALUE,
                            "basePath " + basePath + " is not segments of [a-zA-Z0-9$_.+!*'()-] without leading or"
                                    + " trailing /");
                    continue;
                }
                if (mappings.containsKey(basePath)) {
                    findings.error(
                            ref,
                            f + ".basePath",
                            Reason.DUPLICATE,
                            "basePath " + (basePath.isEmpty() ? "(none)" : basePath) + " is mapped twice");
                    continue;
                }
                Map<String, StageConfig> apiStages = m.getRestApiRef() == null ? null : stages.get(m.getRestApiRef());
                if (m.getRestApiRef() == null || m.getStage() == null) {
                    findings.error(ref, f, Reason.INVALID_VALUE, "restApiRef and stage are required");
                } else if (apiStages == null || !apiStages.containsKey(m.getStage())) {
                    findings.error(
                            ref,
                            f,
                            Reason.MISSING_REFERENCE,
                            "RestApi " + m.getRestApiRef() + " has no stage " + m.getStage()
                                    + " that compiled without errors");
                } else {
                    mappings.put(basePath, new BasePathMappingConfig(basePath, m.getRestApiRef(), m.getStage()));
                }
            }
            if (findings.errorsSince(mark)) {
                continue;
            }
            if (mappings.isEmpty()) {
                findings.warning(
                        ref, "spec.basePathMappings", Reason.NOT_SERVED, "no base path mappings: serves nothing");
            }
            out.put(host, new DomainConfig(host, List.copyOf(mappings.values()), tls));
        }
        return List.copyOf(out.values());
    }

    static ResourceRef ref(CustomResource<?, ?> resource) {
        return new ResourceRef(
                resource.getKind(),
                resource.getMetadata().getNamespace(),
                resource.getMetadata().getName());
    }

    /** Resources sorted by name, so input order never shows in the output. */
    static <T extends CustomResource<?, ?>> List<T> byName(List<T> in) {
        List<T> out = new ArrayList<>(in);
        out.sort(Comparator.comparing(r -> r.getMetadata().getName()));
        return out;
    }

    static <V> SortedMap<String, V> sorted(Map<String, V> in) {
        return in == null ? new TreeMap<>() : new TreeMap<>(in);
    }

    /** The list, or an empty one; null items (a bare {@code -} in YAML) are dropped. */
    static <T> List<T> orEmpty(List<T> in) {
        return in == null ? List.of() : in.stream().filter(Objects::nonNull).toList();
    }
}
