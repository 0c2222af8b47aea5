package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.Folders;
import dev.tollgate.dataplane.testing.LocalGateway;
import dev.tollgate.dataplane.testing.RawHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local mode degrades per resource through real hot reloads, as DESIGN.md says: a file that cannot
 * be read serves as it last read, a method with errors is left out, and every other file's edits
 * still apply; only a folder that cannot be read as a whole keeps the last good config unchanged.
 */
class LocalModeDegradeIT {
    @TempDir
    Path folder;

    /** An API {@code name} with {@code /value} answering {@code {"v": value}} and {@code /other}. */
    private static String api(String name, String valueIntegration, int value) {
        return String.join(
                "\n",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: RestApi",
                "metadata: {name: " + name + "}",
                "spec:",
                "  resources:",
                "    - path: /value",
                "      methods:",
                "        - httpMethod: GET",
                "          integration:",
                "            integrationRef: " + valueIntegration,
                "            responses:",
                "              - statusCode: 200",
                "                responseTemplates:",
                "                  application/json: '{\"v\": " + value + "}'",
                "    - path: /other",
                "      methods:",
                "        - httpMethod: GET",
                "          integration:",
                "            integrationRef: mock-" + name,
                "            responses:",
                "              - statusCode: 200",
                "                responseTemplates: {application/json: '{\"other\": true}'}",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: Integration",
                "metadata: {name: mock-" + name + "}",
                "spec: {type: MOCK}",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: Stage",
                "metadata: {name: " + name + "-prod}",
                "spec: {restApiRef: " + name + ", stageName: prod}",
                "");
    }

    private static RawHttp.Response get(LocalGateway local, String api, String path) throws Exception {
        return local.get(api + ".default.execute-api.localhost", "/prod" + path);
    }

    private static void await(LocalGateway local, String api, String path, int status, String body) throws Exception {
        RawHttp.Response r = Await.value(
                () -> get(local, api, path),
                x -> x.status() == status && x.body().equals(body));
        assertThat(r.body()).isEqualTo(body);
    }

    private static double reloads(LocalGateway local, String result) {
        return local.server()
                .metrics()
                .registry()
                .counter("tollgate.config.reloads", "result", result)
                .count();
    }

    @Test
    void aBrokenFileServesAsItLastReadWhileOtherFilesEditsApply() throws Exception {
        Folders.write(folder, "a.yaml", api("a", "mock-a", 0));
        Folders.write(folder, "b.yaml", api("b", "mock-b", 0));
        try (LocalGateway local = LocalGateway.on(folder).start()) {
            await(local, "a", "/value", 200, "{\"v\": 0}");
            await(local, "b", "/value", 200, "{\"v\": 0}");

            Folders.write(folder, "a.yaml", api("a", "mock-a", 1).replace("kind: RestApi", "kind: RestApi\n  oops: ["));
            Folders.write(folder, "b.yaml", api("b", "mock-b", 1));
            await(local, "b", "/value", 200, "{\"v\": 1}");
            assertThat(get(local, "a", "/value").body()).isEqualTo("{\"v\": 0}");

            // An unknown field is a document that cannot be read too.
            Folders.write(
                    folder, "a.yaml", api("a", "mock-a", 2).replace("  resources:", "  resourcez: []\n  resources:"));
            Folders.write(folder, "b.yaml", api("b", "mock-b", 2));
            await(local, "b", "/value", 200, "{\"v\": 2}");
            assertThat(get(local, "a", "/value").body()).isEqualTo("{\"v\": 0}");

            Folders.write(folder, "a.yaml", api("a", "mock-a", 3));
            await(local, "a", "/value", 200, "{\"v\": 3}");
        }
    }

    @Test
    void aMethodWithErrorsIsLeftOutAndTheRestOfItsApiKeepsServing() throws Exception {
        Folders.write(folder, "a.yaml", api("a", "mock-a", 0));
        Folders.write(folder, "b.yaml", api("b", "mock-b", 0));
        try (LocalGateway local = LocalGateway.on(folder).start()) {
            await(local, "a", "/value", 200, "{\"v\": 0}");
            Folders.write(folder, "a.yaml", api("a", "no-such-integration", 1));
            await(local, "a", "/value", 403, "{\"message\":\"Missing Authentication Token\"}");
            assertThat(get(local, "a", "/other").body()).isEqualTo("{\"other\": true}");
            Folders.write(folder, "b.yaml", api("b", "mock-b", 1));
            await(local, "b", "/value", 200, "{\"v\": 1}");
            Folders.write(folder, "a.yaml", api("a", "mock-a", 2));
            await(local, "a", "/value", 200, "{\"v\": 2}");
            assertThat(reloads(local, "failure")).isZero();
        }
    }

    @Test
    void aFolderThatCannotBeReadKeepsTheLastGoodConfig() throws Exception {
        Folders.write(folder, "a.yaml", api("a", "mock-a", 0));
        try (LocalGateway local = LocalGateway.on(folder).start()) {
            await(local, "a", "/value", 200, "{\"v\": 0}");
            // Not UTF-8: the file cannot be read at all, so nothing new is served.
            Files.write(folder.resolve("broken.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 'a'});
            Folders.write(folder, "a.yaml", api("a", "mock-a", 1));
            assertThat(Await.value(() -> reloads(local, "failure"), c -> c >= 1))
                    .isGreaterThanOrEqualTo(1);
            assertThat(get(local, "a", "/value").body()).isEqualTo("{\"v\": 0}");
            Files.delete(folder.resolve("broken.yaml"));
            await(local, "a", "/value", 200, "{\"v\": 1}");
        }
    }
}
