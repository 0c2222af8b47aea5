package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.DomainTls;
import dev.tollgate.crds.v1alpha1.MutualTls;
import dev.tollgate.crds.v1alpha1.TlsVersion;
import dev.tollgate.ir.DomainTlsConfig;
import dev.tollgate.ir.TruststoreConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Checks a DomainName's {@code tls} and {@code mutualTls} against the Secrets of the snapshot and
 * turns them into their IR: references and content hashes, never the key material.
 */
final class DomainTlsCompiler {
    private final NamespaceSnapshot snapshot;
    private final Findings findings;

    DomainTlsCompiler(NamespaceSnapshot snapshot, Findings findings) {
        this.snapshot = snapshot;
        this.findings = findings;
    }

    /** The domain's TLS, or null without {@code tls}; errors are reported (the domain is left out). */
    DomainTlsConfig compile(ResourceRef ref, DomainTls tls, MutualTls mutual) {
        if (tls == null) {
            if (mutual != null) {
                findings.error(ref, "spec.mutualTls", Reason.INVALID_VALUE, "mutualTls needs tls");
            }
            return null;
        }
        String name = tls.getSecretName();
        Optional<SecretInfo> secret = secret(name);
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
            hash = hash(
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
        Optional<SecretInfo> secret = secret(name);
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
        return new TruststoreConfig(name, key, hash(secret.get().data().get(key)));
    }

    private Optional<SecretInfo> secret(String name) {
        return snapshot.secrets().stream()
                .filter(s -> s.name().equals(name) && s.namespace().equals(snapshot.namespace()))
                .findFirst();
    }

    private static String hash(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                digest.update(Integer.toString(p.length).getBytes(StandardCharsets.US_ASCII));
                digest.update((byte) ':');
                digest.update(p);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
