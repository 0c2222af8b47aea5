package dev.tollgate.dataplane.testing;

import dev.tollgate.dataplane.Main;
import dev.tollgate.dataplane.echo.EchoServer;
import dev.tollgate.dataplane.local.LocalMode;
import dev.tollgate.dataplane.server.GatewayServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Local mode started as the {@code local} command starts it (its flags parsed by {@link
 * Main#parseLocal}), on ports the system picks, with two event loops; optionally with an {@link
 * EchoServer} as a backend and with the TLS listener. Closing stops both.
 */
public final class LocalGateway implements AutoCloseable {
    private final LocalMode mode;
    private final EchoServer echo;
    private final boolean tls;

    private LocalGateway(LocalMode mode, EchoServer echo, boolean tls) {
        this.mode = mode;
        this.echo = echo;
        this.tls = tls;
    }

    /** A start-up of local mode on a folder. */
    public static Builder on(Path folder) {
        return new Builder(folder);
    }

    /** How local mode is started. */
    public static final class Builder {
        private final Path folder;
        private final List<String> flags = new ArrayList<>();
        private final List<String> echoServices = new ArrayList<>();
        private boolean tls;

        private Builder(Path folder) {
            this.folder = folder;
        }

        /** Further command-line flags, e.g. {@code --default-api petstore}. */
        public Builder flags(String... more) {
            flags.addAll(List.of(more));
            return this;
        }

        /** Starts an echo backend and maps each Service {@code NAME[.NAMESPACE]} to it. */
        public Builder echoAs(String... services) {
            echoServices.addAll(List.of(services));
            return this;
        }

        /** Opens the TLS listener for DomainNames with {@code tls} too. */
        public Builder withTls() {
            this.tls = true;
            return this;
        }

        public LocalGateway start() throws Exception {
            EchoServer echo = echoServices.isEmpty() ? null : EchoServer.start("127.0.0.1", 0);
            try {
                List<String> args = new ArrayList<>(List.of("local", folder.toString(), "--event-loops", "2"));
                for (String service : echoServices) {
                    args.add("--service");
                    args.add(service + "=127.0.0.1:" + echo.port());
                }
                args.addAll(flags);
                Main.LocalArgs parsed = Main.parseLocal(args.toArray(String[]::new));
                // Port 0 everywhere: the system picks, so parallel builds never collide.
                Main.LocalArgs free = new Main.LocalArgs(
                        parsed.folder(),
                        parsed.options().withPorts(0, 0),
                        parsed.services(),
                        tls ? 0 : -1,
                        parsed.controlPort(),
                        parsed.controlCredentials());
                return new LocalGateway(Main.startLocal(free), echo, tls);
            } catch (Exception | Error e) {
                if (echo != null) {
                    echo.close();
                }
                throw e;
            }
        }
    }

    public LocalMode mode() {
        return mode;
    }

    public GatewayServer server() {
        return mode.server();
    }

    /** The traffic port. */
    public int port() {
        return mode.server().port();
    }

    public int adminPort() {
        return mode.server().adminPort();
    }

    /** The TLS listener's port (the listener must have been asked for). */
    public int httpsPort() {
        if (!tls) {
            throw new IllegalStateException("started without the TLS listener");
        }
        // Already open: this returns its port.
        return mode.server().enableTls(0);
    }

    /** The echo backend's port (one must have been asked for). */
    public int echoPort() {
        return echo.port();
    }

    /** {@code GET path} with that Host on a new connection. */
    public RawHttp.Response get(String host, String path) throws Exception {
        return RawHttp.get(port(), host, path);
    }

    @Override
    public void close() {
        mode.close();
        if (echo != null) {
            echo.close();
        }
    }
}
