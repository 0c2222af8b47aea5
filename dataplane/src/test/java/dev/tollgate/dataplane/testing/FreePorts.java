package dev.tollgate.dataplane.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Ports of 127.0.0.1 that nothing listens on. Prefer binding port 0 where the code under test can
 * (the gateway, the echo server); this is for a command line that needs a number, and for a port
 * that refuses connections.
 */
public final class FreePorts {
    private FreePorts() {}

    /** A port that was free a moment ago: bound once and released. */
    public static int free() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** {@code n} distinct ports, all held until every one is chosen. */
    public static int[] free(int n) {
        ServerSocket[] sockets = new ServerSocket[n];
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free ports", e);
        } finally {
            for (ServerSocket s : sockets) {
                if (s != null) {
                    try {
                        s.close();
                    } catch (IOException e) {
                        // Closing a listener that accepted nothing.
                    }
                }
            }
        }
    }

    /** A port where a connection is refused (nothing listens there). */
    public static int refusing() {
        return free();
    }
}
