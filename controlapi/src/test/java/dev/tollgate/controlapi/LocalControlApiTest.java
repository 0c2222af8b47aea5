package dev.tollgate.controlapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.controlapi.http.ControlApiServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalControlApiTest {
    @TempDir
    Path folder;

    @Test
    void theDefaultCredentialsAreRefusedOffLoopbackBeforeAnythingIsBound() {
        assertThatThrownBy(() -> LocalControlApi.start(folder, "0.0.0.0", 0, null, List.of(), 0, System.out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopback")
                .hasMessageContaining("--control-credentials");
    }

    @Test
    void theBannerPrintsTheEndpointAndDefaultCredentialsButNeverAGivenSecret() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ControlApiServer server = LocalControlApi.start(
                folder, "127.0.0.1", 0, null, List.of(), 0, new PrintStream(out, true, StandardCharsets.UTF_8))) {
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .contains("http://127.0.0.1:" + server.port())
                    .contains("AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test");
        }
        out.reset();
        try (ControlApiServer server = LocalControlApi.start(
                folder,
                "127.0.0.1",
                0,
                "AKIDLOCAL:very-secret-value:shop",
                List.of(),
                0,
                new PrintStream(out, true, StandardCharsets.UTF_8))) {
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .contains("AKIDLOCAL")
                    .contains("namespace shop")
                    .doesNotContain("very-secret-value");
        }
    }
}
