package dev.tollgate.dataplane.accesslog;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Log lines as RFC 5424 syslog messages (facility local0, severity informational, app name {@code
 * tollgate}, message id {@code access}): one datagram per line over UDP (a line is cut to fit one),
 * or octet-counted frames over TCP (RFC 6587), reconnecting on the next write after a failure.
 * Written from the {@link AccessLogWriter}'s thread only: its socket work never reaches an event
 * loop. A failed write throws, and the writer counts the batch as dropped.
 */
final class SyslogOutputStream extends OutputStream {
    /** local0.info */
    private static final int PRIORITY = 16 * 8 + 6;

    private static final int MAX_DATAGRAM = 65_000;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

    private final String host;
    private final int port;
    private final boolean tcp;
    private final String hostname;
    private final String msgId;
    private DatagramSocket udp;
    private Socket socket;
    private OutputStream stream;
    private InetSocketAddress address;

    /**
     * @param host the receiver's host
     * @param port its port
     * @param tcp TCP (else UDP)
     * @param msgId the messages' MSGID field ({@code access}, {@code execution})
     */
    SyslogOutputStream(String host, int port, boolean tcp, String msgId) {
        this.host = host;
        this.port = port;
        this.tcp = tcp;
        this.msgId = msgId;
        this.hostname = localHostname();
    }

    private static String localHostname() {
        String pod = System.getenv("HOSTNAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "-";
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    /** Sends each line of {@code bytes} (lines end with a newline) as one message. */
    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                send(bytes, start, i - start);
                start = i + 1;
            }
        }
        if (start < end) {
            send(bytes, start, end - start);
        }
    }

    private void send(byte[] line, int offset, int length) throws IOException {
        byte[] header = ("<" + PRIORITY + ">1 " + TIMESTAMP.format(Instant.now()) + " " + hostname + " tollgate - "
                        + msgId + " - ")
                .getBytes(StandardCharsets.US_ASCII);
        try {
            if (tcp) {
                sendTcp(header, line, offset, length);
            } else {
                sendUdp(header, line, offset, length);
            }
        } catch (IOException e) {
            disconnect();
            throw e;
        }
    }

    private void sendUdp(byte[] header, byte[] line, int offset, int length) throws IOException {
        if (udp == null) {
            udp = new DatagramSocket();
            address = new InetSocketAddress(host, port);
        }
        int body = Math.min(length, MAX_DATAGRAM - header.length);
        byte[] datagram = new byte[header.length + body];
        System.arraycopy(header, 0, datagram, 0, header.length);
        System.arraycopy(line, offset, datagram, header.length, body);
        udp.send(new DatagramPacket(datagram, datagram.length, address));
    }

    private void sendTcp(byte[] header, byte[] line, int offset, int length) throws IOException {
        if (stream == null) {
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            stream = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        }
        stream.write(Integer.toString(header.length + length).getBytes(StandardCharsets.US_ASCII));
        stream.write(' ');
        stream.write(header);
        stream.write(line, offset, length);
    }

    @Override
    public void flush() throws IOException {
        if (stream != null) {
            try {
                stream.flush();
            } catch (IOException e) {
                disconnect();
                throw e;
            }
        }
    }

    private void disconnect() {
        if (udp != null) {
            udp.close();
            udp = null;
        }
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing a broken connection: nothing more to do.
            }
            socket = null;
            stream = null;
        }
    }

    @Override
    public void close() {
        try {
            flush();
        } catch (IOException ignored) {
            // The last lines are lost with the connection; the writer counted them.
        }
        disconnect();
    }
}
