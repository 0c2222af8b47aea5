package dev.tollgate.compiler.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tollgate.compiler.Finding;
import dev.tollgate.compiler.NamespaceSnapshot;
import dev.tollgate.compiler.Reason;
import dev.tollgate.compiler.SecretInfo;
import dev.tollgate.compiler.ServiceInfo;
import dev.tollgate.compiler.ServicePortInfo;
import dev.tollgate.compiler.testing.TestInputs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceLoaderTest {

    @Test
    void documentsWithoutNamespaceLandInDefaultAndOthersInTheirOwn() {
        LoadResult result = TestInputs.load(
                """
                apiVersion: apigateway.tollgate.dev/v1alpha1
                kind: Integration
                metadata: {name: a}
                spec: {type: MOCK}
                ---
                apiVersion: apigateway.tollgate.dev/v1alpha1
                kind: Integration
                metadata: {name: b, namespace: team}
                spec: {type: MOCK}
                """);
        assertThat(result.findings()).isEmpty();
        assertThat(result.snapshots()).containsOnlyKeys("default", "team");
        assertThat(result.snapshots().get("team").integrations())
                .singleElement()
                .satisfies(i -> assertThat(i.getMetadata().getNamespace()).isEqualTo("team"));
    }

    @Test
    void servicesAndSecretsBecomeSnapshotInfoAndSecretValuesStayOutOfToString() {
        NamespaceSnapshot snapshot = TestInputs.load(
                        """
                        apiVersion: v1
                        kind: Service
                        metadata: {name: svc}
                        spec:
                          ports: [{name: http, port: 80}, {port: 9090}]
                        ---
                        apiVersion: v1
                        kind: Secret
                        metadata: {name: key}
                        type: Opaque
                        data: {value: c2VjcmV0LXZhbHVl}
                        """)
                .snapshots()
                .get("default");
        assertThat(snapshot.services())
                .containsExactly(new ServiceInfo(
                        "default",
                        "svc",
                        List.of(new ServicePortInfo("http", 80), new ServicePortInfo(null, 9090)),
                        true));
        SecretInfo secret = snapshot.secrets().get(0);
        assertThat(new String(secret.data().get("value"), StandardCharsets.UTF_8))
                .isEqualTo("secret-value");
        assertThat(secret.toString()).doesNotContain("secret-value").doesNotContain("c2VjcmV0LXZhbHVl");
    }

    @Test
    void aSecretKeepsItsLabelsSoAnAccessKeysSecretIsKnownByItsKeyId() {
        NamespaceSnapshot snapshot = TestInputs.load(
                        """
                        apiVersion: v1
                        kind: Secret
                        metadata:
                          name: ci-key
                          labels: {apigateway.tollgate.dev/access-key-id: AKIDCI, team: a}
                        stringData: {secretAccessKey: s, username: ci}
                        ---
                        apiVersion: v1
                        kind: Secret
                        metadata: {name: plain}
                        stringData: {value: v}
                        """)
                .snapshots()
                .get("default");
        assertThat(snapshot.secrets())
                .extracting(SecretInfo::name, SecretInfo::accessKeyId)
                .containsExactlyInAnyOrder(tuple("ci-key", "AKIDCI"), tuple("plain", null));
    }

    @Test
    void garbageNeverThrowsAndEveryBadDocumentIsReportedWithItsIndex() {
        LoadResult result = TestInputs.load(
                """
                ---
                just a string
                ---
                - a
                - list
                ---
                kind: RestApi
                ---
                apiVersion: apigateway.tollgate.dev/v1alpha1
                kind: RestApi
                metadata: {}
                ---
                apiVersion: apigateway.tollgate.dev/v1alpha1
                kind: RestApi
                metadata: {name: x}
                spec: {protocolType: 7}
                ---
                a: [b
                """);
        assertThat(result.findings()).allSatisfy(f -> assertThat(f.isError()).isTrue());
        // One finding per bad document, each naming its own document (0 to 5) and, for syntax and
        // type errors, the line and column in the file.
        assertThat(result.findings())
                .extracting(f -> f.message().substring(0, f.message().indexOf(':')))
                .containsExactly(
                        "test.yaml document 0",
                        "test.yaml document 1",
                        "test.yaml document 2",
                        "test.yaml document 3",
                        "test.yaml document 4 (line 16, column 22)",
                        "test.yaml document 5 (line 18, column 6)");
        assertThat(result.findings()).extracting(Finding::reason).containsOnly(Reason.PARSE_ERROR);
        assertThat(result.findings()).extracting(Finding::message).noneMatch(m -> m.contains("\n"));
    }

    @Test
    void scalarsOfTheWrongTypeAreRefusedNotCoerced() {
        LoadResult result = TestInputs.load(
                """
                apiVersion: apigateway.tollgate.dev/v1alpha1
                kind: Integration
                metadata: {name: a}
                spec: {type: HTTP, url: "http://x", timeoutMillis: "100"}
                """);
        assertThat(result.findings()).singleElement().satisfies(f -> assertThat(f.field())
                .isEqualTo("spec.timeoutMillis"));
    }

    @Test
    void duplicateKeysInOneDocumentAreAnError() {
        LoadResult result = TestInputs.load(
                """
                apiVersion: apigateway.tollgate.dev/v1alpha1
                kind: Integration
                metadata: {name: a}
                spec: {type: MOCK, type: HTTP}
                """);
        assertThat(result.findings()).singleElement().satisfies(f -> assertThat(f.reason())
                .isEqualTo(Reason.PARSE_ERROR));
    }
}
