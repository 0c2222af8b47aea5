package dev.tollgate.dataplane.upstream;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw-socket HTTP server for tests: each accepted connection runs a {@link Script} on its own
 * thread, so a test can answer, stall, close or reset exactly where it wants.
 */
final class ScriptedServer implements AutoCloseable {
    /** What to do with one accepted connection. */
    interface Script {
        void serve(Conn conn) throws IOException;
    }

    /** One request as read off the wire. */
    record Request(String requestLine, List<String> headers, byte[] body) {
        String method() {
            return requestLine.split(" ")[0];
        }
    }

    /** One accepted connection. */
    static final class Conn {
        final int index;
        final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Conn(int index, Socket socket) throws IOException {
            this.index = index;
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        /** The next request, or null when the client closed the connection first. */
        Request readRequest() throws IOException {
            String line = readLine();
            if (line == null) {
                return null;
            }
            List<String> headers = new java.util.ArrayList<>();
            int length = 0;
            String h;
            while ((h = readLine()) != null && !h.isEmpty()) {
                headers.add(h);
                if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(h.substring(h.indexOf(':') + 1).trim());
                }
            }
            byte[] body = in.readNBytes(length);
            return new Request(line, headers, body);
        }

        void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** Answers 200 with {@code body}, keeping the connection open. */
        void ok(String body) throws IOException {
            write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n\r\n"
                    + body);
        }

        /** Waits until the client closes the connection (or it breaks). */
        void awaitClientClose() throws IOException {
            try {
                while (in.read() >= 0) {
                    // discard
                }
            } catch (SocketException e) {
                // reset by the client: closed all the same
            }
        }

        /** Closes with a TCP RST instead of a FIN. */
        void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
                }
                line.write(b);
            }
            return null;
        }
    }

    private final ServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    private ScriptedServer(Script script) throws IOException {
        server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> acceptLoop(script), "scripted-server-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static ScriptedServer start(Script script) throws IOException {
        return new ScriptedServer(script);
    }

    int port() {
        return server.getLocalPort();
    }

    int connectionsAccepted() {
        return accepted.get();
    }

    /** Failures of the scripts themselves (not expected closes), for tests to assert empty. */
    List<Throwable> errors() {
        return errors;
    }

    private void acceptLoop(Script script) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                int index = accepted.getAndIncrement();
                Thread t = new Thread(() -> run(script, index, socket), "scripted-server-" + index);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void run(Script script, int index, Socket socket) {
        try (socket) {
            script.serve(new Conn(index, socket));
        } catch (SocketException e) {
            // the client went away: part of what these tests provoke
        } catch (IOException | RuntimeException e) {
            errors.add(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
