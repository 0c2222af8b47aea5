package dev.tollgate.dataplane;

import dev.tollgate.dataplane.echo.EchoServer;
import dev.tollgate.dataplane.local.LocalMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code cds-train}: what the class-data-sharing archive is made from. Run once at package time
 * under {@code -XX:ArchiveClassesAtExit}, it starts local mode as the {@code local} command does on a
 * small API carried in the jar ({@code cds-train.yaml}: a proxied method, a validated body, mapping
 * templates, a MOCK), with the echo backend behind it, on free ports of 127.0.0.1; sends each kind
 * of request once or twice, reads the admin endpoints, stops, and exits. The JVM then writes every
 * class it loaded into the archive, so a later start maps them instead of loading, verifying and
 * linking them one by one.
 *
 * <p>Every answer is checked: a training that did not serve what it should fails (exit 1), so a
 * broken start fails the build rather than producing an archive of the wrong path.
 */
public final class CdsTraining {
    /** The command's name. */
    public static final String COMMAND = "cds-train";

    static final String API = "cds-train.yaml";
    private static final int READ_LIMIT = 1 << 20;

    private CdsTraining() {}

    /** One request of the training and the status it must answer. */
    private record Call(boolean admin, String method, String path, String body, int status) {}

    private static final List<Call> CALLS = List.of(
            new Call(false, "GET", "/train/proxy/1", null, 200),
            new Call(false, "GET", "/train/proxy/2?q=a", null, 200),
            new Call(false, "POST", "/train/items", "{\"name\":\"a\"}", 200),
            new Call(false, "POST", "/train/items", "{}", 400),
            new Call(false, "GET", "/train/status", null, 200),
            new Call(false, "GET", "/train/none", null, 403),
            new Call(true, "GET", "/readyz", null, 200),
            new Call(true, "GET", "/metrics", null, 200));

    /** Runs the training; 0 when every answer was as expected. */
    public static int run(String[] args, PrintStream err) throws Exception {
        if (args.length != 1) {
            err.println("usage: tollgate-dataplane " + COMMAND);
            return 2;
        }
        Path folder = Files.createTempDirectory("tollgate-cds-train");
        try (InputStream api = CdsTraining.class.getResourceAsStream(API);
                EchoServer backend = EchoServer.start("127.0.0.1", 0)) {
            Files.write(folder.resolve(API), api.readAllBytes());
            Main.LocalArgs parsed = Main.parseLocal(new String[] {
                "local",
                folder.toString(),
                "--default-api",
                "train",
                "--service",
                "train-backend=127.0.0.1:" + backend.port()
            });
            Main.LocalArgs free = new Main.LocalArgs(
                    parsed.folder(),
                    parsed.options().withPorts(0, 0).withAccessLog(OutputStream.nullOutputStream()),
                    parsed.services(),
                    -1,
                    -1,
                    null);
            List<String> wrong = new ArrayList<>();
            try (LocalMode mode = Main.startLocal(free)) {
                for (Call call : CALLS) {
                    int port = call.admin()
                            ? mode.server().adminPort()
                            : mode.server().port();
                    int status = status(port, call);
                    if (status != call.status()) {
                        wrong.add(call.method() + " " + call.path() + " answered " + status + ", not " + call.status());
                    }
                }
            }
            if (!wrong.isEmpty()) {
                err.println("the training run was not served as expected: " + String.join("; ", wrong));
                return 1;
            }
            err.println("trained on " + CALLS.size() + " requests");
            return 0;
        } finally {
            deleteTree(folder);
        }
    }

    /** One HTTP/1.1 request on its own connection; the answer's status, or -1 when it has none. */
    private static int status(int port, Call call) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            byte[] body = call.body() == null ? new byte[0] : call.body().getBytes(StandardCharsets.UTF_8);
            String head = call.method() + " " + call.path() + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\n"
                    + "Connection: close\r\n"
                    + (call.body() == null
                            ? ""
                            : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n")
                    + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            int n;
            while (answer.size() < READ_LIMIT && (n = in.read(buffer)) > 0) {
                answer.write(buffer, 0, n);
            }
            String text = answer.toString(StandardCharsets.ISO_8859_1);
            String[] statusLine = text.split("\r\n", 2)[0].split(" ");
            if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
                return -1;
            }
            try {
                return Integer.parseInt(statusLine[1]);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
