package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.LocalGateway;
import dev.tollgate.dataplane.testing.RepoRoot;
import dev.tollgate.dataplane.testing.S3Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 sample ({@code config/samples/s3-proxy.yaml}) in local mode against a real S3-compatible
 * server (s3proxy, which checks every SigV4 signature): objects put, got (binary, 5 MB), listed and
 * deleted through the gateway; credentials the store refuses give the mapped error, and a corrected
 * Secret is picked up without a restart.
 */
class AwsServiceIntegrationsIT {
    private static final String ACCESS_KEY = "tollgate-demo";
    private static final String SECRET_KEY = "tollgate-demo-secret";

    @TempDir
    static Path store;

    @TempDir
    static Path folder;

    private static S3Server s3;
    private static LocalGateway local;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        s3 = S3Server.start(store, ACCESS_KEY, SECRET_KEY, "tollgate-demo");
        String sample = Files.readString(RepoRoot.samples().resolve("s3-proxy.yaml"));
        Files.writeString(folder.resolve("s3-proxy.yaml"), sample.replace("http://127.0.0.1:9100", s3.endpoint()));
        local = LocalGateway.on(folder).flags("--default-api", "s3-proxy").start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (local != null) {
            local.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + local.port() + "/prod" + path);
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> put(String key, byte[] body, String type) throws Exception {
        return send(HttpRequest.newBuilder(uri("/objects/" + key))
                .header("Content-Type", type)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aFiveMegabyteBinaryObjectPutThroughTheGatewayComesBackByteForByte() throws Exception {
        byte[] object = new byte[5 * 1024 * 1024];
        new Random(20).nextBytes(object);

        HttpResponse<byte[]> stored = put("big.bin", object, "application/octet-stream");
        assertThat(stored.statusCode()).as(text(stored)).isEqualTo(200);
        assertThat(text(stored)).isEqualTo("{\"stored\": \"big.bin\"}");
        assertThat(stored.headers().firstValue("ETag")).isPresent();
        // It is in the store itself, not only somewhere in the gateway.
        assertThat(Files.readAllBytes(store.resolve("tollgate-demo").resolve("big.bin")))
                .isEqualTo(object);

        HttpResponse<byte[]> got = send(HttpRequest.newBuilder(uri("/objects/big.bin")));
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(got.body()).isEqualTo(object);
    }

    @Test
    void listingTheBucketShowsTheStoredKeys() throws Exception {
        assertThat(put("listed.txt", "hello".getBytes(StandardCharsets.UTF_8), "text/plain")
                        .statusCode())
                .isEqualTo(200);

        HttpResponse<byte[]> list = send(HttpRequest.newBuilder(uri("/objects")));
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(text(list)).contains("<Name>tollgate-demo</Name>").contains("<Key>listed.txt</Key>");
    }

    @Test
    void aDeletedObjectIsGoneAndItsGetAnswersTheMapped404() throws Exception {
        assertThat(put("doomed.txt", "bye".getBytes(StandardCharsets.UTF_8), "text/plain")
                        .statusCode())
                .isEqualTo(200);

        HttpResponse<byte[]> deleted =
                send(HttpRequest.newBuilder(uri("/objects/doomed.txt")).DELETE());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(store.resolve("tollgate-demo").resolve("doomed.txt")).doesNotExist();

        HttpResponse<byte[]> missing = send(HttpRequest.newBuilder(uri("/objects/doomed.txt")));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(text(missing)).isEqualTo("{\"message\": \"No such object\"}");
    }

    @Test
    void credentialsTheStoreRefusesGiveTheMappedErrorAndAFixedSecretIsPickedUp() throws Exception {
        assertThat(put("kept.txt", "kept".getBytes(StandardCharsets.UTF_8), "text/plain")
                        .statusCode())
                .isEqualTo(200);
        Path sample = folder.resolve("s3-proxy.yaml");
        String good = Files.readString(sample);
        Files.writeString(sample, good.replace("secretAccessKey: " + SECRET_KEY, "secretAccessKey: not-the-key"));
        try {
            HttpResponse<byte[]> refused = Await.value(
                    () -> send(HttpRequest.newBuilder(uri("/objects/kept.txt"))), r -> r.statusCode() != 200);
            assertThat(refused.statusCode()).isEqualTo(502);
            assertThat(text(refused))
                    .isEqualTo("{\"message\": \"The object store refused the gateway's credentials\"}");
        } finally {
            Files.writeString(sample, good);
        }
        HttpResponse<byte[]> again =
                Await.value(() -> send(HttpRequest.newBuilder(uri("/objects/kept.txt"))), r -> r.statusCode() == 200);
        assertThat(text(again)).isEqualTo("kept");
    }
}
