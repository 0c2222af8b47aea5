package dev.tollgate.dataplane.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A data plane replica in a JVM of its own: local mode on a folder, started from the test classpath
 * with {@code ProcessBuilder}, its WebSocket registry's heartbeat set (short in tests), its traffic
 * port read from its standard output. {@link #kill} ends it at once as a crash would (no drain, no
 * unregistering); {@link #close} lets it stop cleanly.
 */
public final class ReplicaProcess implements AutoCloseable {
    private static final String PORT_LINE = "tollgate-replica-port=";

    private final Process process;
    private final Path stderr;
    private final int port;

    private ReplicaProcess(Process process, Path stderr, int port) {
        this.process = process;
        this.stderr = stderr;
        this.port = port;
    }

    /**
     * Starts a replica serving {@code folder} with the {@code local} command's {@code flags} and a
     * WebSocket registry heartbeat of {@code heartbeat}; returns once it listens.
     */
    public static ReplicaProcess start(Path folder, Duration heartbeat, String... flags) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                ReplicaProcess.class.getName(),
                Long.toString(heartbeat.toMillis()),
                folder.toString()));
        command.addAll(List.of(flags));
        Path stderr = Files.createTempFile("replica", ".stderr");
        Process process =
                new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    // Reads every line (access logs too) so the replica never blocks on a full pipe.
                    try (BufferedReader out = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line = out.readLine(); line != null; line = out.readLine()) {
                            if (line.startsWith(PORT_LINE)) {
                                listening.complete(Integer.parseInt(line.substring(PORT_LINE.length())));
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        listening.completeExceptionally(e);
                    }
                    listening.completeExceptionally(new IllegalStateException("the replica ended"));
                },
                "replica-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ReplicaProcess(process, stderr, listening.get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("the replica did not start: " + Files.readString(stderr), e);
        }
    }

    /** The replica's traffic port. */
    public int port() {
        return port;
    }

    /** Ends the replica at once, as a crash would, and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    /** Stops the replica: closing its standard input asks it to close; it is killed if it does not. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            process.getOutputStream().close();
            if (!process.waitFor(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        Files.deleteIfExists(stderr);
    }

    /**
     * The replica's JVM: {@code HEARTBEAT_MILLIS FOLDER [FLAGS...]}; prints its traffic port, then
     * serves until its standard input closes.
     */
    public static void main(String[] args) throws Exception {
        Duration heartbeat = Duration.ofMillis(Long.parseLong(args[0]));
        String[] flags = List.of(args).subList(2, args.length).toArray(String[]::new);
        try (LocalGateway gateway =
                LocalGateway.on(Path.of(args[1])).flags(flags).start()) {
            gateway.server().webSockets().registry().heartbeat(heartbeat);
            System.out.println(PORT_LINE + gateway.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Served until the parent closes the pipe.
            }
        }
        System.exit(0);
    }
}
