package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.CompiledYaml;
import dev.tollgate.dataplane.testing.Folders;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Stage's {@code accessLog.destination}: a file, syslog over UDP and syslog over TCP, each
 * received for real (the file read back, a datagram socket and a TCP listener on 127.0.0.1 parsing
 * RFC 5424 messages and RFC 6587 octet-counted frames); a stage without one logs to the data
 * plane's output. A JSON format's values are escaped so every line parses.
 */
class AccessLogDestinationsIT {
    private static final String HOST = "shop.default.execute-api.localhost";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ByteArrayOutputStream STDOUT = new ByteArrayOutputStream();

    @RegisterExtension
    static final GatewayExtension GATEWAY = new GatewayExtension().options(o -> o.withAccessLog(STDOUT));

    private static Path folder;
    private static Path file;
    private static DatagramSocket udp;
    private static ServerSocket tcp;
    private static final List<String> UDP_MESSAGES = new CopyOnWriteArrayList<>();
    private static final List<String> TCP_MESSAGES = new CopyOnWriteArrayList<>();
    private static Thread udpReader;
    private static Thread tcpReader;
    private static volatile Socket accepted;

    @BeforeAll
    static void serve() throws Exception {
        folder = Files.createTempDirectory("tollgate-access-log-destinations");
        file = folder.resolve("nested").resolve("files.log");
        udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        tcp = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        udpReader = daemon(AccessLogDestinationsIT::readUdp, "syslog-udp-receiver");
        tcpReader = daemon(AccessLogDestinationsIT::readTcp, "syslog-tcp-receiver");
        String format = "{\"requestId\":\"$context.requestId\",\"agent\":\"$context.identity.userAgent\","
                + "\"status\":\"$context.status\",\"stage\":\"$context.stage\"}";
        StringBuilder yaml = new StringBuilder(String.join(
                "\n",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: RestApi",
                "metadata: {name: shop}",
                "spec:",
                "  resources:",
                "    - path: /items",
                "      methods:",
                "        - httpMethod: GET",
                "          integration: {integrationRef: backend}",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: Integration",
                "metadata: {name: backend}",
                "spec: {type: HTTP_PROXY, url: 'http://127.0.0.1:" + GATEWAY.echoPort() + "/items'}",
                ""));
        stage(yaml, "files", format, "file://" + file + "?maxSizeMb=1&maxFiles=2");
        stage(yaml, "udp", format, "syslog+udp://127.0.0.1:" + udp.getLocalPort());
        stage(yaml, "tcp", format, "syslog+tcp://127.0.0.1:" + tcp.getLocalPort());
        stage(yaml, "out", format, null);
        GATEWAY.serve(CompiledYaml.compile(yaml.toString()));
    }

    private static Thread daemon(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void stage(StringBuilder yaml, String name, String format, String destination) {
        yaml.append("---\n")
                .append("apiVersion: apigateway.tollgate.dev/v1alpha1\n")
                .append("kind: Stage\n")
                .append("metadata: {name: ")
                .append(name)
                .append("}\n")
                .append("spec:\n")
                .append("  restApiRef: shop\n")
                .append("  accessLog:\n")
                .append("    format: '")
                .append(format)
                .append("'\n");
        if (destination != null) {
            yaml.append("    destination: '").append(destination).append("'\n");
        }
    }

    private static void readUdp() {
        byte[] buffer = new byte[65_536];
        while (!udp.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
            } catch (IOException e) {
                return;
            }
            UDP_MESSAGES.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
        }
    }

    /** RFC 6587 octet counting: {@code LENGTH SP MESSAGE}, frame after frame. */
    private static void readTcp() {
        while (!tcp.isClosed()) {
            try (Socket s = tcp.accept();
                    DataInputStream in = new DataInputStream(s.getInputStream())) {
                accepted = s;
                while (true) {
                    int length = readLength(in);
                    if (length < 0) {
                        break;
                    }
                    byte[] message = new byte[length];
                    in.readFully(message);
                    TCP_MESSAGES.add(new String(message, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // The listener closed, or the gateway's connection went: accept the next one.
            }
        }
    }

    private static int readLength(InputStream in) throws IOException {
        int length = 0;
        int c;
        boolean any = false;
        while ((c = in.read()) != ' ') {
            if (c < 0) {
                return -1;
            }
            if (c < '0' || c > '9') {
                throw new IOException("not an octet count: " + (char) c);
            }
            length = length * 10 + (c - '0');
            any = true;
        }
        return any ? length : -1;
    }

    @AfterAll
    static void stop() throws Exception {
        udp.close();
        tcp.close();
        Socket open = accepted;
        if (open != null) {
            open.close();
        }
        udpReader.join(5_000);
        tcpReader.join(5_000);
        Folders.delete(folder);
    }

    private static String call(String stage, String agent) throws IOException {
        RawHttp.Response r = RawHttp.request(
                GATEWAY.port(), HOST, "GET", "/" + stage + "/items", "User-Agent: " + agent + "\r\n", "");
        assertThat(r.status()).isEqualTo(200);
        return r.header("x-amzn-RequestId");
    }

    private static JsonNode json(String line) throws IOException {
        return JSON.readTree(line);
    }

    @Test
    void aFileDestinationGetsTheStagesLinesAsValidJsonWhateverTheValues() throws Exception {
        String agent = "quote\" backslash\\ tab\t brace} <tag>";
        String id = call("files", agent);
        List<String> lines = Await.value(
                () -> Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.<String>of(),
                l -> l.stream().anyMatch(s -> s.contains(id)));
        String line = lines.stream().filter(s -> s.contains(id)).findFirst().orElseThrow();
        JsonNode parsed = json(line);
        assertThat(parsed.path("agent").asText()).isEqualTo(agent);
        assertThat(parsed.path("stage").asText()).isEqualTo("files");
        assertThat(STDOUT.toString(StandardCharsets.UTF_8)).doesNotContain(id);
    }

    @Test
    void aSyslogUdpDestinationGetsOneRfc5424MessagePerLine() throws Exception {
        String id = call("udp", "udp-client");
        String message = Await.value(
                        () -> UDP_MESSAGES.stream().filter(m -> m.contains(id)).findFirst(), o -> o.isPresent())
                .orElseThrow(() -> new AssertionError("no datagram for " + id + " in " + UDP_MESSAGES));
        assertThat(message)
                .matches(
                        "<134>1 \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z \\S+ tollgate - access - \\{.*\\}");
        assertThat(json(message.substring(message.indexOf('{')))
                        .path("requestId")
                        .asText())
                .isEqualTo(id);
    }

    @Test
    void aSyslogTcpDestinationGetsOctetCountedFrames() throws Exception {
        String first = call("tcp", "tcp-one");
        String second = call("tcp", "tcp-two");
        List<String> messages = Await.value(
                () -> List.copyOf(TCP_MESSAGES),
                l -> l.stream().anyMatch(m -> m.contains(first)) && l.stream().anyMatch(m -> m.contains(second)));
        for (String id : List.of(first, second)) {
            String message =
                    messages.stream().filter(m -> m.contains(id)).findFirst().orElseThrow();
            assertThat(message).startsWith("<134>1 ").contains(" tollgate - access - ");
            assertThat(json(message.substring(message.indexOf('{')))
                            .path("stage")
                            .asText())
                    .isEqualTo("tcp");
        }
    }

    @Test
    void aStageWithoutDestinationLogsToTheDataPlanesOutput() throws Exception {
        String id = call("out", "plain");
        String line = Await.value(
                        () -> STDOUT.toString(StandardCharsets.UTF_8)
                                .lines()
                                .filter(l -> l.contains(id))
                                .findFirst(),
                        o -> o.isPresent())
                .orElseThrow();
        assertThat(json(line).path("stage").asText()).isEqualTo("out");
    }
}
