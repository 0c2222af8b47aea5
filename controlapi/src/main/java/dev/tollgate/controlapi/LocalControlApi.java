package dev.tollgate.controlapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.compiler.ServiceInfo;
import dev.tollgate.controlapi.auth.AccessPolicy;
import dev.tollgate.controlapi.auth.LocalCredentials;
import dev.tollgate.controlapi.http.AwsException;
import dev.tollgate.controlapi.http.ControlApiServer;
import dev.tollgate.controlapi.store.FolderStore;
import dev.tollgate.controlapi.v1.TestInvocations;
import dev.tollgate.controlapi.v1.UsageSource;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Local mode's control API: the folder store, one access key ({@code test:test} by default, only
 * on a loopback address), and usage read from the running gateway's admin port.
 */
public final class LocalControlApi {
    private LocalControlApi() {}

    /**
     * Starts the control API for a folder and prints its endpoint and credentials to {@code out}.
     *
     * @param credentials {@code ID:SECRET[:NAMESPACE]}, or null for the default {@code test:test}
     * @param services Services declared on the command line, so references to them validate
     * @param adminPort the gateway's admin port, for get-usage; 0 for none
     */
    public static ControlApiServer start(
            Path folder,
            String bind,
            int port,
            String credentials,
            List<ServiceInfo> services,
            int adminPort,
            PrintStream out)
            throws IOException {
        if (credentials == null && !loopback(bind)) {
            throw new IllegalArgumentException("the default control API credentials (" + LocalCredentials.DEFAULT
                    + ") are accepted only on a loopback address; give --control-credentials ID:SECRET to bind "
                    + bind);
        }
        LocalCredentials keys = LocalCredentials.parse(credentials == null ? LocalCredentials.DEFAULT : credentials);
        ControlApi.Settings settings = new ControlApi.Settings(
                new FolderStore(folder, services),
                keys,
                AccessPolicy.allowAll(),
                adminPort > 0 ? adminUsage(bindForClient(bind), adminPort) : UsageSource.none(),
                Clock.systemUTC(),
                adminPort > 0 ? adminTestInvoke(bindForClient(bind), adminPort) : TestInvocations.none());
        ControlApiServer server = ControlApi.start(bind, port, settings);
        out.println("control API (AWS API Gateway, SigV4) on http://" + bindForClient(bind) + ":" + server.port()
                + " writing into " + folder + " (namespace " + keys.namespace() + ")");
        if (credentials == null) {
            // Only the well-known default is printed; a secret given on the command line is not echoed.
            out.println("  AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test aws --endpoint-url http://"
                    + bindForClient(bind) + ":" + server.port() + " --region us-east-1 apigateway get-rest-apis");
        } else {
            out.println("  access key id " + keys.accessKeyId() + " (secret as given)");
        }
        return server;
    }

    private static String bindForClient(String bind) {
        return bind.equals("0.0.0.0") ? "127.0.0.1" : bind;
    }

    static boolean loopback(String bind) {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * Runs test invocations through the gateway's admin {@code POST /test-invoke}: the folder's
     * current definition of the API, run by the gateway itself.
     */
    static TestInvocations adminTestInvoke(String host, int adminPort) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        ObjectMapper json = new ObjectMapper();
        URI uri = URI.create("http://" + host + ":" + adminPort + "/test-invoke");
        return request -> {
            HttpResponse<String> r;
            try {
                r = client.send(
                        HttpRequest.newBuilder(uri)
                                // The integration's own timeout is at most 29 s.
                                .timeout(Duration.ofSeconds(35))
                                .POST(HttpRequest.BodyPublishers.ofString(request.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw AwsException.unavailable("the gateway's admin port did not answer: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw AwsException.unavailable("interrupted");
            }
            JsonNode body;
            try {
                body = json.readTree(r.body());
            } catch (IOException e) {
                throw AwsException.unavailable("the gateway's admin port answered no JSON");
            }
            return switch (r.statusCode()) {
                case 200 -> body;
                case 404 -> throw AwsException.notFound(body.path("message").asText());
                case 400 -> throw AwsException.badRequest(body.path("message").asText());
                default -> throw AwsException.unavailable(body.path("message").asText());
            };
        };
    }

    /** Reads the gateway's {@code /usage} report from its admin port. */
    static UsageSource adminUsage(String host, int adminPort) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        ObjectMapper json = new ObjectMapper();
        return (namespace, plan) -> {
            URI uri = URI.create("http://" + host + ":" + adminPort + "/usage?plan="
                    + URLEncoder.encode(plan, StandardCharsets.UTF_8) + "&namespace="
                    + URLEncoder.encode(namespace, StandardCharsets.UTF_8));
            try {
                HttpResponse<String> r = client.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(3))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    return Optional.empty();
                }
                JsonNode node = json.readTree(r.body());
                return Optional.of(node);
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        };
    }
}
