package dev.tollgate.controlapi;

import dev.tollgate.controlapi.auth.AccessPolicy;
import dev.tollgate.controlapi.auth.LocalCredentials;
import dev.tollgate.controlapi.http.ControlApiServer;
import dev.tollgate.controlapi.store.FolderStore;
import dev.tollgate.controlapi.v1.UsageSource;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;

/** A control API over a folder on a free loopback port, and AWS SDK clients pointed at it. */
public final class LocalControlApiFixture implements AutoCloseable {
    public final Path folder;
    public final ControlApiServer server;

    public LocalControlApiFixture(Path folder) throws IOException {
        this.folder = folder;
        this.server = ControlApi.start(
                "127.0.0.1",
                0,
                new ControlApi.Settings(
                        new FolderStore(folder, List.of()),
                        LocalCredentials.parse("test:test"),
                        AccessPolicy.allowAll(),
                        UsageSource.none(),
                        Clock.systemUTC()));
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** An SDK client signing with these credentials; no retries, so a refusal is seen once. */
    public ApiGatewayClient client(String accessKey, String secret) {
        return ApiGatewayClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
                .httpClient(ApacheHttpClient.create())
                .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none()))
                .build();
    }

    @Override
    public void close() {
        server.close();
    }
}
