package dev.tollgate.controlapi.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.RestApiSpec;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderStoreTest {
    @TempDir
    Path folder;

    static RestApi api(String name, String namespace, String description) {
        RestApi api = new RestApi();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setNamespace(namespace);
        api.setMetadata(meta);
        RestApiSpec spec = new RestApiSpec();
        spec.setDescription(description);
        api.setSpec(spec);
        return api;
    }

    static final String MULTI = String.join(
            "\n",
            "# Two APIs in one file.",
            "apiVersion: apigateway.tollgate.dev/v1alpha1",
            "kind: RestApi",
            "metadata:",
            "  name: first",
            "spec:",
            "  description: one",
            "---",
            "# The second one, with a comment that stays.",
            "apiVersion: apigateway.tollgate.dev/v1alpha1",
            "kind: RestApi",
            "metadata:",
            "  name: second",
            "spec:",
            "  description: two # an inline comment",
            "---",
            "apiVersion: v1",
            "kind: Service",
            "metadata:",
            "  name: backend",
            "spec:",
            "  ports:",
            "    - port: 80",
            "");

    @Test
    void aCreatedResourceGetsAFileOfItsOwnWithoutTheDefaultNamespace() throws Exception {
        FolderStore store = new FolderStore(folder, List.of());
        store.create(api("abc", "default", "new"));
        String text = Files.readString(folder.resolve("restapi-abc.yaml"));
        assertThat(text).contains("name: abc").contains("description: new").doesNotContain("namespace");
        assertThat(store.list(RestApi.class, "default"))
                .extracting(a -> a.getMetadata().getName())
                .containsExactly("abc");
        assertThatThrownBy(() -> store.create(api("abc", "default", "again")))
                .isInstanceOf(StoreException.Conflict.class);
        store.create(api("abc", "team-a", "elsewhere"));
        assertThat(Files.readString(folder.resolve("restapi-abc-2.yaml"))).contains("namespace: team-a");
    }

    @Test
    void anUpdateRewritesOnlyItsDocumentAndKeepsTheOthersAndTheirComments() throws Exception {
        Files.writeString(folder.resolve("apis.yaml"), MULTI, StandardCharsets.UTF_8);
        FolderStore store = new FolderStore(folder, List.of());
        store.update(api("first", null, "changed"));
        String text = Files.readString(folder.resolve("apis.yaml"));
        assertThat(text)
                .startsWith("# Two APIs in one file.\n")
                .contains("description: changed")
                .contains("# The second one, with a comment that stays.")
                .contains("  description: two # an inline comment")
                .contains("kind: Service");
        assertThat(store.get(RestApi.class, "default", "second")
                        .orElseThrow()
                        .getSpec()
                        .getDescription())
                .isEqualTo("two");
        assertThatThrownBy(() -> store.update(api("third", null, "x"))).isInstanceOf(StoreException.NotFound.class);
    }

    @Test
    void aDeleteRemovesTheDocumentAndTheFileWhenNothingIsLeft() throws Exception {
        Files.writeString(folder.resolve("apis.yaml"), MULTI, StandardCharsets.UTF_8);
        FolderStore store = new FolderStore(folder, List.of());
        assertThat(store.delete(RestApi.class, "default", "second")).isTrue();
        String text = Files.readString(folder.resolve("apis.yaml"));
        assertThat(text).contains("name: first").contains("name: backend").doesNotContain("name: second");
        assertThat(store.snapshot("default").services())
                .extracting(s -> s.name())
                .containsExactly("backend");
        assertThat(store.delete(RestApi.class, "default", "first")).isTrue();
        assertThat(Files.readString(folder.resolve("apis.yaml")))
                .doesNotContain("RestApi")
                .contains("kind: Service");
        assertThat(store.delete(RestApi.class, "default", "first")).isFalse();

        store.create(api("solo", null, "alone"));
        assertThat(store.delete(RestApi.class, "default", "solo")).isTrue();
        assertThat(folder.resolve("restapi-solo.yaml")).doesNotExist();
    }

    @Test
    void secretsAreWrittenAsSecretDocumentsAndReadBack() throws Exception {
        FolderStore store = new FolderStore(folder, List.of());
        store.putSecret("default", "key-value", "Opaque", Map.of("value", "s3cr3t-value-0123456789"), Map.of("a", "b"));
        assertThat(Files.readString(folder.resolve("secret-key-value.yaml")))
                .contains("kind: Secret")
                .contains("stringData:");
        assertThat(new String(store.secret("default", "key-value").orElseThrow().get("value"), StandardCharsets.UTF_8))
                .isEqualTo("s3cr3t-value-0123456789");
        assertThat(store.deleteSecret("default", "key-value")).isTrue();
        assertThat(store.secret("default", "key-value")).isEmpty();
    }
}
