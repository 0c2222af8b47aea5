package dev.tollgate.dataplane.testing;

import dev.tollgate.dataplane.echo.EchoServer;
import dev.tollgate.dataplane.metrics.GatewayMetrics;
import dev.tollgate.dataplane.server.GatewayOptions;
import dev.tollgate.dataplane.server.GatewayServer;
import dev.tollgate.ir.GatewayConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a gateway on free ports of 127.0.0.1 (and an {@link EchoServer} backend) before the tests
 * and stops both after; registered on a static field it lives for the class, on an instance field
 * for each test.
 */
public final class GatewayExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private UnaryOperator<GatewayOptions> customizer = UnaryOperator.identity();
    private EchoServer echo;
    private GatewayServer gateway;
    private boolean perClass;

    /**
     * A gateway and its echo backend started now with adjusted options, for one test; closing it
     * stops both.
     */
    public static Standalone standalone(UnaryOperator<GatewayOptions> c) {
        GatewayExtension e = new GatewayExtension().options(c);
        e.start();
        return new Standalone(e);
    }

    /**
     * A gateway started outside JUnit's lifecycle.
     *
     * @param extension the started gateway, used as a registered one is
     */
    public record Standalone(GatewayExtension extension) implements AutoCloseable {
        @Override
        public void close() {
            extension.stop();
        }
    }

    /** Adjusts the options before the start. */
    public GatewayExtension options(UnaryOperator<GatewayOptions> c) {
        this.customizer = c;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    private void start() {
        echo = EchoServer.start("127.0.0.1", 0);
        GatewayOptions options = customizer.apply(
                GatewayOptions.defaults().withPorts(0, 0).withEventLoops(2).withDrain(Duration.ofSeconds(5)));
        gateway = GatewayServer.start(options, new GatewayMetrics());
    }

    private void stop() {
        if (gateway != null) {
            gateway.close();
            gateway = null;
        }
        if (echo != null) {
            echo.close();
            echo = null;
        }
    }

    /** Serves these configs. */
    public void serve(GatewayConfig... configs) {
        gateway.apply(List.of(configs));
    }

    public GatewayServer gateway() {
        return gateway;
    }

    public int port() {
        return gateway.port();
    }

    public int adminPort() {
        return gateway.adminPort();
    }

    /** The echo backend's port. */
    public int echoPort() {
        return echo.port();
    }

    /** Connections the echo backend has accepted since it started. */
    public int echoConnectionsAccepted() {
        return echo.connectionsAccepted();
    }

    /** {@code GET path} with that Host on a new connection. */
    public RawHttp.Response get(String host, String path) throws IOException {
        return RawHttp.get(port(), host, path);
    }

    /** Waits until the admin endpoint says ready (a config served, every fail-closed Redis reached). */
    public void awaitReady() throws InterruptedException {
        awaitReady(adminPort());
    }

    /** Waits until the admin endpoint on {@code adminPort} says ready. */
    public static void awaitReady(int adminPort) throws InterruptedException {
        Await.until("/readyz answers 200", () -> {
            try {
                return RawHttp.get(adminPort, "localhost", "/readyz").status() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** One raw request on a new connection. */
    public RawHttp.Response raw(String request) throws IOException {
        return RawHttp.exchange(port(), request);
    }
}
