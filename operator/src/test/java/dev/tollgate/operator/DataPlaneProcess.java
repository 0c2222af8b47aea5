package dev.tollgate.operator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A data plane (or echo backend) in its own JVM, from the data plane's runnable jar: the data plane
 * keeps its own Netty, as in a pod. The reactor builds the data plane before the operator.
 */
final class DataPlaneProcess implements AutoCloseable {
    private final Process process;
    final int port;
    final Path log;

    private DataPlaneProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static Path jar() {
        Path jar = CrdSetup.repoRoot().resolve("dataplane/target/tollgate-dataplane.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: build the data plane first (mvn -B -pl dataplane package)");
        }
        return jar;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DataPlaneProcess start(String name, Map<String, String> env, List<String> args, int port) {
        try {
            Path log = Files.createDirectories(Path.of("target", "processes")).resolve(name + ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m",
                    "-XX:TieredStopAtLevel=1",
                    "-jar",
                    jar().toString()));
            command.addAll(args);
            ProcessBuilder pb =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            return new DataPlaneProcess(pb.start(), port, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An echo backend on a free port. */
    static DataPlaneProcess echo(String name) {
        int port = freePort();
        return start(name, Map.of(), List.of("echo", "--port", String.valueOf(port)), port);
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
