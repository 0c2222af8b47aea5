package dev.tollgate.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A program in its own JVM, started from a jar the build made: the data plane (which keeps its own
 * Netty, as in a pod), its echo backend, or the packaged operator. Output goes to {@code
 * target/processes/<name>.log}. The reactor builds the data plane before the operator, and the
 * operator's own package phase runs before its integration tests.
 */
public final class JavaProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private JavaProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The data plane's runnable jar. */
    public static Path dataPlaneJar() {
        return built("dataplane/target/tollgate-dataplane.jar", "mvn -B -pl dataplane -am package");
    }

    /** The packaged operator, as its image runs it. */
    public static Path operatorJar() {
        return built("operator/target/quarkus-app/quarkus-run.jar", "mvn -B -pl operator -am package");
    }

    private static Path built(String relative, String command) {
        Path jar = Repo.path(relative);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (" + command + ")");
        }
        return jar;
    }

    /**
     * Starts {@code java -jar <jar> <args>} with {@code env} added to this JVM's environment.
     *
     * @param port the port the program serves on (0 when none), for {@link #port()}
     */
    public static JavaProcess start(
            String name, Path jar, List<String> jvmOptions, Map<String, String> env, List<String> args, int port) {
        try {
            Path log = Files.createDirectories(Path.of("target", "processes")).resolve(name + ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1"));
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", jar.toString()));
            command.addAll(args);
            ProcessBuilder pb =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            return new JavaProcess(pb.start(), port, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The data plane with these arguments. */
    public static JavaProcess dataPlane(String name, Map<String, String> env, List<String> args, int port) {
        return start(name, dataPlaneJar(), List.of("-Xmx128m"), env, args, port);
    }

    /** An echo backend on a free port. */
    public static JavaProcess echo(String name) {
        int port = Ports.free();
        return dataPlane(name, Map.of(), List.of("echo", "--port", String.valueOf(port)), port);
    }

    /** The port given at start. */
    public int port() {
        return port;
    }

    /** Where the output goes. */
    public Path log() {
        return log;
    }

    /** The operating system's process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the process still runs. */
    public boolean alive() {
        return process.isAlive();
    }

    /** Sends SIGTERM, as the kubelet does when a pod stops. */
    public void terminate() {
        process.destroy();
    }

    /** Waits up to {@code seconds} for the process to end; whether it did. */
    public boolean awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    /** The threads of the process now ({@code jcmd <pid> Thread.print}), to say where it hangs. */
    public String threadDump() {
        try {
            Process jcmd = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                    .toString(),
                            String.valueOf(process.pid()),
                            "Thread.print")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "(no thread dump: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(no thread dump: interrupted)";
        }
    }

    /** The last {@code lines} lines of the output, to say why something failed. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Ends the process: SIGTERM, then SIGKILL if it is still there after 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
