package dev.tollgate.dataplane.source.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretKeyMaterialTest {
    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(b(s));
    }

    @Test
    void valueIsTheEntryNamedSecretDotKeyInItsOwnNamespaceOnly() {
        SecretKeyMaterial keys = SecretKeyMaterial.fromSecret(
                "team",
                Map.of("shop-tls.tls.crt", b64("CERT"), "shop-tls.tls.key", b64("KEY"), "ca.bundle.pem", b64("CA")),
                null);
        assertThat(keys.value("team", "shop-tls", "tls.crt")).isEqualTo(b("CERT"));
        assertThat(keys.value("team", "shop-tls", "tls.key")).isEqualTo(b("KEY"));
        assertThat(keys.value("team", "ca", "bundle.pem")).isEqualTo(b("CA"));
        assertThat(keys.value("other", "shop-tls", "tls.crt")).isNull();
        assertThat(keys.value("team", "shop-tls", "ca.crt")).isNull();
        assertThat(keys.value("team", null, "tls.crt")).isNull();
        assertThat(keys.size()).isEqualTo(3);
    }

    @Test
    void stringDataCountsAndInvalidBase64IsLeftOutInsteadOfFailing() {
        SecretKeyMaterial keys =
                SecretKeyMaterial.fromSecret("team", Map.of("a.k", "%%% not base64"), Map.of("b.k", "plain"));
        assertThat(keys.value("team", "a", "k")).isNull();
        assertThat(keys.value("team", "b", "k")).isEqualTo(b("plain"));
    }

    @Test
    void returnedValuesAreCopiesAndToStringNamesNoValue() {
        SecretKeyMaterial keys = new SecretKeyMaterial("team", Map.of("s.k", b("SECRET-VALUE")));
        keys.value("team", "s", "k")[0] = 'X';
        assertThat(keys.value("team", "s", "k")).isEqualTo(b("SECRET-VALUE"));
        assertThat(keys.toString()).doesNotContain("SECRET-VALUE").contains("1 value");
    }

    @Test
    void digestFollowsTheContent() {
        SecretKeyMaterial a = new SecretKeyMaterial("team", Map.of("s.k", b("one")));
        assertThat(a.digest()).isEqualTo(new SecretKeyMaterial("team", Map.of("s.k", b("one"))).digest());
        assertThat(a.digest()).isNotEqualTo(new SecretKeyMaterial("team", Map.of("s.k", b("two"))).digest());
        assertThat(a.digest()).doesNotContain("one");
    }

    @Test
    void mountedCopyIsOneFilePerKeySkippingKubernetesOwnEntries(@TempDir Path mount) throws Exception {
        Files.write(mount.resolve("shop-tls.tls.crt"), b("CERT"));
        Files.createDirectory(mount.resolve("..2026_11_24"));
        Files.write(mount.resolve("..data"), b("not a key"));
        SecretKeyMaterial keys = SecretKeyMaterial.fromFolder("team", mount);
        assertThat(keys.value("team", "shop-tls", "tls.crt")).isEqualTo(b("CERT"));
        assertThat(keys.size()).isEqualTo(1);
        assertThat(SecretKeyMaterial.fromFolder("team", mount.resolve("absent")).size())
                .isZero();
    }

    @Test
    void accessKeysAreTheEntriesTheOperatorCopiedGroupedByKeyIdInTheirOwnNamespaceOnly() {
        SecretKeyMaterial keys = new SecretKeyMaterial(
                "team",
                Map.of(
                        "AccessKey.AKID.ONE.secretAccessKey", b("S1"),
                        "AccessKey.AKID.ONE.username", b("one"),
                        "AccessKey.AKIDTWO.secretAccessKey", b("S2"),
                        "AccessKey.bad key.username", b("x"),
                        "shop-tls.tls.crt", b("CERT")));

        var accessKeys = keys.accessKeys("team");

        assertThat(accessKeys).containsOnlyKeys("AKID.ONE", "AKIDTWO");
        assertThat(accessKeys.get("AKID.ONE"))
                .containsEntry("secretAccessKey", "S1")
                .containsEntry("username", "one");
        assertThat(accessKeys.get("AKIDTWO")).containsOnlyKeys("secretAccessKey");
        assertThat(keys.accessKeys("other")).isEmpty();
    }
}
