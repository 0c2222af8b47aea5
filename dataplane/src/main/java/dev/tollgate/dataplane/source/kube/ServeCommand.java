package dev.tollgate.dataplane.source.kube;

import dev.tollgate.dataplane.metrics.GatewayMetrics;
import dev.tollgate.dataplane.runtime.HostPort;
import dev.tollgate.dataplane.runtime.ServiceResolver;
import dev.tollgate.dataplane.server.AdminAccess;
import dev.tollgate.dataplane.server.GatewayOptions;
import dev.tollgate.dataplane.server.GatewayServer;
import dev.tollgate.dataplane.server.TrafficLimitFlags;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/**
 * {@code serve}: the data plane in a pod. Names come from the environment ({@link
 * KubeSourceSettings}); the API server from the pod's service account (or a kubeconfig / {@code
 * KUBERNETES_MASTER} outside a pod). The admin port opens at once ({@code /readyz} 503); the traffic
 * ports open once the first config (the mounted copy, else the watched ConfigMap) is served. Options: {@code --port 8080 --admin-port 9000 --bind 0.0.0.0},
 * {@code --https-port 8443} for the TLS listener of DomainNames with {@code tls} (certificates from
 * the data plane's Secret, {@code TOLLGATE_SECRET}) and, for running outside a cluster, {@code --service NAME.NAMESPACE=HOST:PORT}.
 */
public final class ServeCommand {
    /** Usage line for Main's help. */
    public static final String USAGE = "tollgate-dataplane serve [--port 8080] [--admin-port 9000] [--bind 0.0.0.0]"
            + " [--https-port 8443] [--service NAME.NAMESPACE=HOST:PORT]...  (names from TOLLGATE_* env)\n           "
            + TrafficLimitFlags.USAGE;

    /**
     * The environment variable naming the Gateway's own Service, whose ready pods split the Lambda
     * functions' endpoints between the replicas.
     */
    public static final String GATEWAY_SERVICE_ENV = "TOLLGATE_SERVICE";

    private ServeCommand() {}

    /** Parses the options over the defaults of a pod (binds every interface). */
    public static GatewayOptions parse(String[] args) {
        GatewayOptions options = GatewayOptions.defaults().withBind("0.0.0.0");
        int port = options.port();
        int adminPort = options.adminPort();
        Map<String, HostPort> services = new TreeMap<>();
        for (int i = 1; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--port" -> port = port(value);
                case "--admin-port" -> adminPort = port(value);
                case "--bind" -> options = options.withBind(value);
                case "--https-port" -> port(value);
                case "--service" -> {
                    int eq = value.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--service takes NAME.NAMESPACE=HOST:PORT");
                    }
                    services.put(value.substring(0, eq), HostPort.parse(value.substring(eq + 1)));
                }
                default -> {
                    if (!TrafficLimitFlags.accepts(flag)) {
                        throw new IllegalArgumentException("unknown option " + flag);
                    }
                    options = options.withLimits(TrafficLimitFlags.parse(options.limits(), flag, value));
                }
            }
        }
        ServiceResolver resolver = services.isEmpty() ? ServiceResolver.clusterDns() : ServiceResolver.local(services);
        return options.withPorts(port, adminPort).withResolver(resolver);
    }

    /** The {@code --https-port} option, or -1 when the TLS listener is off (the default). */
    public static int httpsPort(String[] args) {
        int https = -1;
        for (int i = 1; i + 1 < args.length; i++) {
            if (args[i].equals("--https-port")) {
                https = port(args[i + 1]);
            }
            if (args[i].startsWith("--")) {
                i++;
            }
        }
        return https;
    }

    private static int port(String value) {
        try {
            int p = Integer.parseInt(value);
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("port out of range: " + value);
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port must be a number: " + value);
        }
    }

    /** Runs until the JVM stops; returns the exit code. */
    public static int run(String[] args, PrintStream err) throws InterruptedException {
        GatewayOptions options;
        KubeSourceSettings settings;
        int httpsPort;
        try {
            options = parse(args);
            httpsPort = httpsPort(args);
            settings = KubeSourceSettings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println("usage: " + USAGE);
            return 2;
        }
        GatewayServer server = GatewayServer.start(options, new GatewayMetrics());
        if (httpsPort >= 0) {
            server.enableTls(httpsPort);
        }
        // The pod network reaches probes and /metrics; state endpoints need loopback or the token.
        AdminTokenFile adminToken = AdminTokenFile.watch(
                Path.of(System.getenv().getOrDefault("TOLLGATE_ADMIN_TOKEN_FILE", AdminTokenFile.DEFAULT_PATH)));
        server.adminAccess(new AdminAccess(true, adminToken));
        KubernetesClient client = new KubernetesClientBuilder().build();
        // AWS_IAM routes review callers' tokens with the pod's own client; set before the first
        // config is applied so no route is built without it.
        String audience = System.getenv().getOrDefault("TOLLGATE_TOKEN_AUDIENCE", Fabric8Reviews.DEFAULT_AUDIENCE);
        Fabric8Reviews reviews =
                new Fabric8Reviews(client, audience.isBlank() ? Fabric8Reviews.DEFAULT_AUDIENCE : audience);
        server.authorizers().kubernetes(reviews);
        // Lambda functions follow their Services' ready endpoints from the first config on.
        EndpointSliceWatch endpoints = EndpointSliceWatch.start(
                client,
                server.functions(),
                settings.namespace(),
                settings.podName(),
                System.getenv(GATEWAY_SERVICE_ENV));
        KubeConfigSource source = KubeConfigSource.start(client, settings, server);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            source.close();
                            endpoints.close();
                            server.close();
                            reviews.close();
                            adminToken.close();
                            client.close();
                            stopped.countDown();
                        },
                        "tollgate-shutdown"));
        stopped.await();
        return 0;
    }
}
