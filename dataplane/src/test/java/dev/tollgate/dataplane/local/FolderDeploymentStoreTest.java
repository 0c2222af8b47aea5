package dev.tollgate.dataplane.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.compiler.NamespaceSnapshot;
import dev.tollgate.compiler.deployment.DeploymentHistory;
import dev.tollgate.compiler.deployment.DeploymentSnapshots;
import dev.tollgate.compiler.deployment.StageReleases;
import dev.tollgate.crds.v1alpha1.ApiDeployment;
import dev.tollgate.dataplane.testing.Folders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The folder store writes only what a release changes: a new deployment file that reads back with
 * its content id intact, and a Stage's release fields in the document that defines it.
 */
class FolderDeploymentStoreTest {
    private static final String API =
            """
            # The shop: API, integration and stage in one file.
            apiVersion: apigateway.tollgate.dev/v1alpha1
            kind: RestApi
            metadata:
              name: shop
              namespace: team
            spec:
              models:
                - name: Item
                  contentType: application/json
                  schema: {type: object, properties: {}, required: [], minimum: 1.0}
              resources:
                - path: /v
                  methods:
                    - httpMethod: GET
                      integration: {integrationRef: mock}
            ---
            apiVersion: apigateway.tollgate.dev/v1alpha1
            kind: Integration
            metadata: {name: mock, namespace: team}
            spec: {type: MOCK}
            ---
            # prod: pinned by the deploy command
            apiVersion: apigateway.tollgate.dev/v1alpha1
            kind: Stage
            metadata:
              name: shop-prod
              namespace: team
            spec:
              restApiRef: shop
              stageName: prod   # a comment the edit may drop
              variables: {a: "1"}
            """;

    @TempDir
    Path folder;

    @Test
    void aNewDeploymentIsWrittenToItsOwnFileAndReadsBackIntact() throws Exception {
        Folders.write(folder, "shop.yaml", API);
        FolderDeploymentStore store = new FolderDeploymentStore(folder, null);
        assertThat(store.namespace()).as("the folder's only namespace").isEqualTo("team");
        NamespaceSnapshot before = store.snapshot();
        ApiDeployment d = DeploymentSnapshots.newDeployment(
                "abc123", before.restApis().get(0), before.integrations(), "first", Instant.now());
        store.create(d);

        assertThat(folder.resolve("apideployments/abc123.yaml")).exists();
        ApiDeployment read = store.snapshot().apiDeployments().get(0);
        assertThat(read.getMetadata().getNamespace()).isEqualTo("team");
        assertThat(DeploymentSnapshots.contentId(read.getSpec().getSnapshot()))
                .isEqualTo(d.getSpec().getContentId());
        assertThat(Files.readString(folder.resolve("apideployments/abc123.yaml")))
                .contains("properties: {}")
                .contains("required: []");
        assertThatThrownBy(() -> store.create(d)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aStageEditRewritesOnlyItsReleaseFieldsAndKeepsTheOtherDocumentsAsWritten() throws Exception {
        Folders.write(folder, "shop.yaml", API);
        FolderDeploymentStore store = new FolderDeploymentStore(folder, "team");
        var stage = store.snapshot().stages().get(0);
        store.writeStage(StageReleases.withCanary(StageReleases.pinned(stage, "abc123", null), "def456", 5));

        String text = Files.readString(folder.resolve("shop.yaml"));
        String[] docs = text.split("\n---\n");
        assertThat(docs).hasSize(3);
        assertThat(docs[0] + "\n---\n" + docs[1] + "\n---\n").isEqualTo(API.substring(0, API.indexOf("# prod")));
        assertThat(docs[2]).startsWith("# prod: pinned by the deploy command\n");
        var edited = store.snapshot().stages().get(0);
        assertThat(DeploymentHistory.pinnedTo(edited)).isEqualTo("abc123");
        assertThat(DeploymentHistory.canaryOf(edited)).isEqualTo("def456");
        assertThat(edited.getSpec().getStageName()).isEqualTo("prod");
        assertThat(edited.getSpec().getVariables()).containsEntry("a", "1");
        assertThat(docs[2].indexOf("restApiRef"))
                .as("the order of the document")
                .isLessThan(docs[2].indexOf("canary"));

        store.writeStage(StageReleases.promoted(edited));
        assertThat(Files.readString(folder.resolve("shop.yaml"))).doesNotContain("canary");
    }

    @Test
    void deletingRemovesTheFileOrOnlyTheDocument() throws Exception {
        Folders.write(folder, "shop.yaml", API);
        FolderDeploymentStore store = new FolderDeploymentStore(folder, "team");
        NamespaceSnapshot s = store.snapshot();
        ApiDeployment own =
                DeploymentSnapshots.newDeployment("abc123", s.restApis().get(0), s.integrations(), null, Instant.now());
        store.create(own);
        store.delete(own);
        assertThat(folder.resolve("apideployments/abc123.yaml")).doesNotExist();

        ApiDeployment shared =
                DeploymentSnapshots.newDeployment("def456", s.restApis().get(0), s.integrations(), null, Instant.now());
        store.create(shared);
        String deployment = Files.readString(folder.resolve("apideployments/def456.yaml"));
        Files.delete(folder.resolve("apideployments/def456.yaml"));
        Folders.write(folder, "shop.yaml", API + "---\n" + deployment);
        assertThat(store.snapshot().apiDeployments()).hasSize(1);
        store.delete(shared);
        assertThat(store.snapshot().apiDeployments()).isEmpty();
        assertThat(Files.readString(folder.resolve("shop.yaml"))).isEqualTo(API);
    }
}
