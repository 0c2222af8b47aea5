package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.BackendTls;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.ir.BackendTlsConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Checks each Integration's {@code tls} and turns CA bundles into their IR. The backend's
 * certificate is always verified, host name included: settings that would weaken that are refused.
 */
final class BackendTlsCompiler {
    private final NamespaceSnapshot snapshot;
    private final Findings findings;

    BackendTlsCompiler(NamespaceSnapshot snapshot, Findings findings) {
        this.snapshot = snapshot;
        this.findings = findings;
    }

    List<BackendTlsConfig> compile() {
        List<BackendTlsConfig> out = new ArrayList<>();
        List<Integration> integrations = new ArrayList<>(snapshot.integrations());
        integrations.sort(Comparator.comparing(i -> i.getMetadata().getName()));
        for (Integration integration : integrations) {
            BackendTls tls =
                    integration.getSpec() == null ? null : integration.getSpec().getTls();
            if (tls == null) {
                continue;
            }
            ResourceRef ref = Compiler.ref(integration);
            if (Boolean.TRUE.equals(tls.getInsecureSkipVerify())) {
                findings.error(
                        ref,
                        "spec.tls.insecureSkipVerify",
                        Reason.NOT_SUPPORTED_YET,
                        "the gateway always verifies backend certificates; give it the CA bundle instead");
            }
            if (tls.getServerName() != null) {
                findings.error(
                        ref,
                        "spec.tls.serverName",
                        Reason.NOT_SUPPORTED_YET,
                        "the certificate is verified against the host the gateway connects to");
            }
            if (tls.getCaBundleConfigMapRef() != null) {
                findings.error(
                        ref,
                        "spec.tls.caBundleConfigMapRef",
                        Reason.NOT_SUPPORTED_YET,
                        "CA bundles are read from Secrets so far (caBundleSecretRef)");
            }
            var secretRef = tls.getCaBundleSecretRef();
            if (secretRef == null) {
                continue;
            }
            String name = secretRef.getName();
            String key = secretRef.getKey();
            Optional<SecretInfo> secret = snapshot.secrets().stream()
                    .filter(s -> s.name().equals(name) && s.namespace().equals(snapshot.namespace()))
                    .findFirst();
            if (name == null || secret.isEmpty()) {
                findings.error(
                        ref, "spec.tls.caBundleSecretRef.name", Reason.MISSING_REFERENCE, "no Secret named " + name);
            } else if (key == null || !secret.get().hasKey(key)) {
                findings.error(
                        ref,
                        "spec.tls.caBundleSecretRef.key",
                        Reason.MISSING_REFERENCE,
                        "Secret " + name + " has no key " + key);
            } else if (!new String(secret.get().data().get(key), StandardCharsets.US_ASCII)
                    .contains("-----BEGIN CERTIFICATE-----")) {
                findings.error(
                        ref,
                        "spec.tls.caBundleSecretRef.key",
                        Reason.INVALID_VALUE,
                        "not a PEM bundle of certificates");
            } else {
                out.add(new BackendTlsConfig(
                        integration.getMetadata().getName(),
                        name,
                        key,
                        sha256(secret.get().data().get(key))));
            }
        }
        return out;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
