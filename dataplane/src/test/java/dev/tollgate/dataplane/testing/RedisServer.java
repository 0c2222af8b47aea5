package dev.tollgate.dataplane.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} process on 127.0.0.1, without persistence: a plain server, one with a
 * password ({@code requirepass}), with a TLS port, a Redis Cluster node, a replica, or a Sentinel.
 * It can be killed and started again on the same port. Uses the installed binary, else the one the
 * build fetched (embedded-redis' 6.2 binary, built with TLS). Every server keeps a plain port, which
 * {@link #call} administers it through.
 */
public final class RedisServer implements AutoCloseable {
    private final int port;
    private final Path dir;
    private final List<String> args;
    private final String adminPassword;
    private Process process;

    private RedisServer(int port, Path dir, List<String> args, String adminPassword) {
        this.port = port;
        this.dir = dir;
        this.args = List.copyOf(args);
        this.adminPassword = adminPassword;
    }

    /** Starts a server on a free port. */
    public static RedisServer start() throws IOException {
        return start(FreePorts.free(), null, List.of());
    }

    /** Starts a server whose default user needs {@code password}, with further {@code redis-server} options. */
    public static RedisServer startWithPassword(String password, String... options) throws IOException {
        List<String> extra = new ArrayList<>(List.of("--requirepass", password));
        extra.addAll(List.of(options));
        return start(FreePorts.free(), password, extra);
    }

    /**
     * Starts a server with a TLS port besides its plain one, presenting {@code certificate} (with
     * {@code key}) and trusting {@code ca} for client certificates, which it asks for only when
     * {@code requireClientCertificates}.
     */
    public static RedisServer startTls(
            int tlsPort, Path certificate, Path key, Path ca, boolean requireClientCertificates) throws IOException {
        return start(
                FreePorts.free(),
                null,
                List.of(
                        "--tls-port",
                        Integer.toString(tlsPort),
                        "--tls-cert-file",
                        certificate.toString(),
                        "--tls-key-file",
                        key.toString(),
                        "--tls-ca-cert-file",
                        ca.toString(),
                        "--tls-auth-clients",
                        requireClientCertificates ? "yes" : "no"));
    }

    /**
     * Starts a Redis Cluster node without slots; its cluster bus port (port + 10000) is free too.
     * The test assigns slots and introduces the nodes to one another.
     */
    public static RedisServer startClusterNode() throws IOException {
        return start(
                clusterPort(),
                null,
                List.of(
                        "--cluster-enabled",
                        "yes",
                        "--cluster-config-file",
                        "nodes.conf",
                        "--cluster-node-timeout",
                        "2000"));
    }

    /** Starts a replica of {@code master}. */
    public static RedisServer startReplicaOf(RedisServer master) throws IOException {
        return start(FreePorts.free(), null, List.of("--replicaof", "127.0.0.1", Integer.toString(master.port())));
    }

    /**
     * Starts a Sentinel monitoring {@code master} as {@code masterName}: it takes a master for down
     * after {@code downAfterMillis} without an answer and fails over with {@code quorum} sentinels
     * agreeing.
     */
    public static RedisServer startSentinel(String masterName, RedisServer master, int quorum, long downAfterMillis)
            throws IOException {
        int port = FreePorts.free();
        Path dir = Files.createTempDirectory("tollgate-sentinel");
        Path conf = dir.resolve("sentinel.conf");
        Files.writeString(
                conf,
                String.join(
                        "\n",
                        "port " + port,
                        "bind 127.0.0.1",
                        "dir " + dir,
                        "sentinel monitor " + masterName + " 127.0.0.1 " + master.port() + " " + quorum,
                        "sentinel down-after-milliseconds " + masterName + " " + downAfterMillis,
                        "sentinel failover-timeout " + masterName + " 10000",
                        "sentinel parallel-syncs " + masterName + " 1",
                        ""));
        RedisServer server = new RedisServer(port, dir, List.of(conf.toString(), "--sentinel"), null);
        server.startAgain();
        return server;
    }

    private static RedisServer start(int port, String adminPassword, List<String> extra) throws IOException {
        List<String> args = new ArrayList<>(
                List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"));
        args.addAll(extra);
        Path dir = Files.createTempDirectory("tollgate-redis");
        args.add("--dir");
        args.add(dir.toString());
        RedisServer server = new RedisServer(port, dir, args, adminPassword);
        server.startAgain();
        return server;
    }

    /** A free port whose cluster bus port (+10000) is free as well and below 65536. */
    private static int clusterPort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(20_000, 55_000);
            if (bindable(candidate) && bindable(candidate + 10_000)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free port pair for a cluster node");
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Starts the server (again) on its port and waits until it answers PING. */
    public void startAgain() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(find());
        command.addAll(args);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("redis.log").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (ping()) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException("redis-server exited: " + log());
            }
            sleep(20);
        }
        throw new IOException("redis-server did not answer PING on port " + port + ": " + log());
    }

    /** What the server logged so far. */
    public String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The jar resource of embedded-redis that holds a real redis-server for linux-amd64. */
    private static final String BUNDLED = "redis-server-6.2.6-v5-linux-amd64";

    private static String bundledPath;

    /**
     * The installed redis-server, else the real binary the build obtained from Maven Central
     * (embedded-redis' jar, test scope), copied once per JVM to a temp file and started as a process.
     */
    static synchronized String find() {
        for (String dir : List.of("/usr/bin", "/usr/local/bin", "/usr/sbin")) {
            File f = new File(dir, "redis-server");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        if (bundledPath != null) {
            return bundledPath;
        }
        String arch = System.getProperty("os.arch");
        boolean linuxAmd64 =
                System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                        && (arch.equals("amd64") || arch.equals("x86_64"));
        try (InputStream in = RedisServer.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            if (!linuxAmd64 || in == null) {
                throw new IllegalStateException("redis-server is not installed and the bundled one (" + BUNDLED
                        + ") does not run on " + System.getProperty("os.name") + "/" + arch
                        + "; install redis-server");
            }
            Path binary = Files.createTempFile("tollgate-redis-server", "");
            Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
            if (!binary.toFile().setExecutable(true, true)) {
                throw new IllegalStateException("cannot make " + binary + " executable");
            }
            binary.toFile().deleteOnExit();
            bundledPath = binary.toString();
            return bundledPath;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the bundled redis-server", e);
        }
    }

    /** Whether the server answers PING now (authenticated when it has a password). */
    public boolean ping() {
        try {
            return "PONG".equals(call("PING"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Sends one command on the plain port (after AUTH when the server has a password); see {@link Resp}. */
    public Object call(String... command) throws IOException {
        return Resp.call(port, adminPassword, command);
    }

    /**
     * A figure of INFO commandstats: {@code field} ({@code calls}, {@code failed_calls}) of the
     * command {@code name} (lower case) since the server started or CONFIG RESETSTAT; 0 when absent.
     */
    public long commandStat(String name, String field) throws IOException {
        String info = String.valueOf(call("INFO", "commandstats"));
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cmdstat_" + name + ":")) {
                for (String pair : line.substring(line.indexOf(':') + 1).split(",")) {
                    if (pair.startsWith(field + "=")) {
                        return Long.parseLong(pair.substring(field.length() + 1));
                    }
                }
            }
        }
        return 0;
    }

    /** Lua scripts the server ran (EVAL and EVALSHA calls that did not fail, e.g. with NOSCRIPT). */
    public long scriptRuns() throws IOException {
        return commandStat("eval", "calls")
                - commandStat("eval", "failed_calls")
                + commandStat("evalsha", "calls")
                - commandStat("evalsha", "failed_calls");
    }

    /** Kills the server (SIGKILL), as a crash would. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
        try {
            Folders.delete(dir);
        } catch (IOException e) {
            // Best effort: a temp dir.
        }
    }
}
