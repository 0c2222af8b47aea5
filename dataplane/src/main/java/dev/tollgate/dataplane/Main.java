package dev.tollgate.dataplane;

import dev.tollgate.compiler.OtlpEndpoints;
import dev.tollgate.compiler.ServiceInfo;
import dev.tollgate.controlapi.LocalControlApi;
import dev.tollgate.controlapi.auth.LocalCredentials;
import dev.tollgate.controlapi.http.ControlApiServer;
import dev.tollgate.dataplane.echo.EchoServer;
import dev.tollgate.dataplane.local.FolderCompiler;
import dev.tollgate.dataplane.local.FolderDeploymentStore;
import dev.tollgate.dataplane.local.LocalMode;
import dev.tollgate.dataplane.local.TestInvokeCommand;
import dev.tollgate.dataplane.metering.UsageCommand;
import dev.tollgate.dataplane.openapi.ExportCommand;
import dev.tollgate.dataplane.openapi.ImportCommand;
import dev.tollgate.dataplane.release.DeploymentStore;
import dev.tollgate.dataplane.release.ReleaseArgs;
import dev.tollgate.dataplane.release.ReleaseCommands;
import dev.tollgate.dataplane.runtime.ApiRef;
import dev.tollgate.dataplane.runtime.HostPort;
import dev.tollgate.dataplane.runtime.ServiceResolver;
import dev.tollgate.dataplane.server.GatewayOptions;
import dev.tollgate.dataplane.server.TrafficLimitFlags;
import dev.tollgate.dataplane.source.kube.KubeDeploymentStore;
import dev.tollgate.dataplane.source.kube.ServeCommand;
import io.netty.util.ResourceLeakDetector;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The command line: {@code local <folder> [...]}, {@code echo [...]}, {@code serve}, {@code import},
 * {@code export}, {@code deploy}, {@code deployments}, {@code test-invoke} and {@code usage}.
 */
public final class Main {
    static final String USAGE = String.join(
            "\n",
            "usage: tollgate-dataplane local <folder> [--port 8080] [--admin-port 9000] [--bind 127.0.0.1]",
            "           [--default-api NAME[.NAMESPACE]] [--service NAME[.NAMESPACE]=HOST:PORT]...",
            "           [--event-loops N] [--drain-seconds 10] [--https-port 8443]",
            "           [--redis redis://HOST:PORT]",
            "           [--control-port PORT [--control-credentials ID:SECRET[:NAMESPACE]]]",
            "           " + TrafficLimitFlags.USAGE,
            "           [--aggregate-bodies false] [--otlp-endpoint http://HOST:4318]",
            "           [--execution-log-lines-per-second 1000] [--dev-access-log false]",
            "       tollgate-dataplane echo [--port 9001] [--bind 127.0.0.1]",
            "       " + ServeCommand.USAGE,
            ImportCommand.USAGE,
            ExportCommand.USAGE,
            ReleaseArgs.USAGE,
            TestInvokeCommand.USAGE,
            UsageCommand.USAGE,
            "       tollgate-dataplane " + CdsTraining.COMMAND
                    + "   (the package-time training run of bin/tollgate's archive)");

    private static final String NETTY_JFR = "io.netty.jfr.enabled";

    /** The system property naming Netty's buffer leak detection level. */
    static final String LEAK_DETECTION_PROPERTY = "io.netty.leakDetection.level";

    private Main() {}

    public static void main(String[] args) throws Exception {
        // Netty's JFR events (buffer allocations) are off unless asked for: probing for JFR loads
        // about a hundred classes at start. -Dio.netty.jfr.enabled=true turns them back on.
        if (System.getProperty(NETTY_JFR) == null) {
            System.setProperty(NETTY_JFR, "false");
        }
        if (leakDetectionOff(System.getProperty(LEAK_DETECTION_PROPERTY))) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        int code = run(args, System.err);
        // The training ends the JVM itself, so the class-data-sharing archive is written at once.
        if (code != 0 || (args.length > 0 && args[0].equals(CdsTraining.COMMAND))) {
            System.exit(code);
        }
    }

    /**
     * Whether the process runs without Netty's buffer leak detector: yes unless {@code
     * -Dio.netty.leakDetection.level} names a level (Netty then applies it). Netty's default level
     * touches every buffer passing a pipeline and tracks one in 128 with a stack trace, 2-3 % of a
     * proxied request's CPU samples (bench/README.md); the tests, which start servers without this
     * entry point, keep it.
     */
    static boolean leakDetectionOff(String configured) {
        return configured == null || configured.isBlank();
    }

    /** Runs the command; returns the exit code (blocks while serving). */
    static int run(String[] args, PrintStream err) throws Exception {
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        switch (args[0]) {
            case "local":
                return local(args, err);
            case "echo":
                return echo(args, err);
            case "serve":
                return ServeCommand.run(args, err);
            case "deploy":
            case "deployments":
                return release(args, System.out, err);
            case "test-invoke":
                return TestInvokeCommand.run(args, System.out, err);
            case "import":
                return ImportCommand.run(args, System.out, err);
            case "export":
                return ExportCommand.run(args, System.out, err);
            case "usage":
                return UsageCommand.run(args, System.out, err);
            case CdsTraining.COMMAND:
                return CdsTraining.run(args, err);
            default:
                err.println("unknown command " + args[0]);
                err.println(USAGE);
                return 2;
        }
    }

    /**
     * Parsed {@code local} arguments.
     *
     * @param folder the folder of YAML
     * @param options the gateway options
     * @param services the {@code --service} declarations
     * @param httpsPort the TLS listener's port for DomainNames with tls, or -1 for none
     * @param controlPort the control API's port (AWS API Gateway's REST API), or -1 for none
     * @param controlCredentials {@code ID:SECRET[:NAMESPACE]} for the control API, or null for test:test
     */
    public record LocalArgs(
            Path folder,
            GatewayOptions options,
            Map<ApiRef, HostPort> services,
            int httpsPort,
            int controlPort,
            String controlCredentials) {}

    /** Parses {@code local <folder> [options]}; a bad option throws {@link IllegalArgumentException}. */
    public static LocalArgs parseLocal(String[] args) {
        if (args.length < 2 || args[1].startsWith("--")) {
            throw new IllegalArgumentException("local needs a folder");
        }
        Path folder = Path.of(args[1]);
        GatewayOptions options = GatewayOptions.defaults();
        Map<ApiRef, HostPort> services = new LinkedHashMap<>();
        int port = options.port();
        int adminPort = options.adminPort();
        int httpsPort = -1;
        int controlPort = -1;
        String controlCredentials = null;
        for (int i = 2; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--port" -> port = port(value);
                case "--admin-port" -> adminPort = port(value);
                case "--https-port" -> httpsPort = port(value);
                case "--control-port" -> controlPort = port(value);
                case "--control-credentials" -> {
                    LocalCredentials.parse(value);
                    controlCredentials = value;
                }
                case "--bind" -> options = options.withBind(value);
                case "--default-api" -> options = options.withDefaultApi(ApiRef.parse(value));
                case "--event-loops" -> options = options.withEventLoops(positive(value, flag));
                case "--drain-seconds" -> options = options.withDrain(Duration.ofSeconds(positive(value, flag)));
                case "--aggregate-bodies" -> options = options.withAggregateBodies(bool(value, flag));
                case "--redis" -> {
                    if (!value.matches("rediss?://[^\\s@]+")) {
                        throw new IllegalArgumentException("--redis takes redis://HOST:PORT[/DB] (no credentials)");
                    }
                    options = options.withRedis(value);
                }
                case "--service" -> ServiceResolver.parseFlag(value, services);
                case "--otlp-endpoint" ->
                    options = options.withTelemetry(options.telemetry().withOtlpEndpoint(otlpTracesUrl(value)));
                case "--dev-access-log" ->
                    options = options.withTelemetry(options.telemetry().withDevAccessLog(bool(value, flag)));
                case "--execution-log-lines-per-second" ->
                    options = options.withTelemetry(
                            options.telemetry().withExecutionLogLinesPerSecond(positive(value, flag)));
                default -> {
                    if (!TrafficLimitFlags.accepts(flag)) {
                        throw new IllegalArgumentException("unknown option " + flag);
                    }
                    options = options.withLimits(TrafficLimitFlags.parse(options.limits(), flag, value));
                }
            }
        }
        options = options.withPorts(port, adminPort).withResolver(ServiceResolver.fromFlags(services));
        if (controlCredentials != null && controlPort < 0) {
            throw new IllegalArgumentException("--control-credentials needs --control-port");
        }
        return new LocalArgs(folder, options, services, httpsPort, controlPort, controlCredentials);
    }

    /** {@code --otlp-endpoint}: read by the same rule as the Gateway's {@code spec.tracing.endpoint}. */
    static String otlpTracesUrl(String value) {
        String url = OtlpEndpoints.tracesUrl(value);
        if (url == null) {
            throw new IllegalArgumentException("--otlp-endpoint takes http(s)://HOST:PORT[/PATH]: " + value);
        }
        return url;
    }

    private static int port(String value) {
        int p = positive(value, "port");
        if (p > 65535) {
            throw new IllegalArgumentException("port out of range: " + value);
        }
        return p;
    }

    private static boolean bool(String value, String what) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(what + " takes true or false: " + value);
        }
        return Boolean.parseBoolean(value);
    }

    private static int positive(String value, String what) {
        try {
            int v = Integer.parseInt(value);
            if (v < 1) {
                throw new IllegalArgumentException(what + " must be positive: " + value);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a number: " + value);
        }
    }

    private static int local(String[] args, PrintStream err) throws Exception {
        LocalArgs parsed;
        try {
            parsed = parseLocal(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (!Files.isDirectory(parsed.folder())) {
            err.println("not a folder: " + parsed.folder());
            return 2;
        }
        LocalMode mode = startLocal(parsed);
        ControlApiServer control;
        try {
            control = startControlApi(parsed, mode);
        } catch (IllegalArgumentException | IOException e) {
            mode.close();
            err.println("cannot start the control API: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (control != null) {
                                control.close();
                            }
                            mode.close();
                            stopped.countDown();
                        },
                        "tollgate-shutdown"));
        stopped.await();
        return 0;
    }

    /** Starts local mode as the {@code local} command does: the folder compiled, served and watched. */
    public static LocalMode startLocal(LocalArgs args) throws IOException {
        FolderCompiler compiler = new FolderCompiler(
                args.folder(), new ArrayList<>(args.services().keySet()));
        return LocalMode.start(args.folder(), compiler, args.options(), args.httpsPort());
    }

    /** {@code deploy} and {@code deployments}, on a folder or a cluster. */
    public static int release(String[] args, PrintStream out, PrintStream err) {
        ReleaseArgs.Target target;
        ReleaseArgs.DeployArgs deploy = null;
        ReleaseArgs.DeploymentsArgs list = null;
        try {
            if (args[0].equals("deploy")) {
                deploy = ReleaseArgs.deploy(args);
                target = deploy.target();
            } else {
                list = ReleaseArgs.deployments(args);
                target = list.target();
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(ReleaseArgs.USAGE);
            return 2;
        }
        if (target.folder() != null && !Files.isDirectory(target.folder())) {
            err.println("not a folder: " + target.folder());
            return 2;
        }
        try (DeploymentStore store = target.folder() != null
                ? new FolderDeploymentStore(target.folder(), target.namespace())
                : KubeDeploymentStore.connect(target.kubeconfig(), target.namespace())) {
            ReleaseCommands commands = new ReleaseCommands(store, out, err, Instant::now);
            if (deploy != null) {
                return commands.deploy(deploy.deploy());
            }
            if (list.delete() != null) {
                return commands.delete(list.restApi(), list.delete(), list.force());
            }
            if (list.keep() >= 0) {
                return commands.prune(list.restApi(), list.keep());
            }
            return commands.list(list.restApi());
        } catch (RuntimeException e) {
            err.println(args[0] + " failed: " + e.getMessage());
            return 1;
        }
    }

    /** The control API on local mode's folder, when {@code --control-port} is given; else null. */
    static ControlApiServer startControlApi(LocalArgs parsed, LocalMode mode) throws IOException {
        if (parsed.controlPort() < 0) {
            return null;
        }
        List<ServiceInfo> services = new ArrayList<>();
        parsed.services()
                .keySet()
                .forEach(ref -> services.add(new ServiceInfo(ref.namespace(), ref.name(), List.of(), false)));
        return LocalControlApi.start(
                parsed.folder(),
                parsed.options().bind(),
                parsed.controlPort(),
                parsed.controlCredentials(),
                services,
                mode.server().adminPort(),
                System.err);
    }

    private static int echo(String[] args, PrintStream err) throws InterruptedException {
        int port = 9001;
        String bind = "127.0.0.1";
        try {
            for (int i = 1; i < args.length; i++) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                switch (args[i]) {
                    case "--port" -> port = port(args[++i]);
                    case "--bind" -> bind = args[++i];
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        EchoServer server = EchoServer.start(bind, port);
        err.println("echo server on " + bind + ":" + server.port());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "tollgate-echo-shutdown"));
        new CountDownLatch(1).await();
        return 0;
    }
}
