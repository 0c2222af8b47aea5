package dev.tollgate.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.dataplane.runtime.ApiRef;
import dev.tollgate.dataplane.runtime.HostPort;
import dev.tollgate.ir.ServiceUpstreamConfig;
import dev.tollgate.ir.TrafficLimitsConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {

    private static int run(ByteArrayOutputStream err, String... args) throws Exception {
        return Main.run(args, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void noArgumentsPrintsUsageAndExits2() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(run(err)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage:");
    }

    @Test
    void importAndExportWithoutTheirRequiredOptionsPrintUsageAndExit2() throws Exception {
        for (String command : new String[] {"import", "export"}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertThat(run(err, command, "x")).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage:").contains(command + " needs");
        }
    }

    @Test
    void badLocalArgumentsPrintUsageAndExit2() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(run(err, "local", ".", "--port", "nope")).isEqualTo(2);
        assertThat(run(err, "local")).isEqualTo(2);
        assertThat(run(err, "local", ".", "--frobnicate", "1")).isEqualTo(2);
        assertThat(run(err, "local", ".", "--service", "nohost")).isEqualTo(2);
        assertThat(run(err, "frob")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage:");
    }

    @Test
    void limitFlagsSetTheClientTimeoutsAndConnectionLimits() {
        Main.LocalArgs args = Main.parseLocal(new String[] {
            "local", "cfg",
            "--header-timeout", "2s",
            "--body-idle-timeout", "1500ms",
            "--body-timeout", "2m",
            "--idle-timeout", "90s",
            "--tls-handshake-timeout", "3s",
            "--max-connections", "500",
            "--max-concurrent-streams", "20",
            "--body-budget", "64Mi",
            "--h2-ping-interval", "20s",
            "--h2-ping-timeout", "5s",
            "--h2-control-frames-per-second", "50",
            "--aggregate-bodies", "true"
        });
        assertThat(args.options().limits())
                .isEqualTo(new TrafficLimitsConfig(
                        2000L, 1500L, 120_000L, 90_000L, 3000L, 500, 20, 64L << 20, 20_000L, 5000L, 50));
        assertThat(args.options().aggregateBodies()).isTrue();
        assertThat(Main.parseLocal(new String[] {"local", "cfg"})
                        .options()
                        .limits()
                        .setsNothing())
                .isTrue();
    }

    @Test
    void telemetryFlagsNameTheCollectorsTracesUrlAndTheExecutionLogBound() {
        Main.LocalArgs args = Main.parseLocal(new String[] {
            "local", "cfg", "--otlp-endpoint", "http://collector:4318", "--execution-log-lines-per-second", "50"
        });
        assertThat(args.options().telemetry().otlpEndpoint()).isEqualTo("http://collector:4318/v1/traces");
        assertThat(args.options().telemetry().executionLogLinesPerSecond()).isEqualTo(50);
        assertThat(Main.parseLocal(new String[] {"local", "cfg", "--otlp-endpoint", "https://c.example/otlp/traces"})
                        .options()
                        .telemetry()
                        .otlpEndpoint())
                .isEqualTo("https://c.example/otlp/traces");
        assertThatThrownBy(() -> Main.parseLocal(new String[] {"local", "cfg", "--otlp-endpoint", "grpc://c:4317"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--otlp-endpoint");
    }

    @Test
    void servingRunsWithoutNettysLeakDetectorUnlessThePropertyNamesALevel() {
        assertThat(Main.leakDetectionOff(null)).isTrue();
        assertThat(Main.leakDetectionOff("paranoid")).isFalse();
        assertThat(Main.leakDetectionOff("simple")).isFalse();
    }

    @Test
    void devAccessLogIsOffUnlessTheFlagTurnsItOn() {
        assertThat(Main.parseLocal(new String[] {"local", "cfg"})
                        .options()
                        .telemetry()
                        .devAccessLog())
                .isFalse();
        assertThat(Main.parseLocal(new String[] {"local", "cfg", "--dev-access-log", "true"})
                        .options()
                        .telemetry()
                        .devAccessLog())
                .isTrue();
        assertThatThrownBy(() -> Main.parseLocal(new String[] {"local", "cfg", "--dev-access-log", "yes"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--dev-access-log");
    }

    @Test
    void badLimitFlagsAreRefusedNamingTheFlag() {
        assertThatThrownBy(() -> Main.parseLocal(new String[] {"local", "cfg", "--idle-timeout", "soon"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--idle-timeout");
        assertThatThrownBy(() -> Main.parseLocal(new String[] {"local", "cfg", "--max-connections", "0"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConnections");
        assertThatThrownBy(() -> Main.parseLocal(new String[] {"local", "cfg", "--body-budget", "1TB"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--body-budget");
    }

    @Test
    void localArgumentsSetPortsDefaultApiAndServices() {
        Main.LocalArgs args = Main.parseLocal(new String[] {
            "local",
            "cfg",
            "--port",
            "8081",
            "--admin-port",
            "9001",
            "--default-api",
            "petstore.shop",
            "--service",
            "pets=10.0.0.5:8080",
            "--event-loops",
            "3",
            "--drain-seconds",
            "4"
        });
        assertThat(args.options().port()).isEqualTo(8081);
        assertThat(args.options().adminPort()).isEqualTo(9001);
        assertThat(args.options().defaultApi()).isEqualTo(new ApiRef("petstore", "shop"));
        assertThat(args.options().eventLoops()).isEqualTo(3);
        assertThat(args.options().drain().getSeconds()).isEqualTo(4);
        assertThat(args.services()).containsEntry(new ApiRef("pets", "default"), new HostPort("10.0.0.5", 8080));
        assertThat(args.options().resolver().resolve(new ServiceUpstreamConfig("http", "default", "pets", 80)))
                .isEqualTo(new HostPort("10.0.0.5", 8080));
        assertThat(args.options().resolver().resolve(new ServiceUpstreamConfig("http", "shop", "other", 81)))
                .isEqualTo(new HostPort("other.shop.svc.cluster.local", 81));
    }

    @Test
    void localTakesTheControlPortAndCredentialsAndRefusesCredentialsWithoutAPort() {
        Main.LocalArgs none = Main.parseLocal(new String[] {"local", "cfg"});
        assertThat(none.controlPort()).isEqualTo(-1);
        assertThat(none.controlCredentials()).isNull();
        Main.LocalArgs args = Main.parseLocal(
                new String[] {"local", "cfg", "--control-port", "8090", "--control-credentials", "AKID:s3cret:shop"});
        assertThat(args.controlPort()).isEqualTo(8090);
        assertThat(args.controlCredentials()).isEqualTo("AKID:s3cret:shop");
        assertThatThrownBy(() -> Main.parseLocal(new String[] {"local", "cfg", "--control-credentials", "a:b"}))
                .hasMessageContaining("--control-port");
        assertThatThrownBy(() -> Main.parseLocal(
                        new String[] {"local", "cfg", "--control-port", "8090", "--control-credentials", "only-an-id"}))
                .hasMessageContaining("ID:SECRET");
    }

    @Test
    void missingValueIsRefused() {
        assertThatThrownBy(() -> Main.parseLocal(new String[] {"local", "cfg", "--port"}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void redisFlagSetsTheDefaultRedisAndRefusesCredentials() {
        assertThat(Main.parseLocal(new String[] {"local", "cfg", "--redis", "redis://127.0.0.1:6379"})
                        .options()
                        .redisUrl())
                .isEqualTo("redis://127.0.0.1:6379");
        assertThat(Main.parseLocal(new String[] {"local", "cfg"}).options().redisUrl())
                .isNull();
        assertThatThrownBy(() -> Main.parseLocal(new String[] {"local", "cfg", "--redis", "redis://u:p@host:6379"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Main.parseLocal(new String[] {"local", "cfg", "--redis", "http://host"}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
