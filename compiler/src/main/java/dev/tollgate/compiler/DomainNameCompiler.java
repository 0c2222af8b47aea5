package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.BasePathMapping;
import dev.tollgate.crds.v1alpha1.DomainName;
import dev.tollgate.crds.v1alpha1.DomainNameSpec;
import dev.tollgate.crds.v1alpha1.DomainTls;
import dev.tollgate.crds.v1alpha1.Grammar;
import dev.tollgate.crds.v1alpha1.MutualTls;
import dev.tollgate.crds.v1alpha1.TlsVersion;
import dev.tollgate.ir.BasePathMappingConfig;
import dev.tollgate.ir.DomainConfig;
import dev.tollgate.ir.DomainTlsConfig;
import dev.tollgate.ir.StageConfig;
import dev.tollgate.ir.TruststoreConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Compiles DomainNames: the host, its base path mappings onto served stages, and its {@code tls}
 * and {@code mutualTls} checked against the snapshot's Secrets (the IR holds references and content
 * hashes, never key material).
 */
final class DomainNameCompiler {
    private static final Pattern DNS_NAME = Pattern.compile(Grammar.WILDCARD_DNS_NAME);
    private static final Pattern BASE_PATH = Pattern.compile(Grammar.BASE_PATH);

    private final NamespaceSnapshot snapshot;
    private final Findings findings;

    DomainNameCompiler(NamespaceSnapshot snapshot, Findings findings) {
        this.snapshot = snapshot;
        this.findings = findings;
    }

    /**
     * The DomainNames without errors, sorted by host; a base path mapping may name only a stage
     * that compiled without errors.
     *
     * @param stages the served stages by RestApi name, then stage name
     * @param executeApiEndpoints the RestApis whose default endpoint is on (no {@code
     *     disableExecuteApiEndpoint})
     */
    List<DomainConfig> compile(Map<String, SortedMap<String, StageConfig>> stages, Set<String> executeApiEndpoints) {
        SortedMap<String, DomainConfig> out = new TreeMap<>();
        for (DomainName domain : Inputs.byName(snapshot.domainNames())) {
            ResourceRef ref = ResourceRef.of(domain);
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
            DomainTlsConfig tls = tls(ref, spec.getTls(), spec.getMutualTls());
            if (spec.getEndpointType() != null) {
                findings.warning(
                        ref, "spec.endpointType", Reason.NO_EFFECT, "endpointType is kept for import fidelity");
            }
            SortedMap<String, BasePathMappingConfig> mappings = new TreeMap<>();
            List<BasePathMapping> list = Inputs.orEmpty(spec.getBasePathMappings());
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
            if (tls != null && tls.truststore() != null) {
                warnOpenDefaultEndpoints(ref, mappings.values(), executeApiEndpoints);
            }
            if (mappings.isEmpty()) {
                findings.warning(
                        ref, "spec.basePathMappings", Reason.NOT_SERVED, "no base path mappings: serves nothing");
            }
            out.put(host, new DomainConfig(host, List.copyOf(mappings.values()), tls));
        }
        return List.copyOf(out.values());
    }

    /**
     * Warns, as AWS does, that a mutual-TLS domain does not protect an API whose default endpoint is
     * still on: that endpoint answers the same stages without asking for a client certificate.
     */
    private void warnOpenDefaultEndpoints(
            ResourceRef ref, Iterable<BasePathMappingConfig> mappings, Set<String> executeApiEndpoints) {
        Set<String> open = new TreeSet<>();
        for (BasePathMappingConfig m : mappings) {
            if (executeApiEndpoints.contains(m.api())) {
                open.add(m.api());
            }
        }
        for (String api : open) {
            findings.warning(
                    ref,
                    "spec.mutualTls",
                    Reason.NO_EFFECT,
                    "RestApi " + api + " stays reachable without a client certificate on its default endpoint;"
                            + " set disableExecuteApiEndpoint on it to require mutual TLS");
        }
    }

    /** The domain's TLS, or null without {@code tls}; errors are reported (the domain is left out). */
    private DomainTlsConfig tls(ResourceRef ref, DomainTls tls, MutualTls mutual) {
        if (tls == null) {
            if (mutual != null) {
                findings.error(ref, "spec.mutualTls", Reason.INVALID_VALUE, "mutualTls needs tls");
            }
            return null;
        }
        String name = tls.getSecretName();
        Optional<SecretInfo> secret = snapshot.secret(name);
        String hash = null;
        if (name == null || secret.isEmpty()) {
            findings.error(ref, "spec.tls.secretName", Reason.MISSING_REFERENCE, "no Secret named " + name);
        } else if (!secret.get().hasKey(DomainTlsConfig.CERTIFICATE_KEY)
                || !secret.get().hasKey(DomainTlsConfig.PRIVATE_KEY_KEY)) {
            findings.error(
                    ref,
                    "spec.tls.secretName",
                    Reason.INVALID_VALUE,
                    "Secret " + name + " needs tls.crt and tls.key (type kubernetes.io/tls)");
        } else {
            hash = Sha256.hexOfParts(
                    secret.get().data().get(DomainTlsConfig.CERTIFICATE_KEY),
                    secret.get().data().get(DomainTlsConfig.PRIVATE_KEY_KEY));
        }
        String minimum = "TLSv1.2";
        if (tls.getMinimumVersion() == TlsVersion.TLS_1_3) {
            minimum = "TLSv1.3";
        } else if (tls.getMinimumVersion() == TlsVersion.TLS_1_0) {
            // TLS 1.0/1.1 are broken and disabled by the JDK: serve 1.2 rather than pretend.
            findings.warning(
                    ref,
                    "spec.tls.minimumVersion",
                    Reason.NO_EFFECT,
                    "TLS 1.0 and 1.1 are not offered; the domain is served with TLS 1.2 as minimum");
        }
        TruststoreConfig truststore = null;
        if (mutual != null) {
            truststore = truststore(ref, mutual);
        }
        if (hash == null || (mutual != null && truststore == null)) {
            return null;
        }
        return new DomainTlsConfig(name, hash, minimum, truststore);
    }

    private TruststoreConfig truststore(ResourceRef ref, MutualTls mutual) {
        if (mutual.getTruststoreConfigMapRef() != null) {
            findings.error(
                    ref,
                    "spec.mutualTls.truststoreConfigMapRef",
                    Reason.NOT_SUPPORTED_YET,
                    "trust stores are read from Secrets so far (truststoreSecretRef)");
            return null;
        }
        String name = mutual.getTruststoreSecretRef();
        String key = mutual.getKey() == null ? "ca.crt" : mutual.getKey();
        Optional<SecretInfo> secret = snapshot.secret(name);
        if (name == null || secret.isEmpty()) {
            findings.error(
                    ref, "spec.mutualTls.truststoreSecretRef", Reason.MISSING_REFERENCE, "no Secret named " + name);
            return null;
        }
        if (!secret.get().hasKey(key)) {
            findings.error(
                    ref, "spec.mutualTls.key", Reason.MISSING_REFERENCE, "Secret " + name + " has no key " + key);
            return null;
        }
        String pem = new String(secret.get().data().get(key), StandardCharsets.US_ASCII);
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            findings.error(ref, "spec.mutualTls.key", Reason.INVALID_VALUE, "not a PEM bundle of certificates");
            return null;
        }
        return new TruststoreConfig(
                name, key, Sha256.hexOfParts(secret.get().data().get(key)));
    }
}
