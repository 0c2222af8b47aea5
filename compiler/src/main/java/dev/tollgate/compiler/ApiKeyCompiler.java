package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.ApiKey;
import dev.tollgate.crds.v1alpha1.ApiKeySpec;
import dev.tollgate.crds.v1alpha1.GenerateSecret;
import dev.tollgate.crds.v1alpha1.SecretKeyRef;
import dev.tollgate.crds.v1alpha1.UsagePlan;
import dev.tollgate.ir.ApiKeyConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles ApiKeys: each key's value, read from its Secret (or the Secret the operator generates),
 * checked as AWS checks it and held in the IR as a SHA-256 hash only, with the usage plans that
 * name it. Messages never echo a key value.
 */
final class ApiKeyCompiler {
    /** The Secret key an ApiKey's generated value is written to by the operator. */
    static final String GENERATED_SECRET_KEY = GenerateSecret.SECRET_KEY;

    /** AWS refuses API key values shorter than this. */
    static final int MIN_KEY_LENGTH = 20;

    private final NamespaceSnapshot snapshot;
    private final Findings findings;

    ApiKeyCompiler(NamespaceSnapshot snapshot, Findings findings) {
        this.snapshot = snapshot;
        this.findings = findings;
    }

    /**
     * The API keys, hashed and sorted by name; keys whose value is missing or invalid are left out
     * with a finding.
     *
     * @param plans the usage plans without errors; a key carries the names of those that name it
     */
    List<ApiKeyConfig> compile(List<UsagePlanCompiler.Plan> plans) {
        Map<String, List<String>> plansByKey = new HashMap<>();
        Set<String> valid = new HashSet<>();
        plans.forEach(p -> valid.add(p.name()));
        for (UsagePlan plan : Inputs.byName(snapshot.usagePlans())) {
            if (plan.getSpec() != null && valid.contains(plan.getMetadata().getName())) {
                for (String key : Inputs.orEmpty(plan.getSpec().getApiKeys())) {
                    plansByKey
                            .computeIfAbsent(key, k -> new ArrayList<>())
                            .add(plan.getMetadata().getName());
                }
            }
        }
        List<ApiKeyConfig> out = new ArrayList<>();
        Map<String, String> byHash = new HashMap<>();
        for (ApiKey key : Inputs.byName(snapshot.apiKeys())) {
            ResourceRef ref = ResourceRef.of(key);
            ApiKeySpec spec = key.getSpec();
            if (spec == null || (spec.getValueFrom() == null) == (spec.getGenerateSecret() == null)) {
                findings.error(
                        ref, "spec", Reason.INVALID_VALUE, "exactly one of valueFrom or generateSecret must be set");
                continue;
            }
            byte[] value = value(ref, spec);
            if (value == null) {
                continue;
            }
            String text = new String(value, StandardCharsets.UTF_8);
            if (text.length() < MIN_KEY_LENGTH || !text.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                // Never echo the value: name the Secret only.
                findings.error(
                        ref,
                        spec.getValueFrom() != null ? "spec.valueFrom.secretKeyRef" : "spec.generateSecret",
                        Reason.INVALID_VALUE,
                        "the key value must be at least " + MIN_KEY_LENGTH
                                + " printable ASCII characters without spaces (a trailing newline counts)");
                continue;
            }
            String hash = Sha256.hex(value);
            String name = key.getMetadata().getName();
            String other = byHash.putIfAbsent(hash, name);
            if (other != null) {
                findings.error(ref, "", Reason.DUPLICATE, "ApiKey " + other + " has the same value");
                continue;
            }
            List<String> keyPlans = new ArrayList<>(plansByKey.getOrDefault(name, List.of()));
            keyPlans.sort(Comparator.naturalOrder());
            out.add(new ApiKeyConfig(name, hash, spec.getEnabled() == null || spec.getEnabled(), keyPlans));
        }
        return out;
    }

    /** The key's value from its Secret, or null (reported) when it cannot be read. */
    private byte[] value(ResourceRef ref, ApiKeySpec spec) {
        if (spec.getValueFrom() != null) {
            SecretKeyRef secretRef = spec.getValueFrom().getSecretKeyRef();
            if (secretRef == null || secretRef.getName() == null) {
                findings.error(ref, "spec.valueFrom.secretKeyRef", Reason.INVALID_VALUE, "name and key are required");
                return null;
            }
            SecretInfo secret = snapshot.secret(secretRef.getName()).orElse(null);
            if (secret == null) {
                findings.error(
                        ref,
                        "spec.valueFrom.secretKeyRef.name",
                        Reason.MISSING_REFERENCE,
                        "no Secret named " + secretRef.getName());
                return null;
            }
            if (secretRef.getKey() == null || !secret.hasKey(secretRef.getKey())) {
                findings.error(
                        ref,
                        "spec.valueFrom.secretKeyRef.key",
                        Reason.MISSING_REFERENCE,
                        "Secret " + secretRef.getName() + " has no key " + secretRef.getKey());
                return null;
            }
            return secret.data().get(secretRef.getKey());
        }
        String name = spec.getGenerateSecret().getName();
        SecretInfo secret = name == null ? null : snapshot.secret(name).orElse(null);
        if (secret == null || !secret.hasKey(GENERATED_SECRET_KEY)) {
            findings.warning(
                    ref,
                    "spec.generateSecret",
                    Reason.NOT_SERVED,
                    "Secret " + name + " with key " + GENERATED_SECRET_KEY
                            + " does not exist yet (the operator generates it); the key is not served yet");
            return null;
        }
        return secret.data().get(GENERATED_SECRET_KEY);
    }
}
