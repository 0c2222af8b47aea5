package dev.tollgate.dataplane.steps.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.compiler.SecretInfo;
import dev.tollgate.controlapi.auth.Caller;
import dev.tollgate.dataplane.tls.KeyMaterial;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AccessKeysTest {
    private static SecretInfo secret(String namespace, String name, String keyId, Map<String, String> values) {
        TreeMap<String, byte[]> data = new TreeMap<>();
        values.forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        TreeMap<String, String> labels = new TreeMap<>();
        if (keyId != null) {
            labels.put(SecretInfo.ACCESS_KEY_ID_LABEL, keyId);
        }
        return new SecretInfo(namespace, name, "Opaque", data, labels);
    }

    @Test
    void theFoldersLabelledSecretsMapKeyIdsToTheirIdentityInTheirNamespace() {
        AccessKeys keys = new AccessKeys();
        keys.update(
                List.of("team", "other"),
                KeyMaterial.of(List.of(
                        secret(
                                "team",
                                "ci",
                                "AKIDCI",
                                Map.of("secretAccessKey", "S", "username", "ci-bot", "groups", "a, b")),
                        secret("team", "incomplete", "AKIDHALF", Map.of("secretAccessKey", "S")),
                        secret("team", "first", "AKIDTWICE", Map.of("secretAccessKey", "S", "username", "x")),
                        secret("team", "second", "AKIDTWICE", Map.of("secretAccessKey", "S", "username", "y")),
                        secret("team", "unlabelled", null, Map.of("secretAccessKey", "S", "username", "z")))));

        Caller ci = keys.in("team").find("AKIDCI").orElseThrow().identity();
        assertThat(ci.username()).isEqualTo("ci-bot");
        assertThat(ci.groups()).containsExactly("a", "b");
        assertThat(ci.namespace()).isEqualTo("team");
        assertThat(keys.in("team").find("AKIDHALF")).isEmpty();
        assertThat(keys.in("team").find("AKIDTWICE")).isEmpty();
        assertThat(keys.in("other").find("AKIDCI")).isEmpty();
        assertThat(keys.size("team")).isEqualTo(1);
    }

    @Test
    void anUpdateReplacesTheKeysALookupAlreadyHandedOutSees() {
        AccessKeys keys = new AccessKeys();
        var lookup = keys.in("team");
        keys.update(
                List.of("team"),
                KeyMaterial.of(
                        List.of(secret("team", "ci", "AKIDCI", Map.of("secretAccessKey", "S", "username", "u")))));
        assertThat(lookup.find("AKIDCI")).isPresent();

        keys.update(List.of("team"), KeyMaterial.of(List.of()));

        assertThat(lookup.find("AKIDCI")).isEmpty();
    }
}
