package dev.tollgate.dataplane.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A raw-socket HTTP/1.1 client for tests: sends bytes exactly as given, parses one response. Over
 * a new connection to 127.0.0.1, or over a socket already open (a TLS one, say).
 */
public final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawHttp(int port) throws IOException {
        this(connect(port));
    }

    /** Over an open socket (closed with this client); a read timeout it has is kept. */
    public RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        if (socket.getSoTimeout() == 0) {
            socket.setSoTimeout(20_000);
        }
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * A response as received.
     *
     * @param status the status code
     * @param headers the headers by lower-case name
     * @param body the body as UTF-8
     * @param statusLine the status line as sent, e.g. {@code HTTP/1.1 200 OK}
     */
    public record Response(int status, Map<String, List<String>> headers, String body, String statusLine) {
        /** The first value of the (any case) header, or null. */
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : v.get(0);
        }
    }

    /** Sends one raw request over a new connection and reads the response. */
    public static Response exchange(int port, String raw) throws IOException {
        try (RawHttp http = new RawHttp(port)) {
            return http.send(raw);
        }
    }

    /**
     * {@code METHOD target} with the Host, extra header lines (each ending in CRLF) and a body
     * (Content-Length framed), over a new connection that closes after the response.
     */
    public static Response request(int port, String host, String method, String target, String headers, String body)
            throws IOException {
        return exchange(
                port,
                method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\n" + headers + "Content-Length: "
                        + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body);
    }

    /** {@code GET path} with the Host over a new connection. */
    public static Response get(int port, String host, String path) throws IOException {
        return exchange(port, "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    }

    /** The client's local port (to find the connection in the kernel's tables). */
    public int localPort() {
        return socket.getLocalPort();
    }

    /** Sends raw bytes and reads one response. */
    public Response send(String raw) throws IOException {
        write(raw.getBytes(StandardCharsets.ISO_8859_1));
        return read();
    }

    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one response (Content-Length framed; HEAD-style empty when asked). */
    public Response read() throws IOException {
        return read(false);
    }

    public Response read(boolean noBody) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String l;
        while ((l = line()) != null && !l.isEmpty()) {
            int colon = l.indexOf(':');
            headers.computeIfAbsent(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(l.substring(colon + 1).trim());
        }
        if (status == 100) {
            return new Response(status, headers, "", statusLine);
        }
        List<String> cl = headers.get("content-length");
        int length = cl == null || noBody ? 0 : Integer.parseInt(cl.get(0));
        byte[] body = in.readNBytes(length);
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8), statusLine);
    }

    private String line() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String s = buf.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            buf.write(b);
        }
        return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
    }

    /** Whether the server closed the connection (reads until EOF; false if data or a timeout). */
    public boolean closedByServer() throws IOException {
        socket.setSoTimeout(5000);
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // A reset after the response also means the server closed it.
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
