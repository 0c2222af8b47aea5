package dev.tollgate.dataplane.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} on a free port of 127.0.0.1, without persistence; it can be killed
 * and started again on the same port. Uses the installed binary, else the one the build fetched.
 */
public final class RedisServer implements AutoCloseable {
    private final int port;
    private final Path dir;
    private Process process;

    private RedisServer(int port) throws IOException {
        this.port = port;
        this.dir = Files.createTempDirectory("tollgate-redis");
    }

    /** Starts a server on a free port. */
    public static RedisServer start() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RedisServer server = new RedisServer(port);
        server.startAgain();
        return server;
    }

    /** Starts the server (again) on its port and waits until it answers PING. */
    public void startAgain() throws IOException {
        String binary = find();
        process = new ProcessBuilder(
                        binary,
                        "--port",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (ping()) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
            }
            sleep(20);
        }
        throw new IOException("redis-server did not answer PING on port " + port);
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
                System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux")
                        && (arch.equals("amd64") || arch.equals("x86_64"));
        try (InputStream in = RedisServer.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            if (!linuxAmd64 || in == null) {
                throw new IllegalStateException("redis-server is not installed and the bundled one (" + BUNDLED
                        + ") does not run on " + System.getProperty("os.name") + "/" + arch
                        + "; install redis-server");
            }
            Path binary = Files.createTempFile("tollgate-redis-server", "");
            Files.copy(in, binary, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            if (!binary.toFile().setExecutable(true, true)) {
                throw new IllegalStateException("cannot make " + binary + " executable");
            }
            binary.toFile().deleteOnExit();
            bundledPath = binary.toString();
            return bundledPath;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot unpack the bundled redis-server", e);
        }
    }

    /** Whether the server answers PING now. */
    public boolean ping() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(500);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[7];
            int n = in.read(buf);
            return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
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
